/** The exec argv of a compose healthcheck `test`, with its secret references rendered. */
import { ComposeService, lacksShell, Template } from '../../compose';
import { Diagnostics, show } from '../../diagnostics';

/**
 * Exec argv of the healthcheck. A secret reference becomes the shell variable of the same name (the
 * container's env holds it): inside `CMD-SHELL` the shell expands it; a `CMD` check that uses one is
 * run through `sh -c` with every other word quoted, since an exec probe expands nothing.
 */
export function healthcheckArgv(test: readonly Template[] | undefined): string[] | undefined {
  if (!test) return undefined;
  if (needsShell(test)) {
    const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
    const words = test.map((t) => t.map((p) => (typeof p === 'string' ? (p === '' ? '' : quote(p)) : `"\${${p.secretVariable}}"`)).join('') || "''");
    return ['sh', '-c', words.join(' ')];
  }
  return test.map((t) => t.map((p) => (typeof p === 'string' ? p : `\${${p.secretVariable}}`)).join(''));
}

/** A `CMD` check that reads a secret: it is run through `sh -c`. */
function needsShell(test: readonly Template[]): boolean {
  return test.some((t) => t.some((p) => typeof p !== 'string')) && !(test.length === 3 && test[0].join('') === 'sh' && test[1].join('') === '-c');
}

/**
 * A `CMD` healthcheck that reads a secret runs through `sh -c` (the kubelet does not expand Secret
 * values in probes); on an image without a shell (scratch, distroless, or built from one) that probe
 * cannot run: a `probe-shell` attention item.
 */
export function checkProbeShell(s: ComposeService, image: string, d: Diagnostics): void {
  const test = s.healthcheck?.test;
  if (!test || !needsShell(test)) return;
  const base = s.build?.image?.baseImage;
  if (!lacksShell(image) && (base === undefined || !lacksShell(base))) return;
  d.warn(
    s.source.file,
    `services.${s.name}.healthcheck.test`,
    `the healthcheck reads a secret, so its probe runs through sh -c (the kubelet does not expand Secret values in probes), but the image ${show(base ?? image)} has no shell: the probe always fails; check without the secret (e.g. a TCP or HTTP check), or use an image with sh`,
    'probe-shell',
    s.name,
  );
}
