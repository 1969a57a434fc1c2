/**
 * Which interpolation variables are secret. A variable is secret when
 * - its name looks secret (`isSecretName`: `*_PASSWORD`, `*_TOKEN`, `*_KEY` …), or
 * - it is listed in `LoadOptions.secretVariables`, or in `x-k8s: { secretVariables: [...] }` at the
 *   top level of any compose file, or
 * - it is interpolated into the value of an environment entry whose key is secret
 *   (`DB_PASSWORD: ${PGPASS}` makes PGPASS secret), in a service's `environment` or `env_file`, or
 * - its value (from the environment or `.env`) carries credentials in a URL (`scheme://user:pass@host`).
 *
 * Secret variables are never resolved at synth time (see interpolate.ts).
 */
import { Diagnostics, show } from '../../diagnostics';
import { hasUrlCredentials, isNonSecretValue, isSecretName } from '../../secret-names';
import { parseEnvFile } from './envfile';
import { hostPath } from '../host-paths';
import type { SecretClassifier, VariableLookup } from './interpolate';
import { referencedVariables } from './interpolation-syntax';
import { readTextFile } from '../read';
import { entriesOf, getKey, indexPath, isMap, untag, type YamlMap, type YamlValue } from '../yaml-value';

export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export class SecretVariableRules implements SecretClassifier {
  private readonly used = new Set<string>();
  private readonly more: VariableLookup[] = [];
  /** Answers of isSecret by name (the lookups never change; an added one empties it). */
  private readonly judged = new Map<string, boolean>();

  constructor(
    private readonly declared: ReadonlySet<string>,
    private readonly variables: VariableLookup,
  ) {}

  /** A variable whose value (when it has one) is plainly not a secret (a path, a number …) stays plain under a secret name. */
  isSecret(name: string): boolean {
    let secret = this.judged.get(name);
    if (secret === undefined) {
      secret = this.judge(name);
      this.judged.set(name, secret);
    }
    return secret;
  }

  private judge(name: string): boolean {
    // The first value found, in the order of the lookups (the project's, then those added).
    let value = this.variables.get(name);
    for (let i = 0; value === undefined && i < this.more.length; i++) value = this.more[i].get(name);
    if (value !== undefined && isNonSecretValue(value)) return false;
    if (this.declared.has(name) || isSecretName(name) || hasUrlCredentials(this.variables.get(name) ?? '')) return true;
    return this.more.some((v) => hasUrlCredentials(v.get(name) ?? ''));
  }

  /** Variables of an included project: a value with credentials there makes the variable secret too. */
  addVariables(variables: VariableLookup): void {
    this.more.push(variables);
    this.judged.clear();
  }

  markUsed(name: string): void {
    this.used.add(name);
  }

  /** The declared secret variables and every secret variable referenced, sorted. */
  names(): string[] {
    return [...new Set([...this.declared, ...this.used])].sort();
  }
}

/** A raw (not yet interpolated) compose file, with the directory its relative paths start from. */
export interface RawComposeFile {
  readonly display: string;
  readonly tree: YamlMap;
  readonly baseDir: string;
}

/** The names listed in the file's top-level `x-k8s.secretVariables`, validated. */
function listedInFile(file: RawComposeFile, diags: Diagnostics): string[] {
  const xk8s = untag(getKey(file.tree, 'x-k8s') ?? null);
  if (!isMap(xk8s)) return [];
  const list = untag(getKey(xk8s, 'secretVariables') ?? null);
  if (list === null) return [];
  const at = 'x-k8s.secretVariables';
  if (!Array.isArray(list)) {
    diags.error(file.display, at, `invalid value ${show(list)}; expected a list of variable names`);
    return [];
  }
  const names: string[] = [];
  list.forEach((item, i) => {
    if (typeof item === 'string' && VARIABLE_NAME.test(item)) names.push(item);
    else diags.error(file.display, indexPath(at, i), `invalid variable name ${show(item)}; expected letters, digits and "_", not starting with a digit`);
  });
  return names;
}

