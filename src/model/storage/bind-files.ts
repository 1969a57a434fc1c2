/**
 * What a bind-mounted project file or folder holds, read at compile time: the files that become
 * a ConfigMap (folders with sub-folders through `items` paths, binary files through `binaryData`),
 * or why they cannot (missing, an empty data folder, too large).
 */
import * as fs from 'fs';
import * as path from 'path';

/**
 * Largest bind-mounted file or folder, and largest config file, turned into a ConfigMap: 200 KiB
 * of data (binary files counted base64-encoded). The API allows 1 MiB per object, but
 * `kubectl apply` (client-side) copies the whole object into the
 * `kubectl.kubernetes.io/last-applied-configuration` annotation, and all annotations of an object
 * together may hold 256 KiB; 200 KiB leaves room for the rest of the object.
 */
export const MAX_CONFIG_BYTES = 200 * 1024;

/** Files that only keep an otherwise empty folder in git: a folder holding only these is empty. */
const PLACEHOLDERS = new Set(['.gitkeep', '.keep', '.gitignore']);

/** Most files a folder may hold to become a ConfigMap (each one is a key and a mounted file). */
const MAX_CONFIG_FILES = 1000;

export interface BindFile {
  /** Path inside the mounted folder (`/`-separated); the file name for a single file. */
  readonly rel: string;
  /** ConfigMap key: `[-._a-zA-Z0-9]`, unique. */
  readonly key: string;
  readonly text?: string;
  /** base64, for files that are not UTF-8 text. */
  readonly base64?: string;
}

export type BindSource =
  | { readonly kind: 'missing' }
  /** Holds a file with secret values (an env file, a compose secret file): never written into a ConfigMap. */
  | { readonly kind: 'secret'; readonly isFile: boolean; readonly rel: string }
  | { readonly kind: 'empty' }
  | { readonly kind: 'too-big'; readonly isFile: boolean; readonly files: number }
  | { readonly kind: 'files'; readonly isFile: boolean; readonly files: readonly BindFile[]; readonly bytes: number };

function keyOf(rel: string, taken: Set<string>): string {
  let k = rel.replace(/\//g, '.').replace(/[^-._a-zA-Z0-9]/g, '_');
  if (k === '' || k === '.' || k === '..') k = 'file';
  k = k.slice(0, 240);
  let unique = k;
  for (let i = 2; taken.has(unique); i++) unique = `${k}-${i}`;
  taken.add(unique);
  return unique;
}

/** True for bytes that are not valid UTF-8 text (or that hold NUL): they go to `binaryData`. */
function isBinary(buf: Buffer): boolean {
  return buf.includes(0) || !Buffer.from(buf.toString('utf8'), 'utf8').equals(buf);
}

/** Lists the files under `dir` (sorted, recursive), up to `limit` entries; undefined past it. */
function listFiles(dir: string, limit: number): { rel: string; abs: string; size: number }[] | undefined {
  const out: { rel: string; abs: string; size: number }[] = [];
  const walk = (abs: string, rel: string): boolean => {
    for (const entry of fs.readdirSync(abs).sort()) {
      const p = path.join(abs, entry);
      const r = rel === '' ? entry : `${rel}/${entry}`;
      let st: fs.Stats;
      try {
        st = fs.statSync(p);
      } catch {
        continue; // a dangling link holds nothing
      }
      if (st.isDirectory()) {
        if (!walk(p, r)) return false;
      } else if (st.isFile()) {
        out.push({ rel: r, abs: p, size: st.size });
        if (out.length > limit) return false;
      }
    }
    return true;
  };
  return walk(dir, '') ? out : undefined;
}

/** Env files by name (`.env`, `.env.production`, `db.env`; not `.env.example`, `.env.sample`, `.env.template`, `.env.dist`). */
const ENV_FILE = /^(\.env(\..+)?|.+\.env)$/;
const ENV_TEMPLATE = /\.(example|sample|template|dist)$/;

/** True for a file that holds secret values by its name, or that is one of `secretFiles` (absolute paths). */
function isSecretFile(abs: string, secretFiles: ReadonlySet<string>): boolean {
  const name = path.basename(abs);
  return secretFiles.has(abs) || (ENV_FILE.test(name) && !ENV_TEMPLATE.test(name));
}

/** Reads a bind source (an absolute host path); `secretFiles`: absolute paths of the project's secret files. */
export function readBindSource(source: string, secretFiles: ReadonlySet<string> = new Set()): BindSource {
  let st: fs.Stats;
  try {
    st = fs.statSync(source);
  } catch {
    return { kind: 'missing' };
  }
  const isFile = st.isFile();
  const listed = isFile ? [{ rel: path.basename(source), abs: source, size: st.size }] : listFiles(source, MAX_CONFIG_FILES);
  if (listed === undefined) return { kind: 'too-big', isFile, files: MAX_CONFIG_FILES };
  const secret = listed.find((f) => isSecretFile(f.abs, secretFiles));
  if (secret) return { kind: 'secret', isFile, rel: secret.rel };
  if (!isFile && listed.every((f) => PLACEHOLDERS.has(path.posix.basename(f.rel)))) return { kind: 'empty' };
  if (listed.reduce((n, f) => n + f.size, 0) > MAX_CONFIG_BYTES) return { kind: 'too-big', isFile, files: listed.length };
  const taken = new Set<string>();
  const files: BindFile[] = [];
  let bytes = 0;
  for (const f of listed) {
    const buf = fs.readFileSync(f.abs);
    const key = keyOf(f.rel, taken);
    if (isBinary(buf)) {
      const base64 = buf.toString('base64');
      bytes += base64.length;
      files.push({ rel: f.rel, key, base64 });
    } else {
      bytes += buf.length;
      files.push({ rel: f.rel, key, text: buf.toString('utf8') });
    }
    if (bytes > MAX_CONFIG_BYTES) return { kind: 'too-big', isFile, files: listed.length };
  }
  return { kind: 'files', isFile, files, bytes };
}
