/**
 * Paths written to the output are relative to the project folder (`./secrets/db_password.txt`):
 * the output must be the same wherever the project is checked out, and a home path must never
 * land in git. And whether one path lies inside another, which the storage plan asks of every mount
 * of every service, with its answers remembered (../remembered.ts): Node's path functions are plain
 * JavaScript that walks the text, and a synth never runs them long enough to get them optimized.
 */
import * as path from 'path';
import { remembered } from '../remembered';

export function projectRelative(projectDir: string, file: string): string {
  const rel = path.relative(projectDir, file).split(path.sep).join('/');
  return rel.startsWith('../') || rel === '..' ? rel : `./${rel}`;
}

/** True when `child` is `parent` or lies under it (both absolute). */
export function isInside(child: string, parent: string): boolean {
  // A relative path is resolved against the working folder, which can change: asked afresh.
  if (!path.isAbsolute(child) || !path.isAbsolute(parent)) return insideByRelative(child, parent);
  return insideOf(parent)(child);
}

function insideByRelative(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Bound of the parents, and of the children of each, whose answers are kept (a project's mount
 * paths and folders number in the tens).
 */
const INSIDE_ANSWERS = 1_000;
/** isInside of absolute paths, remembered by parent, then by child. */
const insideOf = remembered((parent: string) => remembered((child: string) => insideByRelative(child, parent), INSIDE_ANSWERS), INSIDE_ANSWERS);