/** `[key, raw value]` pairs of a raw `environment:` (mapping or `KEY=VALUE` list). */
function environmentPairs(environment: YamlValue): [string, string][] {
  const env = untag(environment);
  if (isMap(env)) {
    return entriesOf(env).flatMap(([k, v]) => {
      const value = untag(v);
      return typeof value === 'string' ? [[k, value] as [string, string]] : [];
    });
  }
  if (Array.isArray(env)) {
    return env.flatMap((item) => {
      const value = untag(item);
      if (typeof value !== 'string' || !value.includes('=')) return [];
      const eq = value.indexOf('=');
      return [[value.slice(0, eq), value.slice(eq + 1)] as [string, string]];
    });
  }
  return [];
}

/** The raw `env_file` paths of a service that need no interpolation. */
function literalEnvFilePaths(envFile: YamlValue): string[] {
  const value = untag(envFile);
  const items = Array.isArray(value) ? value : [value];
  return items.flatMap((item) => {
    const v = untag(item);
    const p = isMap(v) ? untag(getKey(v, 'path') ?? null) : v;
    return typeof p === 'string' && !p.includes('$') ? [p] : [];
  });
}

/** Variables interpolated into secret keys of the file's `environment` and `env_file` entries. */
function usedBySecretKeys(file: RawComposeFile, isSecretKey: (key: string) => boolean): string[] {
  const services = untag(getKey(file.tree, 'services') ?? null);
  if (!isMap(services)) return [];
  const names: string[] = [];
  // Problems in env files are reported when they are loaded; this scan only looks for names.
  const quiet = new Diagnostics();
  // Indexed loops: for-of makes an iterator result object per step until the code is optimized.
  const serviceNames = Object.keys(services);
  for (let s = 0; s < serviceNames.length; s++) {
    const svc = untag(services[serviceNames[s]]);
    if (!isMap(svc)) continue;
    const environment = untag(getKey(svc, 'environment') ?? null);
    if (isMap(environment)) {
      // A mapping (the usual form) is read in place: a value is read only under a secret key
      // (the same names in the same order as environmentPairs gives; isSecretKey has no effect).
      const keys = Object.keys(environment);
      for (let k = 0; k < keys.length; k++) {
        const key = keys[k];
        if (!isSecretKey(key)) continue;
        const raw = untag(environment[key]);
        if (typeof raw === 'string') names.push(...referencedVariables(raw));
      }
    } else {
      for (const [key, raw] of environmentPairs(environment)) {
        if (isSecretKey(key)) names.push(...referencedVariables(raw));
      }
    }
    for (const p of literalEnvFilePaths(getKey(svc, 'env_file') ?? null)) {
      const text = readTextFile(hostPath(p, file.baseDir), p, quiet);
      if (text === undefined) continue;
      for (const entry of parseEnvFile(text, p, quiet)) {
        if (entry.interpolate && entry.value !== null && isSecretKey(entry.key)) names.push(...referencedVariables(entry.value));
      }
    }
  }
  return names;
}

/**
 * The variables declared secret before interpolation: the explicit lists (options and
 * `x-k8s.secretVariables`) and the variables interpolated into secret environment keys.
 */
export function declaredSecretVariables(
  files: readonly RawComposeFile[],
  fromOptions: readonly string[],
  diags: Diagnostics,
): Set<string> {
  const explicit = new Set<string>(fromOptions);
  for (const file of files) for (const name of listedInFile(file, diags)) explicit.add(name);
  // Services repeat their environment keys: each is judged once.
  const judged = new Map<string, boolean>();
  const isSecretKey = (key: string): boolean => {
    let secret = judged.get(key);
    if (secret === undefined) {
      secret = isSecretName(key) || explicit.has(key);
      judged.set(key, secret);
    }
    return secret;
  };
  const declared = new Set(explicit);
  for (const file of files) for (const name of usedBySecretKeys(file, isSecretKey)) declared.add(name);
  return declared;
}
