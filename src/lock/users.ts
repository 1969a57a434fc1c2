/**
 * A user given by name (`USER node`, `USER app:app`) turned into numbers the way the runtime does:
 * `/etc/passwd` and `/etc/group` of the image's file system. Layers are read newest first (the
 * `useradd` usually sits in a recent layer), streamed through gunzip and a tar reader, and the
 * walk stops at the first layer that holds the files; whiteouts (`.wh.passwd`, an opaque `etc`)
 * end the search for a deleted file.
 */
import { createGunzip } from 'zlib';
import type { Readable } from 'stream';
import { RegistryError, type RegistryClient } from './registry';
import type { ImageReference } from './reference';
import { readTar } from './tar';

export interface Layer {
  readonly digest: string;
  readonly mediaType: string;
}

export interface UserLookup {
  readonly uid: number;
  readonly gid?: number;
  /** Layers opened and compressed bytes read to find the names. */
  readonly layersRead: number;
  readonly bytesRead: number;
}

const NUMERIC = /^\d+$/;

/** A user or group part as a number: digits, or `root` (0 in every image); else undefined (a name). */
export function numericId(part: string): number | undefined {
  return NUMERIC.test(part) ? Number(part) : part === 'root' ? 0 : undefined;
}

/** `user[:group]` split; numbers where given as numbers. */
export function splitUser(user: string): { user: string; group?: string } {
  const i = user.indexOf(':');
  return i < 0 ? { user } : { user: user.slice(0, i), group: user.slice(i + 1) };
}

/** Whether resolving `user` needs the image's files (a name anywhere). */
export function needsFiles(user: string): boolean {
  const { user: u, group } = splitUser(user);
  return u !== '' && (numericId(u) === undefined || (group !== undefined && group !== '' && numericId(group) === undefined));
}

/** `name:x:uid:gid:…` lines → name → [uid, gid]; `/etc/group` lines → name → gid. */
export function parseColonFile(text: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line.includes(':')) continue;
    const f = line.split(':');
    if (!out.has(f[0])) out.set(f[0], [Number(f[2]), Number(f[3])]);
  }
  return out;
}

type Found = Buffer | 'deleted';

function layerStream(layer: Layer, raw: Readable, what: string): Readable {
  const t = layer.mediaType;
  if (/zstd/.test(t)) throw new RegistryError(`${what}: layer ${layer.digest} is zstd-compressed, which Node 20 cannot read; set user: with numbers in the compose file (e.g. user: "1000:1000")`);
  if (/gzip/.test(t)) {
    const gunzip = createGunzip();
    raw.on('error', (e) => gunzip.destroy(e));
    return raw.pipe(gunzip);
  }
  if (/tar$/.test(t)) return raw;
  throw new RegistryError(`${what}: layer ${layer.digest} has the media type ${t}, which is not a tar layer`);
}

/** Reads `/etc/passwd` and `/etc/group` from `layers` (oldest first, as in a manifest) and resolves `user`. */
export async function resolveNamedUser(client: RegistryClient, ref: ImageReference, layers: readonly Layer[], user: string, what: string): Promise<UserLookup> {
  const files = new Map<string, Found>();
  let layersRead = 0;
  let bytesRead = 0;
  const { user: u, group } = splitUser(user);
  const needGroup = group !== undefined && group !== '' && numericId(group) === undefined;
  const done = () => files.has('etc/passwd') && (!needGroup || files.has('etc/group'));
  for (const layer of [...layers].reverse()) {
    if (done()) break;
    layersRead++;
    const raw = await client.blobStream(ref, layer.digest, `${what}: layer ${layer.digest}`);
    const here = new Map<string, Found>();
    let opaque = false;
    try {
      await readTar(
        layerStream(layer, raw, what),
        (name) => name === 'etc/passwd' || name === 'etc/group',
        (e) => {
          if (e.name === 'etc/.wh.passwd') here.set('etc/passwd', 'deleted');
          else if (e.name === 'etc/.wh.group') here.set('etc/group', 'deleted');
          else if (e.name === 'etc/.wh..wh..opq' || e.name === '.wh.etc') opaque = true;
          else if ((e.name === 'etc/passwd' || e.name === 'etc/group') && e.body) here.set(e.name, e.body);
        },
      );
    } catch (e) {
      if (e instanceof RegistryError) throw e;
      throw new RegistryError(`${what}: layer ${layer.digest} cannot be read (${(e as Error).message}); set user: with numbers in the compose file`);
    } finally {
      bytesRead += raw.bytes;
    }
    for (const [k, v] of here) if (!files.has(k)) files.set(k, v);
    if (opaque) for (const k of ['etc/passwd', 'etc/group']) if (!files.has(k)) files.set(k, 'deleted');
  }
  const text = (k: string) => {
    const f = files.get(k);
    return f === undefined || f === 'deleted' ? undefined : f.toString('utf8');
  };
  const passwd = text('etc/passwd');
  const users = parseColonFile(passwd ?? '');
  const groups = parseColonFile(text('etc/group') ?? '');
  let uid: number;
  let gid: number | undefined;
  if (numericId(u) !== undefined) uid = numericId(u)!;
  else {
    const entry = users.get(u);
    if (entry === undefined) throw new RegistryError(`${what}: the image's user "${u}" is not in its /etc/passwd${passwd === undefined ? ' (the image has none)' : ''}; set user: with numbers in the compose file`);
    [uid, gid] = entry;
  }
  if (group !== undefined && group !== '') {
    if (numericId(group) !== undefined) gid = numericId(group)!;
    else {
      const g = groups.get(group);
      if (g === undefined) throw new RegistryError(`${what}: the image's group "${group}" is not in its /etc/group; set user: with numbers in the compose file`);
      gid = g[0];
    }
  }
  return { uid, ...(gid !== undefined && !Number.isNaN(gid) ? { gid } : {}), layersRead, bytesRead };
}
