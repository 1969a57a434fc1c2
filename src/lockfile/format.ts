/**
 * The lock file, `cdk8s-compose.lock.json`: per image reference of the project (as written in the
 * compose files), the digest it resolved to and the facts of its configuration for one platform.
 * Written by `cdk8s-compose lock` (src/lock, which needs the network), read by `synth` (never the
 * network). Deterministic: keys sorted, no timestamps, two-space indentation, a final newline.
 */
import * as fs from 'fs';
import { UserError } from '../diagnostics';

/** Default file name, beside the first compose file. */
export const LOCK_FILE_NAME = 'cdk8s-compose.lock.json';
export const LOCK_FILE_VERSION = 1;

/** The image's healthcheck as its configuration holds it (durations in nanoseconds). */
export interface LockedHealthcheck {
  readonly test: readonly string[];
  readonly interval?: number;
  readonly timeout?: number;
  readonly startPeriod?: number;
  readonly startInterval?: number;
  readonly retries?: number;
}

/** What the image's configuration says (config blob `config` object), for one platform. */
export interface ImageFacts {
  /** `User` as configured (`""` when unset: the image starts as root). */
  readonly user: string;
  /** The user as numbers, when the image names it (numeric, or resolved from its /etc/passwd). */
  readonly uid?: number;
  readonly gid?: number;
  /** How the name was resolved: layers opened and compressed bytes read. */
  readonly userLookup?: { readonly layersRead: number; readonly bytesRead: number };
  /** `ExposedPorts` keys, e.g. `8080/tcp`, sorted. */
  readonly exposedPorts: readonly string[];
  /** `Volumes` keys, sorted. */
  readonly volumes: readonly string[];
  readonly workingDir?: string;
  /** `Env` as `NAME=value` entries, in the image's order. */
  readonly env: readonly string[];
  readonly entrypoint?: readonly string[];
  readonly cmd?: readonly string[];
  readonly healthcheck?: LockedHealthcheck;
  readonly labels: Readonly<Record<string, string>>;
}

export interface LockEntry {
  /** The canonical name and tag/digest the reference resolved through (`docker.io/library/postgres:16`). */
  readonly resolved: string;
  /** What the tag points at: an index (multi-platform) or a manifest. `--pin-digests` writes this one. */
  readonly digest: string;
  /** The platform the facts are for (`linux/amd64`). */
  readonly platform: string;
  /** The platform's manifest and config digests. */
  readonly manifest: string;
  readonly config: string;
  readonly facts: ImageFacts;
}

export interface LockFile {
  readonly lockfileVersion: number;
  /** Image reference as written in the compose files → entry. */
  readonly images: Readonly<Record<string, LockEntry>>;
}

/** JSON with every object's keys sorted, arrays in order. */
export function sortedJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])]));
    return v;
  };
  return `${JSON.stringify(sort(value), null, 2)}\n`;
}

export function serializeLock(lock: LockFile): string {
  return sortedJson(lock);
}

function isEntry(v: unknown): v is LockEntry {
  const e = v as LockEntry;
  return (
    typeof e === 'object' && e !== null && typeof e.digest === 'string' && typeof e.platform === 'string' && typeof e.manifest === 'string' &&
    typeof e.facts === 'object' && e.facts !== null && typeof e.facts.user === 'string' && Array.isArray(e.facts.exposedPorts) && Array.isArray(e.facts.volumes) && Array.isArray(e.facts.env)
  );
}

/**
 * Reads the lock file at `file` (`display` names it in errors); undefined when it does not exist.
 * A file that is not a lock of this version is an error saying to run `cdk8s-compose lock` again.
 */
export function readLockFile(file: string, display: string): LockFile | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UserError(`${display}: cannot read the lock file: ${(e as Error).message}`);
  }
  const again = 'run cdk8s-compose lock to write it again';
  let json: Partial<LockFile>;
  try {
    json = JSON.parse(text) as Partial<LockFile>;
  } catch (e) {
    throw new UserError(`${display}: not valid JSON (${(e as Error).message}); ${again}`);
  }
  if (json.lockfileVersion !== LOCK_FILE_VERSION) throw new UserError(`${display}: lockfileVersion ${JSON.stringify(json.lockfileVersion)}; expected ${LOCK_FILE_VERSION}; ${again}`);
  if (typeof json.images !== 'object' || json.images === null) throw new UserError(`${display}: images: expected an object of image references; ${again}`);
  const bad = Object.entries(json.images).filter(([, e]) => !isEntry(e)).map(([k]) => k);
  if (bad.length > 0) throw new UserError(`${display}: images.${bad[0]}: not a lock entry (digest, platform, manifest, facts); ${again}`);
  return json as LockFile;
}
