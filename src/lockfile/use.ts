/**
 * How synth finds and checks the lock file (never the network): `--lock-file PATH`, else
 * cdk8s-compose.lock.json beside the first compose file; absent → no lock facts. With `--locked`
 * (CI, like `npm ci`) a missing lock file, an image of the project that the lock lacks, or an entry
 * for an image the project no longer uses is an error saying to run `cdk8s-compose lock`.
 */
import * as path from 'path';
import type { ComposeProject } from '../compose';
import { Diagnostics, UserError } from '../diagnostics';
import { LOCK_FILE_NAME, readLockFile, type LockFile } from './format';

export interface LockUseOptions {
  readonly cwd?: string;
  /** `--lock-file PATH`, relative to cwd. */
  readonly lockFile?: string;
  /** `--locked`. */
  readonly locked?: boolean;
}

/** The images `lock` resolves: every service's `image:` that is pulled, not built (no `build:`), sorted and unique. */
export function pulledImages(services: Readonly<Record<string, { readonly image?: string; readonly build?: unknown }>>): string[] {
  return [...new Set(Object.values(services).filter((s) => s.build === undefined && s.image !== undefined).map((s) => s.image!))].sort();
}

/** Where the lock file of a project is: `--lock-file` (relative to cwd), else beside the first compose file. */
export function lockFilePath(projectDir: string, cwd: string, lockFile: string | undefined): string {
  return lockFile !== undefined ? path.resolve(cwd, lockFile) : path.join(projectDir, LOCK_FILE_NAME);
}

/** Reads the project's lock file (errors into `d`); undefined when there is none. */
export function loadLock(project: ComposeProject, options: LockUseOptions, d: Diagnostics): LockFile | undefined {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const file = lockFilePath(project.workingDir, cwd, options.lockFile);
  const display = path.relative(cwd, file) || path.basename(file);
  let lock: LockFile | undefined;
  try {
    lock = readLockFile(file, display);
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    d.addAll(e.diagnostics);
    return undefined;
  }
  const again = 'run cdk8s-compose lock (with the same -f, --profile and --env-file options) and commit the lock file';
  if (lock === undefined) {
    if (options.locked) d.error(display, undefined, `--locked: there is no lock file; ${again}`);
    else if (options.lockFile !== undefined) d.error(display, undefined, `--lock-file: the file does not exist; run cdk8s-compose lock --lock-file ${options.lockFile}`);
    return undefined;
  }
  if (options.locked) {
    const used = new Set(pulledImages(project.services));
    for (const [name, s] of Object.entries(project.services).sort(([a], [b]) => a.localeCompare(b))) {
      if (s.build === undefined && s.image !== undefined && lock.images[s.image] === undefined) {
        d.error(s.source.file, `services.${name}.image`, `--locked: image ${JSON.stringify(s.image)} is not in ${display} (the lock is stale); ${again}`);
      }
    }
    const extra = Object.keys(lock.images).filter((i) => !used.has(i)).sort();
    if (extra.length > 0) d.error(display, undefined, `--locked: the lock holds images the compose files no longer use (${extra.map((i) => JSON.stringify(i)).join(', ')}); the lock is stale: ${again}`);
  }
  return lock;
}
