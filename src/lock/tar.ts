/**
 * A streaming tar reader, just enough for image layers: ustar headers with their `prefix`, pax
 * extended headers (`path`), GNU long names. Entry bodies are skipped unless `want(name)` asks for
 * them (then held in memory up to `maxEntryBytes`). Written here rather than taken from a library:
 * about 100 lines, no dependency, and we only read names and a few small files.
 */
import type { Readable } from 'stream';

export interface TarEntry {
  /** Path without a leading `./` or `/`. */
  readonly name: string;
  /** ustar type flag: `0` file, `5` directory, `2` symlink … */
  readonly type: string;
  readonly body?: Buffer;
}

const BLOCK = 512;

function field(h: Buffer, start: number, len: number): string {
  const s = h.subarray(start, start + len);
  const nul = s.indexOf(0);
  return s.subarray(0, nul < 0 ? len : nul).toString('utf8');
}

/** The entry's own name (ustar `prefix` + `name`; GNU headers have no prefix field). */
function headerName(h: Buffer): string {
  const posix = h.subarray(257, 263).toString('latin1') === 'ustar\0';
  const prefix = posix ? field(h, 345, 155) : '';
  return prefix ? `${prefix}/${field(h, 0, 100)}` : field(h, 0, 100);
}

function sizeOf(h: Buffer): number {
  if (h[124] & 0x80) {
    // base-256 (GNU) for sizes over 8 GiB
    let n = 0;
    for (let i = 125; i < 136; i++) n = n * 256 + h[i];
    return n;
  }
  return parseInt(field(h, 124, 12).trim() || '0', 8);
}

export function cleanName(name: string): string {
  return name.replace(/^(\.\/|\/)+/, '').replace(/\/+$/, '');
}

/** pax records `LEN key=value\n` → map. */
function paxRecords(body: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  while (i < body.length) {
    const sp = body.indexOf(0x20, i);
    if (sp < 0) break;
    const len = parseInt(body.subarray(i, sp).toString(), 10);
    if (!(len > 0)) break;
    const rec = body.subarray(sp + 1, i + len - 1).toString('utf8');
    const eq = rec.indexOf('=');
    if (eq > 0) out.set(rec.slice(0, eq), rec.slice(eq + 1));
    i += len;
  }
  return out;
}

/** Calls `onEntry` for every entry of the tar stream `input`, in order; resolves at its end. */
export async function readTar(input: Readable, want: (name: string) => boolean, onEntry: (e: TarEntry) => void, maxEntryBytes = 4 * 1024 * 1024): Promise<void> {
  let pending: Buffer = Buffer.alloc(0);
  let header: Buffer | undefined;
  let remaining = 0; // body bytes still to come for `header`
  let padding = 0;
  let collect: Buffer[] | undefined;
  let longName: string | undefined;
  let paxPath: string | undefined;
  let ended = false;

  const finishEntry = () => {
    const h = header!;
    const type = String.fromCharCode(h[156] || 0x30);
    const body = collect ? Buffer.concat(collect) : undefined;
    header = undefined;
    collect = undefined;
    if (type === 'L') longName = body!.toString('utf8').replace(/\0+$/, '');
    else if (type === 'x') paxPath = paxRecords(body!).get('path') ?? paxPath;
    else if (type === 'g') return;
    else {
      const name = longName ?? paxPath ?? headerName(h);
      longName = paxPath = undefined;
      onEntry({ name: cleanName(name), type: type === '\0' ? '0' : type, ...(body ? { body } : {}) });
    }
  };

  for await (const chunk of input) {
    if (ended) continue;
    pending = pending.length ? Buffer.concat([pending, chunk as Buffer]) : (chunk as Buffer);
    while (pending.length > 0) {
      if (header === undefined) {
        if (padding > 0) {
          const n = Math.min(padding, pending.length);
          padding -= n;
          pending = pending.subarray(n);
          continue;
        }
        if (pending.length < BLOCK) break;
        const h = pending.subarray(0, BLOCK);
        pending = pending.subarray(BLOCK);
        if (h.every((b) => b === 0)) {
          ended = true; // end-of-archive marker: the rest is padding
          break;
        }
        header = Buffer.from(h);
        remaining = sizeOf(header);
        padding = (BLOCK - (remaining % BLOCK)) % BLOCK;
        const type = String.fromCharCode(header[156] || 0x30);
        const name = cleanName(longName ?? paxPath ?? headerName(header));
        const meta = type === 'L' || type === 'x' || type === 'g';
        collect = meta || (remaining <= maxEntryBytes && want(name)) ? [] : undefined;
        if (remaining === 0) finishEntry();
        continue;
      }
      const n = Math.min(remaining, pending.length);
      if (collect) collect.push(Buffer.from(pending.subarray(0, n)));
      remaining -= n;
      pending = pending.subarray(n);
      if (remaining === 0) finishEntry();
    }
  }
  if (header !== undefined) throw new Error('the layer ends inside a file (truncated tar)');
}
