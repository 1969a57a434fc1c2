/**
 * Storage identity (DESIGN "Compose semantics on Kubernetes" → "Storage"): a named volume is its
 * name; a bind is its resolved source path. One identity is one object (a claim, or one
 * ConfigMap/Secret for read-only files) whatever the number of services and mount paths, and two
 * identities never share one. The object's name derives from the identity alone, never from the
 * services that mount it or from the other sources of the project, so adding or removing a mount
 * elsewhere never renames anything:
 *
 * - a named volume keeps its name (`toDnsLabel`);
 * - a bind inside the project takes the slug of its project-relative path (`./uploads` → `uploads`,
 *   `./x/data` → `x-data`, the project folder itself → `project`);
 * - a bind outside the project takes `host-` and the slug of the path as written (`/srv/a/web` →
 *   `host-srv-a-web`, `~/minecraft` → `host-home-minecraft`, `../shared` → `host-up-shared`), so
 *   that no folder name of this machine lands in the output;
 * - past 63 characters the slug is shortened with a hash of the whole slug (`truncateName`).
 *
 * `x-k8s.mounts` pins any other name (the upgrade section of the README: keeping an old name).
 */
import * as path from 'path';
import { Diagnostics, show } from '../../diagnostics';
import { truncateName } from '../names';
import { isInside } from './project-path';

/** Lowercase `[a-z0-9-]`, runs of other characters as one `-`; a leading digit is kept (claims and ConfigMaps are DNS-1123 subdomains). */
function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/** The identity of a bind: its resolved source path. */
export function bindIdentity(source: string): string {
  return `bind:${path.resolve(source)}`;
}

/** The identity of a named volume: its compose name. */
export function volumeIdentity(name: string): string {
  return `volume:${name}`;
}

/**
 * The object name of a bind source: `projectDir` and `source` are absolute; `written` is the
 * source as the compose file writes it (used outside the project, so that the name is the same on
 * every machine).
 */
export function bindObjectName(projectDir: string, source: string, written: string): string {
  let s: string;
  if (isInside(source, projectDir)) {
    const rel = path.relative(projectDir, source).split(path.sep).join('/');
    s = rel === '' ? 'project' : slug(rel) || 'project';
  } else {
    const w = path.posix.normalize(written.replace(/\\/g, '/'));
    const named = w.startsWith('~') ? `home/${w.slice(1)}` : w.replace(/^(\.\.\/)+/, (m) => 'up/'.repeat(m.length / 3));
    s = `host-${slug(named) || 'root'}`;
  }
  return truncateName(s);
}

/**
 * Object names taken by storage identities across the project: a name two identities would share
 * is an error naming both and the fix (pin one with x-k8s.mounts), never a silent merge.
 */
export class StorageNames {
  private readonly owners = new Map<string, { identity: string; what: string }>();

  constructor(private readonly d: Diagnostics) {}

  /** Records that `identity` (described as `what`) uses `name`; reports a clash at `file`/`at`. */
  claim(name: string, identity: string, what: string, file: string | undefined, at: string | undefined): void {
    const prev = this.owners.get(name);
    if (prev === undefined) {
      this.owners.set(name, { identity, what });
      return;
    }
    if (prev.identity === identity) return;
    this.d.error(
      file,
      at,
      `${what} and ${prev.what} would both become the object ${show(name)} on Kubernetes, but they are different storage; pin another name for one of them with x-k8s: {mounts: {TARGET: {claim: OTHER-NAME}}} or rename the folder or volume`,
    );
  }
}
