/**
 * The secret tests of src/secret-names.ts as the model asks them: once per entry of every service
 * in several passes (value identity, literal secrets, the environment). The answers are the same;
 * a name's answer is kept (names repeat across services: `DATABASE_URL`, `POSTGRES_PASSWORD`), and
 * a text without "://" is no URL with credentials, which needs no regular expression to tell.
 */
import { hasUrlCredentials, isSecretName } from '../../secret-names';

/** At most this many names' answers are kept (a bound on memory, far above a real project's names). */
const NAME_CACHE_SIZE = 10_000;
const secretNames = new Map<string, boolean>();

/** isSecretName, remembered by name. */
export function isSecretEnvName(name: string): boolean {
  let answer = secretNames.get(name);
  if (answer === undefined) {
    answer = isSecretName(name);
    if (secretNames.size < NAME_CACHE_SIZE) secretNames.set(name, answer);
  }
  return answer;
}

/** hasUrlCredentials, without its regular expression for a text that holds no "://". */
export function urlCredentials(text: string): boolean {
  return text.includes('://') && hasUrlCredentials(text);
}
