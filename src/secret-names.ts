/**
 * Which names and values are secret. Shared by the compose front end (which variables are never
 * resolved at synth time) and the model (which environment entries become `secretKeyRef`).
 *
 * The name rule is at least as broad as the secret-hygiene rules of kube-linter (`env-var-secret`),
 * Polaris (`sensitiveContainerEnvVar`) and our independent checker, so that nothing they would flag
 * is ever written as a literal.
 */

/** Words that make a name secret (case-insensitive, matched anywhere in the name). */
const SECRET_WORDS = /PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|CREDENTIAL|PRIVATE_?KEY|API_?KEY|ACCESS_?KEY|BEARER|CONNECTION_?STRING/i;

/** Endings that make a name secret: `ENCRYPTION_KEY`, `DB_PASS`, `APP_DBPASS`, `QUEUE_AUTH`, `SENTRY_DSN`, `KEY`. */
const SECRET_ENDINGS = /((^|_)(KEY|PASS|PWD|DSN|SALT|PEPPER|AUTH)|DBPASS)$/i;

/**
 * Endings that make a name configuration even when it contains a secret word: lifetimes, sizes
 * and file locations (`ACCESS_TOKEN_EXPIRE_MINUTES`, `SESSION_TOKEN_TTL`, `POSTGRES_PASSWORD_FILE`,
 * `SSH_KEY_PATH`).
 */
const CONFIG_ENDINGS =
  /(_EXPIRE|_EXPIRES|_EXPIRY|_EXPIRATION|_EXPIRE_(SECONDS|MINUTES|HOURS|DAYS)|_EXPIRES_IN|_TTL|_LIFETIME|_TIMEOUT|_FILE|_PATH|_DIR|_LENGTH|_ALGORITHM|_ALG)$/i;

/** True when an environment variable or interpolation variable name designates a secret. */
export function isSecretName(name: string): boolean {
  if (CONFIG_ENDINGS.test(name)) return false;
  return SECRET_WORDS.test(name) || SECRET_ENDINGS.test(name);
}

const DURATION = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h|d|w))+$/;
const NUMBER = /^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$/;
const BOOLEAN = /^(true|false|yes|no|on|off|y|n|enabled|disabled)$/i;

/** An absolute path (`/certs/tls.key`): where a secret is, never the secret. */
const ABSOLUTE_PATH = /^\/[^\s:]*$/;

/**
 * True when a literal value cannot be a secret whatever its name: empty, a number, a boolean,
 * a duration, an absolute path, or made only of Kubernetes `$(VAR)` references.
 */
export function isNonSecretValue(value: string): boolean {
  const v = value.trim();
  if (v === '') return true;
  // A number: 20 characters or more of digits is a key (a 64-digit hex key of zeros), not a number.
  if ((NUMBER.test(v) && v.length < 20) || BOOLEAN.test(v) || DURATION.test(v) || ABSOLUTE_PATH.test(v)) return true;
  return /^(\$\([A-Za-z_][A-Za-z0-9_]*\))+$/.test(v);
}

/** `scheme://user:password@host` with a non-empty password: credentials inside a URL. */
export function hasUrlCredentials(value: string): boolean {
  const m = /[a-z][a-z0-9+.-]*:\/\/([^/@\s:]*):([^/@\s]+)@/i.exec(value);
  return m !== null && m[2] !== '';
}
