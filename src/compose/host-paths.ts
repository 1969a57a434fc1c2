/** Host paths written in compose files: build contexts, env files, bind-mount sources. */
import * as os from 'os';
import * as path from 'path';

/**
 * A host path made absolute: `~` and `~/…` start at the home directory, relative paths at
 * `baseDir` (the project directory, or the directory of the file an extended service comes from).
 */
export function hostPath(p: string, baseDir: string): string {
  if (p === '~' || p.startsWith('~/')) return path.join(os.homedir(), p.slice(1));
  return path.resolve(baseDir, p);
}

const REMOTE_CONTEXT = /^([a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/)/i;

/** A build context that is a URL (`https://…`, `git@…`, `github.com/…`) rather than a folder. */
export function isRemoteContext(context: string): boolean {
  return REMOTE_CONTEXT.test(context);
}

/** Folders of the node itself (kernel interfaces, devices, its configuration and runtime state). */
export const SYSTEM_PATHS: readonly string[] = ['/proc', '/sys', '/dev', '/lib/modules', '/etc', '/run', '/var/run', '/var/lib/docker'];

/** Bind sources that set a container's time zone from the host's. */
export const TIME_ZONE_PATHS: readonly string[] = ['/etc/localtime', '/etc/timezone'];

/** What a bind-mount source outside the project is, as far as the host is concerned. */
export type HostPathKind =
  /** The Docker API socket (`/var/run/docker.sock`, `/run/docker.sock`, any `…/docker.sock`). */
  | { readonly kind: 'docker-socket' }
  /** `/etc/localtime`, `/etc/timezone`. */
  | { readonly kind: 'time-zone' }
  /** `/` or a path at or under one of {@link SYSTEM_PATHS}; `root` is the system path it is under. */
  | { readonly kind: 'system'; readonly root: string }
  | { readonly kind: 'other' };

function isAtOrUnder(p: string, root: string): boolean {
  return p === root || p.startsWith(`${root}/`);
}

/** Classifies an absolute host path (a bind source); symbolic links are not followed. */
export function classifyHostPath(absPath: string): HostPathKind {
  const p = absPath.length > 1 ? absPath.replace(/\/+$/, '') : absPath;
  if (path.posix.basename(p) === 'docker.sock') return { kind: 'docker-socket' };
  if (TIME_ZONE_PATHS.includes(p)) return { kind: 'time-zone' };
  if (p === '/') return { kind: 'system', root: '/' };
  const root = SYSTEM_PATHS.find((r) => isAtOrUnder(p, r));
  return root !== undefined ? { kind: 'system', root } : { kind: 'other' };
}
