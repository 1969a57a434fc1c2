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
  /** The mode the file is mounted with ({@link mountedMode}). */
  readonly mode: number;
}

/** A file of a source with secret content: its key and path, never its content. */
export interface SecretBindFile {
  readonly rel: string;
  readonly key: string;
  readonly mode: number;
}

/** The mode every ConfigMap/Secret file gets unless its source says otherwise (Kubernetes' defaultMode). */
export const DEFAULT_FILE_MODE = 0o644;

/**
 * The mode of a mounted file: mounted files belong to root, so the owner's read and execute bits
 * are copied to group and others (a script of mode 0755 or 0700 stays executable for the
 * container's user); the owner's write bit is kept for a file others could already read (0755 →
 * 0755, 0644 → 0644) and dropped for a private one (0700 → 0555, 0600 → 0444). The mount is
 * read-only either way.
 */
export function mountedMode(statMode: number): number {
  const owner = (statMode >> 6) & 0o7;
  const rx = owner & 0o5;
  const shared = (statMode & 0o077) !== 0;
  return rx * 0o111 | (shared ? owner & 0o2 : 0) << 6;
}

export type BindSource =
  | { readonly kind: 'missing' }
  /** Holds a file with secret values (an env file, a compose secret file): never written into a ConfigMap. */
  | { readonly kind: 'secret'; readonly isFile: boolean; readonly rel: string; readonly files: readonly SecretBindFile[] }
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
function listFiles(dir: string, limit: number): { rel: string; abs: string; size: number; mode: number }[] | undefined {
  const out: { rel: string; abs: string; size: number; mode: number }[] = [];
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
        out.push({ rel: r, abs: p, size: st.size, mode: st.mode });
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

/**
 * Files whose name says they hold keys or credentials: private keys and key stores (`*.key`,
 * `*.p12`, `*.pfx`, `*.jks`, `*.keystore`, `id_rsa`, `id_ecdsa`, `id_ed25519`), credential files
 * (`credentials`, `credentials.json`, `*.credentials`, `.htpasswd`, `.netrc`, `.pgpass`).
 */
const SECRET_NAME = /(\.(key|p12|pfx|jks|keystore)$|^id_(rsa|dsa|ecdsa|ed25519)$|^(\.?credentials(\.json)?|.+\.credentials|\.htpasswd|\.netrc|\.pgpass)$)/i;
/** A PEM private key inside any file (`.pem`, a bundle `.crt`, a `.conf`): the content decides. */
const PEM_PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;
/** Largest file whose content is searched for a PEM private key (bigger files are data). */
const PEM_SCAN_BYTES = 1024 * 1024;

/** True for a file that holds secret values by its name or content, or that is one of `secretFiles` (absolute paths). */
function isSecretFile(abs: string, size: number, secretFiles: ReadonlySet<string>): boolean {
  const name = path.basename(abs);
  if (secretFiles.has(abs) || (ENV_FILE.test(name) && !ENV_TEMPLATE.test(name)) || SECRET_NAME.test(name)) return true;
  if (size > PEM_SCAN_BYTES) return false;
  try {
    return PEM_PRIVATE_KEY.test(fs.readFileSync(abs, 'latin1'));
  } catch {
    return false;
  }
}

/** True for a path whose name says it holds secret values or a certificate (used for sources that do not exist yet). */
export function isSecretName(p: string): boolean {
  const name = path.posix.basename(p);
  // A missing certificate comes with its key: both belong in a Secret (kubectl create secret accepts either).
  return (ENV_FILE.test(name) && !ENV_TEMPLATE.test(name)) || SECRET_NAME.test(name) || /\.(pem|crt|cer|cert)$/i.test(name);
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
  const listed = isFile ? [{ rel: path.basename(source), abs: source, size: st.size, mode: st.mode }] : listFiles(source, MAX_CONFIG_FILES);
  if (listed === undefined) return { kind: 'too-big', isFile, files: MAX_CONFIG_FILES };
  const secret = listed.find((f) => isSecretFile(f.abs, f.size, secretFiles));
  if (secret) {
    const keys = new Set<string>();
    return { kind: 'secret', isFile, rel: secret.rel, files: listed.map((f) => ({ rel: f.rel, key: keyOf(f.rel, keys), mode: mountedMode(f.mode) })) };
  }
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
      files.push({ rel: f.rel, key, base64, mode: mountedMode(f.mode) });
    } else {
      bytes += buf.length;
      files.push({ rel: f.rel, key, text: buf.toString('utf8'), mode: mountedMode(f.mode) });
    }
    if (bytes > MAX_CONFIG_BYTES) return { kind: 'too-big', isFile, files: listed.length };
  }
  return { kind: 'files', isFile, files, bytes };
}

const NO_SECRET_FILES: ReadonlySet<string> = new Set();

/**
 * readBindSource, read once per plan: `plan` is an object that lives as long as one model plan (the
 * project being planned), and the reads are kept with it (a WeakMap), so the next plan reads the
 * files again. The storage plan (binds.ts) and the uses (network/uses.ts) read every bind of every
 * service: a folder that 650 services mount was read 1,300 times. A read that throws is not kept;
 * the results are only read.
 */
export function readBindSourceOnce(plan: object, source: string, secretFiles: ReadonlySet<string> = NO_SECRET_FILES): BindSource {
  let bySecretFiles = bindReads.get(plan);
  if (bySecretFiles === undefined) bindReads.set(plan, (bySecretFiles = new Map()));
  let bySource = bySecretFiles.get(secretFiles);
  if (bySource === undefined) bySecretFiles.set(secretFiles, (bySource = new Map()));
  let read = bySource.get(source);
  if (read === undefined) bySource.set(source, (read = readBindSource(source, secretFiles)));
  return read;
}
const bindReads = new WeakMap<object, Map<ReadonlySet<string>, Map<string, BindSource>>>();
