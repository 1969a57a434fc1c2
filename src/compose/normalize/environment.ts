/**
 * A service's environment: the entries of its `env_file` files (in order, later files winning)
 * overridden by its `environment` entries, in compose order.
 *
 * - `KEY` alone (or `KEY:` with no value) takes the value of the variable KEY; a secret variable
 *   becomes an optional reference (compose leaves the entry out when the variable is unset);
 *   an unset one leaves the entry without a value (`value: null`).
 * - Values are {@link Template}s: secret variables stay references; the names of the other
 *   variables interpolated into a value are kept in `fromVariables`.
 * - `env_file` entries: `path`, `required` (default true: a missing file is an error).
 */
import * as fs from 'fs';
import type { Diagnostics } from '../../diagnostics';
import { show } from '../../diagnostics';
import type { Origins } from '../merge';
import { parseEnvFile, SECRET_PLACES, interpolateString, type InterpolationScope, type VariableLookup, secretRefsIn, toTemplate, withoutNotes, ChainedLookup } from '../interpolate';
import { hostPath } from '../host-paths';
import { displayName, readTextFile } from '../read';
import type { SecretVariableRules } from '../interpolate';
import type { EnvEntry } from '../types';
import { parseBoolean } from '../syntax';
import { entriesOf, getKey, indexPath, isMap, keyPath, untag, type YamlValue } from '../yaml-value';

export interface EnvironmentContext {
  readonly name: string;
  readonly projectDir: string;
  readonly cwd: string;
  readonly variables: VariableLookup;
  readonly secrets: SecretVariableRules;
  readonly origins: Origins;
  readonly diags: Diagnostics;
}

interface EnvFileRef {
  readonly path: string;
  readonly required: boolean;
  /** Where it is written, e.g. `services.web.env_file[0]`. */
  readonly at: string;
}

function envFileRefs(value: YamlValue, at: string): EnvFileRef[] {
  const v = untag(value);
  const items = Array.isArray(v) ? v.map((item, i) => [untag(item), indexPath(at, i)] as const) : [[v, at] as const];
  return items.flatMap(([item, where]) => {
    if (typeof item === 'string') return [{ path: item, required: true, at: where }];
    if (!isMap(item)) return [];
    const p = untag(getKey(item, 'path') ?? null);
    const required = parseBoolean(untag(getKey(item, 'required') ?? true)) ?? true;
    return typeof p === 'string' ? [{ path: p, required, at: where }] : [];
  });
}

/** The value of `KEY` given alone: a secret variable is an optional reference; else the variable's value, or null when unset. */
function inheritedValue(key: string, ctx: EnvironmentContext): Pick<EnvEntry, 'value' | 'fromVariables'> {
  if (ctx.secrets.isSecret(key)) {
    ctx.secrets.markUsed(key);
    return { value: [{ secretVariable: key, required: false, defaultIgnored: false }], fromVariables: [] };
  }
  const value = ctx.variables.get(key);
  return value === undefined ? { value: null, fromVariables: [] } : { value: [value], fromVariables: [key] };
}

function fromMarked(value: string): Pick<EnvEntry, 'value' | 'fromVariables'> {
  const { template, variables } = toTemplate(value);
  return { value: template, fromVariables: variables };
}

function envFileEntries(ref: EnvFileRef, ctx: EnvironmentContext, entries: Map<string, EnvEntry>): void {
  const absPath = hostPath(ref.path, ctx.projectDir);
  const composeFile = ctx.origins.fileOf(ref.at);
  if (!fs.existsSync(absPath)) {
    if (ref.required) ctx.diags.error(composeFile, ref.at, `file not found ${show(ref.path)}; expected an existing env file, or "required: false"`);
    return;
  }
  const display = displayName(absPath, ctx.cwd);
  const text = readTextFile(absPath, display, ctx.diags);
  if (text === undefined) return;
  const own = new Map<string, string>();
  const scope: InterpolationScope = { variables: new ChainedLookup(own, ctx.variables), secrets: ctx.secrets };
  for (const raw of parseEnvFile(text, display, ctx.diags)) {
    const source = { file: display, path: raw.key };
    if (raw.value === null) {
      const inherited = inheritedValue(raw.key, ctx);
      if (inherited.value !== null) entries.set(raw.key, { name: raw.key, ...inherited, origin: 'env_file', source });
      continue;
    }
    const report = {
      error: (m: string) => ctx.diags.error(display, `line ${raw.line}`, m),
      warn: (m: string) => ctx.diags.warn(display, `line ${raw.line}`, m),
    };
    const value = raw.interpolate ? interpolateString(raw.value, 'environment', scope, report) : raw.value;
    if (value === undefined) continue;
    own.set(raw.key, withoutNotes(value));
    entries.set(raw.key, { name: raw.key, ...fromMarked(value), origin: 'env_file', source });
  }
}

/** `[key, value]` pairs of `environment` (mapping or `KEY=VALUE` list); a key given alone has the value undefined. */
function environmentPairs(value: YamlValue): [string, YamlValue | undefined][] {
  const v = untag(value);
  if (isMap(v)) return entriesOf(v).map(([k, x]) => [k, untag(x)]);
  if (!Array.isArray(v)) return [];
  return v.flatMap((item): [string, YamlValue | undefined][] => {
    const s = untag(item);
    if (typeof s !== 'string') return [];
    const eq = s.indexOf('=');
    return eq < 0 ? [[s, undefined]] : [[s.slice(0, eq), s.slice(eq + 1)]];
  });
}

/**
 * The service's environment entries in compose order: `env_file` entries in file order, then
 * `environment` entries as written; an `environment` entry replaces an `env_file` entry of the same
 * name in place (DESIGN: env order is compose order, not alphabetical).
 */
export function serviceEnvironment(service: Readonly<Record<string, YamlValue>>, ctx: EnvironmentContext, at = `services.${ctx.name}`): EnvEntry[] {
  const entries = new Map<string, EnvEntry>();
  const envFile = getKey(service, 'env_file');
  if (envFile !== undefined) for (const ref of envFileRefs(envFile, `${at}.env_file`)) envFileEntries(ref, ctx, entries);
  const environment = getKey(service, 'environment') ?? null;
  const env = untag(environment);
  const form = Array.isArray(env) ? ('list' as const) : ('mapping' as const);
  const parent = `${at}.environment`;
  const add = (rawKey: string, value: YamlValue | undefined): void => {
    const name = withoutNotes(rawKey);
    const path = keyPath(parent, name);
    const source = { file: ctx.origins.fileOf(path), path };
    const refs = secretRefsIn(rawKey);
    if (refs.length > 0) {
      ctx.diags.error(source.file, path, `secret variable ${refs[0].secretVariable} cannot be used in a variable name; ${SECRET_PLACES}`);
      return;
    }
    const resolved =
      value === undefined || value === null
        ? inheritedValue(name, ctx)
        : typeof value === 'string'
          ? fromMarked(value)
          : { value: [String(value)], fromVariables: [] };
    entries.set(name, { name, value: resolved.value, fromVariables: resolved.fromVariables, origin: 'environment', source, form });
  };
  // A mapping (the usual form) is read in place, without a pair per entry (environmentPairs);
  // indexed loops: for-of makes an iterator result object per step until the code is optimized.
  if (isMap(env)) {
    const keys = Object.keys(env);
    for (let i = 0; i < keys.length; i++) add(keys[i], untag(env[keys[i]]));
  } else {
    const pairs = environmentPairs(environment);
    for (let i = 0; i < pairs.length; i++) add(pairs[i][0], pairs[i][1]);
  }
  return [...entries.values()];
}
