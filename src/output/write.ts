/**
 * Writes the output folder atomically: the new tree is written next to it, then swapped in with
 * renames. A failed run leaves the folder exactly as it was. A folder that we did not create (no
 * mark in its kustomization.yaml) is refused unless it is empty.
 */
import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '../diagnostics';
import { OWNER_MARK } from './render';

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

/** Writes files into a folder that replaces `dir` in one step. */
export function writeOutputDir(dir: string, files: ReadonlyMap<string, string>): void {
  checkOutputDir(dir);
  const abs = path.resolve(dir);
  const parent = path.dirname(abs);
  fs.mkdirSync(parent, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(parent, `.${path.basename(abs)}.new-`));
  try {
    for (const [name, content] of files) fs.writeFileSync(path.join(tmp, name), content);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  if (fs.existsSync(abs)) {
    const old = `${tmp.replace('.new-', '.old-')}`;
    fs.renameSync(abs, old);
    try {
      fs.renameSync(tmp, abs);
    } catch (e) {
      fs.renameSync(old, abs);
      fs.rmSync(tmp, { recursive: true, force: true });
      throw e;
    }
    fs.rmSync(old, { recursive: true, force: true });
  } else {
    fs.renameSync(tmp, abs);
  }
}

/** Writes files into an existing (emptied) folder: the `npx cdk8s synth` path, where cdk8s-cli owns the folder. */
export function writeIntoDir(dir: string, files: ReadonlyMap<string, string>): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, content] of files) fs.writeFileSync(path.join(dir, name), content);
}
