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
