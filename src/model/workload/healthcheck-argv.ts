/** The exec argv of a compose healthcheck `test`, with its secret references rendered. */
import { Template } from '../../compose';

/**
 * Exec argv of the healthcheck. A secret reference becomes the shell variable of the same name (the
 * container's env holds it): inside `CMD-SHELL` the shell expands it; a `CMD` check that uses one is
 * run through `sh -c` with every other word quoted, since an exec probe expands nothing.
 */
export function healthcheckArgv(test: readonly Template[] | undefined): string[] | undefined {
  if (!test) return undefined;
  if (test.some((t) => t.some((p) => typeof p !== 'string')) && !(test.length === 3 && test[0].join('') === 'sh' && test[1].join('') === '-c')) {
    const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
    const words = test.map((t) => t.map((p) => (typeof p === 'string' ? (p === '' ? '' : quote(p)) : `"\${${p.secretVariable}}"`)).join('') || "''");
    return ['sh', '-c', words.join(' ')];
  }
  return test.map((t) => t.map((p) => (typeof p === 'string' ? p : `\${${p.secretVariable}}`)).join(''));
}
