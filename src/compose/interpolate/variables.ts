/**
 * The variables interpolation reads: the project's env files (`.env` in the project directory,
 * or the `--env-file` files in order, later ones winning), with the process environment winning
 * over all of them.
 */
import * as fs from 'fs';
import type { Diagnostics } from '../../diagnostics';
import { parseEnvFile } from './envfile';
import { NO_SECRETS, interpolateString, type VariableLookup } from './interpolate';
import { readTextFile } from '../read';

/** A lookup that reads `local` first, then `fallback`. */
export class ChainedLookup implements VariableLookup {
  constructor(
    private readonly local: ReadonlyMap<string, string>,
    private readonly fallback: VariableLookup,
  ) {}

  get(name: string): string | undefined {
    return this.local.get(name) ?? this.fallback.get(name);
  }
}

/** A lookup over a map. */
export class MapLookup implements VariableLookup {
  constructor(private readonly map: ReadonlyMap<string, string>) {}

  get(name: string): string | undefined {
    return this.map.get(name);
  }
}

/** The process environment as a map, without unset entries. */
export function environmentMap(env: Readonly<Record<string, string | undefined>>): Map<string, string> {
  const map = new Map<string, string>();
  for (const key of Object.keys(env)) {
    const value = env[key];
    if (value !== undefined) map.set(key, value);
  }
  return map;
}

export interface EnvFileRef {
  readonly absPath: string;
  readonly display: string;
  /** A missing required file is an error; a missing optional one is skipped. */
  readonly required: boolean;
}

/**
 * Reads one project env file. Values are interpolated with the file's earlier entries, then the
 * process environment, then `earlier` (previous env files); a key the process environment sets
 * takes that value. Every variable is resolved here: these files are where values come from.
 */
function readProjectEnvFile(
  ref: EnvFileRef,
  environment: ReadonlyMap<string, string>,
  earlier: ReadonlyMap<string, string>,
  diags: Diagnostics,
): Map<string, string> {
  const own = new Map<string, string>();
  if (!ref.required && !fs.existsSync(ref.absPath)) return own;
  const text = readTextFile(ref.absPath, ref.display, diags);
  if (text === undefined) return own;
  const lookup = new ChainedLookup(own, new ChainedLookup(environment, new MapLookup(earlier)));
  for (const entry of parseEnvFile(text, ref.display, diags)) {
    const fromEnvironment = environment.get(entry.key);
    if (fromEnvironment !== undefined) {
      own.set(entry.key, fromEnvironment);
      continue;
    }
    if (entry.value === null) continue;
    if (!entry.interpolate) {
      own.set(entry.key, entry.value);
      continue;
    }
    const report = {
      error: (m: string) => diags.error(ref.display, `line ${entry.line}`, m),
      warn: (m: string) => diags.warn(ref.display, `line ${entry.line}`, m),
    };
    const value = interpolateString(entry.value, 'plain', { variables: lookup, secrets: NO_SECRETS }, report);
    if (value !== undefined) own.set(entry.key, value);
  }
  return own;
}

/** The project variables: env files in order (later win), then the process environment (wins over all). */
export function loadVariables(
  envFiles: readonly EnvFileRef[],
  environment: ReadonlyMap<string, string>,
  diags: Diagnostics,
): Map<string, string> {
  const fromFiles = new Map<string, string>();
  for (const ref of envFiles) {
    for (const [k, v] of readProjectEnvFile(ref, environment, fromFiles, diags)) fromFiles.set(k, v);
  }
  const variables = new Map(fromFiles);
  for (const [k, v] of environment) variables.set(k, v);
  return variables;
}
