/**
 * Writes the output folder atomically: the new tree is written next to it, then swapped in with
 * renames. A failed run leaves the folder exactly as it was. A folder that we did not create (no
 * mark in its kustomization.yaml) is refused unless it is empty.
 *
 * The folder stays the user's: it keeps its mode (a new folder gets the umask's), files we did not
 * write (not in the previous kustomization.yaml, so `kubectl apply -k` ignores them) are kept, and
 * files we wrote before and no longer write are removed. The caller names both.
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../diagnostics';
import { OWNER_MARK, ourFiles } from './render';

function isOurs(dir: string): boolean {
  const entries = fs.readdirSync(dir);
  if (entries.length === 0) return true;
  const k = path.join(dir, 'kustomization.yaml');
  return fs.existsSync(k) && fs.readFileSync(k, 'utf8').startsWith(OWNER_MARK);
}

/** Checks that `dir` may be replaced; throws a UserError naming it otherwise. */
export function checkOutputDir(dir: string): void {
  if (!fs.existsSync(dir)) return;
  if (!fs.statSync(dir).isDirectory()) throw new UserError(`output ${dir} exists and is not a folder; choose another -o`);
  if (!isOurs(dir)) {
    throw new UserError(`output folder ${dir} is not empty and was not written by cdk8s-compose (no kustomization.yaml of ours); choose another -o or empty it`);
  }
}

/** What a write did besides writing: the user's files it kept and the files of an earlier run it removed (paths relative to the folder, sorted). */
export interface WriteOutcome {
  readonly kept: readonly string[];
  readonly removed: readonly string[];
}

/** Every file below `dir` (relative, `/`-separated, sorted); an empty folder counts as itself (`overlays/`). */
function filesBelow(dir: string, prefix = ''): string[] {
  const entries = fs.readdirSync(path.join(dir, prefix), { withFileTypes: true });
  if (entries.length === 0 && prefix !== '') return [`${prefix}/`];
  return entries.flatMap((e) => {
    const rel = prefix === '' ? e.name : `${prefix}/${e.name}`;
    return e.isDirectory() ? filesBelow(dir, rel) : [rel];
  });
}

const ERRNO_TEXT: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'a part of the path is a file, not a folder',
};

/** A file-system refusal as the user's problem (`cannot write to out: permission denied`), else the error itself. */
function asUserError(e: unknown, shown: string): unknown {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const text = code !== undefined ? ERRNO_TEXT[code] : undefined;
  return text !== undefined ? new UserError(`cannot write to ${shown}: ${text}`) : e;
}

/**
 * Writes `files` into a folder that replaces `dir` in one step, keeping the files of `dir` that an
 * earlier run did not write. `shown` is the folder as the user named it, for messages.
 */
export function writeOutputDir(dir: string, files: ReadonlyMap<string, string>, shown: string = dir): WriteOutcome {
  checkOutputDir(dir);
  const abs = path.resolve(dir);
  const exists = fs.existsSync(abs);
  // What the earlier run wrote: its kustomization.yaml's resources and our documents.
  const previous = exists ? ourFiles(abs) : new Set<string>();
  const entries = exists ? fs.readdirSync(abs) : [];
  const keptEntries = entries.filter((n) => !previous.has(n) && !files.has(n));
  const removed = entries.filter((n) => previous.has(n) && !files.has(n)).sort();
  let tmp: string | undefined;
  try {
    const parent = path.dirname(abs);
    fs.mkdirSync(parent, { recursive: true });
    // mkdir (not mkdtemp, which makes 0700): a new folder gets the umask's mode, an existing one keeps its own.
    tmp = path.join(parent, `.${path.basename(abs)}.new-${randomBytes(6).toString('hex')}`);
    fs.mkdirSync(tmp);
    if (exists) fs.chmodSync(tmp, fs.statSync(abs).mode & 0o7777);
    for (const [name, content] of files) fs.writeFileSync(path.join(tmp, name), content);
    for (const n of keptEntries) fs.cpSync(path.join(abs, n), path.join(tmp, n), { recursive: true, preserveTimestamps: true });
    if (exists) {
      const old = tmp.replace('.new-', '.old-');
      fs.renameSync(abs, old);
      try {
        fs.renameSync(tmp, abs);
      } catch (e) {
        fs.renameSync(old, abs);
        throw e;
      }
      tmp = undefined;
      fs.rmSync(old, { recursive: true, force: true });
    } else {
      fs.renameSync(tmp, abs);
      tmp = undefined;
    }
  } catch (e) {
    if (tmp !== undefined) fs.rmSync(tmp, { recursive: true, force: true });
    throw asUserError(e, shown);
  }
  const kept = keptEntries.flatMap((n) => (fs.statSync(path.join(abs, n)).isDirectory() ? filesBelow(abs, n) : [n])).sort();
  return { kept, removed };
}

/** Writes files into an existing (emptied) folder: the `npx cdk8s synth` path, where cdk8s-cli owns the folder. */
export function writeIntoDir(dir: string, files: ReadonlyMap<string, string>): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, content] of files) fs.writeFileSync(path.join(dir, name), content);
}
