/**
 * Paths written to the output are relative to the project folder (`./secrets/db_password.txt`):
 * the output must be the same wherever the project is checked out, and a home path must never
 * land in git.
 */
import * as path from 'path';

export function projectRelative(projectDir: string, file: string): string {
  const rel = path.relative(projectDir, file).split(path.sep).join('/');
  return rel.startsWith('../') || rel === '..' ? rel : `./${rel}`;
}
