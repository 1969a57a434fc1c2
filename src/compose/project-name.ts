/**
 * The compose project name: `-p` (LoadOptions.projectName) > `COMPOSE_PROJECT_NAME` > the
 * top-level `name:` (last file that sets it) > the base name of the project directory,
 * normalized the way compose does it.
 */
import * as path from 'path';
import type { Diagnostics } from '../diagnostics';
import { show } from '../diagnostics';

/**
 * Compose's normalization: lowercase, drop every character other than `a-z`, `0-9`, `_` and `-`,
 * then drop leading `_` and `-` (a name starts with a letter or a digit).
 */
export function normalizeProjectName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '')
    .replace(/^[_-]+/, '');
}

export interface ProjectNameSources {
  /** `-p`. */
  readonly option?: string;
  /** `COMPOSE_PROJECT_NAME`. */
  readonly environment?: string;
  /** The top-level `name:` and the file that set it. */
  readonly fromFile?: { readonly value: string; readonly file: string };
  readonly projectDir: string;
  /** The first compose file as named in messages: where the folder-name warning points. */
  readonly mainFile?: string;
}

/** The normalized project name, or undefined (after an error) when normalization leaves nothing. */
export function resolveProjectName(sources: ProjectNameSources, diags: Diagnostics): string | undefined {
  /**
   * `quiet`: normalized silently, as compose does for the directory name. `exact`: given
   * imperatively (-p, COMPOSE_PROJECT_NAME), which compose refuses unless it is already normal.
   */
  const candidates: { value: string; file?: string; path?: string; what: string; quiet?: boolean; exact?: boolean }[] = [];
  if (sources.option !== undefined && sources.option !== '') candidates.push({ value: sources.option, what: 'project name (-p)', exact: true });
  if (sources.environment !== undefined && sources.environment !== '') {
    candidates.push({ value: sources.environment, what: 'COMPOSE_PROJECT_NAME', exact: true });
  }
  if (sources.fromFile !== undefined && sources.fromFile.value !== '') {
    candidates.push({ value: sources.fromFile.value, file: sources.fromFile.file, path: 'name', what: 'project name' });
  }
  candidates.push({ value: path.basename(sources.projectDir), what: 'project directory name', quiet: true });
  const chosen = candidates[0];
  const name = normalizeProjectName(chosen.value);
  if (chosen.exact === true && name !== chosen.value) {
    // compose-go's rule (InvalidProjectNameErr): a name set on the command line or in the environment is not normalized.
    diags.error(
      undefined,
      undefined,
      `invalid ${chosen.what} ${show(chosen.value)}; it must consist only of lowercase letters, digits, "-" and "_", and start with a letter or a digit (docker compose refuses it too)${name !== '' ? `; e.g. ${show(name)}` : ''}`,
    );
    return undefined;
  }
  if (name === '') {
    diags.error(
      chosen.file,
      chosen.path,
      `invalid ${chosen.what} ${show(chosen.value)}; expected lowercase letters, digits, "_" and "-", starting with a letter or a digit`,
    );
    return undefined;
  }
  // Compose refuses a -p or COMPOSE_PROJECT_NAME that is not already a valid name; it normalizes only `name:` and the folder's name.
  if (name !== chosen.value && chosen.path === undefined && chosen.quiet !== true) {
    diags.error(
      chosen.file,
      chosen.path,
      `invalid ${chosen.what} ${show(chosen.value)}; expected lowercase letters, digits, "_" and "-", starting with a letter or a digit`,
    );
    return undefined;
  }
  if (name !== chosen.value && chosen.quiet !== true) {
    diags.warn(chosen.file, chosen.path, `${chosen.what} ${show(chosen.value)} is normalized to ${show(name)}`);
  }
  if (chosen.quiet === true) {
    // The instance label of every selector: a renamed checkout would change immutable selectors.
    diags.warn(
      sources.mainFile,
      undefined,
      `the project name ${show(name)} comes from the folder's name; it is the app.kubernetes.io/instance label of every selector, so renaming or moving the checkout changes selectors, which Kubernetes cannot update; set name: ${name} at the top of the compose file (or pass -p)`,
      'project-name',
    );
  }
  return name;
}
