/** One entry of the top-level `include:` list, short (`- path`) or long syntax, as written. */
import { isRemoteContext } from '../host-paths';
import { getKey, isMap, untag, type YamlValue } from '../yaml-value';

export interface IncludeEntry {
  /** `path`: the first file is the included project's main file, the others override it (like `-f`). */
  readonly paths: readonly string[];
  /** `env_file`: replaces the included project's `.env`; relative to the including project's directory. */
  readonly envFiles?: readonly string[];
  /** `project_directory`: default the directory of the first path. */
  readonly projectDirectory?: string;
}

function strings(value: YamlValue): string[] {
  const v = untag(value);
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.map(untag).filter((x): x is string => typeof x === 'string') : [];
}

/** The entry, or undefined when it is neither a path nor a mapping (the schema reports it). */
export function includeEntry(item: YamlValue): IncludeEntry | undefined {
  const v = untag(item);
  if (typeof v === 'string') return { paths: [v] };
  if (!isMap(v)) return undefined;
  const envFile = getKey(v, 'env_file');
  const dir = untag(getKey(v, 'project_directory') ?? null);
  return {
    paths: strings(getKey(v, 'path') ?? null),
    ...(envFile === undefined || untag(envFile) === null ? {} : { envFiles: strings(envFile) }),
    ...(typeof dir === 'string' ? { projectDirectory: dir } : {}),
  };
}

/** A path that names a remote project: a git URL (`https://…`, `git@…`, `github.com/…`) or an OCI artifact (`oci://…`). */
export function isRemoteInclude(p: string): boolean {
  return isRemoteContext(p);
}
