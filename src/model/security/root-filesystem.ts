/**
 * Read-only or writable root filesystem. A read-only root is safer, but an app that writes outside
 * its volumes crash-loops on it, which is worse than a listed TODO: the root is read-only only where
 * the paths the image writes are known, and writable (with a warning that says how to harden it)
 * otherwise.
 *
 * Decided in this order: the service's `x-k8s.readOnlyRootFilesystem`; compose `read_only: true`;
 * the service's `x-k8s.writablePaths`; the top-level `x-k8s.readOnlyRootFilesystem`; an image
 * profile (read-only); else writable.
 */
import { ComposeService } from '../../compose';
import { Diagnostics } from '../../diagnostics';
import { ServiceX } from '../extensions';
import { ImageProfile } from '../images';
import { EnvVar } from '../types';
import { normalizeContainerPath } from '../container-paths';

/** Always writable on a read-only root: almost every program writes temporary files there. */
export const ALWAYS_WRITABLE = '/tmp';

export interface RootFilesystemPlan {
  readonly readOnly: boolean;
  /** Paths that get an emptyDir unless a mount covers them (empty for a writable root). */
  readonly writablePaths: readonly string[];
}

export function planRootFilesystem(
  s: ComposeService,
  x: ServiceX,
  projectDefault: boolean | undefined,
  profile: ImageProfile | undefined,
  d: Diagnostics,
): RootFilesystemPlan {
  const at = `services.${s.name}`;
  const readOnly = x.readOnlyRootFilesystem ?? (s.readOnly ? true : undefined) ?? (x.writablePaths !== undefined ? true : undefined) ?? projectDefault ?? (profile ? true : undefined);
  if (readOnly === false && x.readOnlyRootFilesystem === false) {
    d.warn(s.source.file, `${at}.x-k8s.readOnlyRootFilesystem`, 'the root filesystem is writable; prefer writablePaths for the folders the image writes');
  } else if (readOnly === false) {
    d.warn(
      s.source.file,
      at,
      'the root filesystem stays writable: the top-level x-k8s.readOnlyRootFilesystem is false; set x-k8s.writablePaths on the service (an emptyDir each) to harden it',
      'writable-root',
      s.name,
    );
  } else if (readOnly === undefined) {
    d.warn(
      s.source.file,
      at,
      `the image's write paths are unknown, so the root filesystem stays writable (a read-only root crashes an app that writes outside its volumes); to harden it, list the folders it writes in x-k8s.writablePaths (an emptyDir each; ${ALWAYS_WRITABLE} is always one) or set x-k8s.readOnlyRootFilesystem: true on the service, or at the top level for every service`,
      'writable-root',
      s.name,
    );
  }
  if (readOnly !== true) return { readOnly: false, writablePaths: [] };
  const paths = [ALWAYS_WRITABLE, ...(profile?.writablePaths ?? []), ...(profile?.dataPaths ?? []), ...(x.writablePaths ?? [])].map(normalizeContainerPath);
  return { readOnly: true, writablePaths: [...new Set(paths)] };
}

/**
 * A database or queue whose data path has no volume keeps its data in an emptyDir (as Docker keeps it
 * in an anonymous volume): say so, and how to keep it.
 */
export function warnEphemeralData(s: ComposeService, profile: ImageProfile | undefined, readOnly: boolean, d: Diagnostics, imageVolumes: readonly string[] = []): void {
  if (!profile || (profile.component !== 'database' && profile.component !== 'queue')) return;
  // A locked image's VOLUME is a claim already (storage/image-volumes.ts).
  const targets = [...[...s.volumes, ...s.tmpfs].map((m) => m.target), ...imageVolumes].map(normalizeContainerPath);
  for (const p of profile.dataPaths) {
    if (targets.some((m) => m === p || p.startsWith(`${m}/`) || m.startsWith(`${p}/`))) continue;
    d.warn(
      s.source.file,
      `services.${s.name}`,
      `no volume holds the data path ${p}: the data ${readOnly ? 'lives in an emptyDir and ' : ''}is lost when the pod is replaced; mount a named volume at ${p} to keep it`,
    );
  }
}

/**
 * Volumes mounted where the image refuses or ignores them (postgres 18+ at /var/lib/postgresql/data):
 * an error, or, where the profile knows how (`redirect`), the environment that points the image at
 * the volume, with a warning. Returns the env entries to add.
 */
export function checkRefusedMounts(s: ComposeService, profile: ImageProfile | undefined, d: Diagnostics): EnvVar[] {
  const env: EnvVar[] = [];
  for (const r of profile?.refusedMounts ?? []) {
    if (r.unlessEnv !== undefined && s.environment.some((e) => e.name === r.unlessEnv && e.value !== null)) continue;
    s.volumes.forEach((m, i) => {
      if ((m.type !== 'volume' && m.type !== 'bind') || normalizeContainerPath(m.target) !== r.path) return;
      const at = `services.${s.name}.volumes[${i}]`;
      if (!r.redirect) {
        d.error(s.source.file, at, `a volume at ${r.path} cannot work: ${r.why}; ${r.fix}`);
        return;
      }
      if (!env.some((e) => e.name === r.redirect!.name)) env.push({ name: r.redirect.name, value: r.redirect.value });
      d.warn(
        s.source.file,
        at,
        `a volume at ${r.path}: ${r.why}; on Kubernetes ${r.redirect.name} is set to ${r.redirect.value} so that the data lands on this volume; ${r.fix}`,
        undefined,
        s.name,
      );
    });
  }
  return env;
}
