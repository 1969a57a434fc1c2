/**
 * Which compose files make up the project, and how they are named in messages.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Diagnostics } from '../../diagnostics';

/** Default compose file names, in the order compose looks for them in the working directory. */
export const DEFAULT_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'] as const;

/** Override files read after a default file, by the default file's stem. */
const OVERRIDE_FILE_NAMES: Readonly<Record<string, readonly string[]>> = {
  compose: ['compose.override.yaml', 'compose.override.yml'],
  'docker-compose': ['docker-compose.override.yaml', 'docker-compose.override.yml'],
};

/** Separator of `COMPOSE_FILE` entries when `COMPOSE_PATH_SEPARATOR` is not set (`:`, as on Linux and macOS). */
export const DEFAULT_PATH_SEPARATOR = ':';

/** A file as the user knows it: relative to the working directory when inside it, else absolute. */
export function displayName(absPath: string, cwd: string): string {
  const rel = path.relative(cwd, absPath);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : absPath;
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * The default files in `cwd`: the first of {@link DEFAULT_FILE_NAMES}, then its override file
 * (`compose.override.yaml` / `.yml`, or `docker-compose.override.*`) when present.
 */
export function defaultComposeFiles(cwd: string): string[] {
  const main = DEFAULT_FILE_NAMES.find((name) => isFile(path.join(cwd, name)));
  if (main === undefined) return [];
  const stem = main.replace(/\.ya?ml$/, '');
  const override = OVERRIDE_FILE_NAMES[stem].find((name) => isFile(path.join(cwd, name)));
  return [main, ...(override === undefined ? [] : [override])].map((name) => path.join(cwd, name));
}

/**
 * The compose files in order, absolute: `files` (`-f`) when given, else `COMPOSE_FILE` (split on
 * `COMPOSE_PATH_SEPARATOR`, default `:`), else the default names in `cwd`. Relative paths are
 * resolved against `cwd`. Records an error and returns an empty list when nothing is found.
 */
export function locateComposeFiles(
  files: readonly string[],
  cwd: string,
  composeFileVariable: string | undefined,
  pathSeparator: string | undefined,
  diags: Diagnostics,
): string[] {
  if (files.length > 0) return files.map((f) => path.resolve(cwd, f));
  if (composeFileVariable !== undefined && composeFileVariable.trim() !== '') {
    const separator = pathSeparator !== undefined && pathSeparator !== '' ? pathSeparator : DEFAULT_PATH_SEPARATOR;
    return composeFileVariable
      .split(separator)
      .filter((f) => f.trim() !== '')
      .map((f) => path.resolve(cwd, f.trim()));
  }
  const found = defaultComposeFiles(cwd);
  if (found.length === 0) {
    diags.error(
      undefined,
      undefined,
      `no compose file found in ${cwd}; expected one of ${DEFAULT_FILE_NAMES.join(', ')}, or pass the files with -f`,
    );
  }
  return found;
}
