/**
 * The compose merge rules (Compose Specification, "Merge and override"), used for several `-f`
 * files and for `extends`:
 *
 * - mappings merge recursively, the later value wins for scalars; `x-` keys are replaced whole;
 * - sequences are appended, except:
 *   - `command`, `entrypoint` and `healthcheck.test` are replaced;
 *   - `environment`, `labels`, `annotations`, `sysctls`, `extra_hosts`, `build.args`,
 *     `build.labels`, `deploy.labels` and the `labels` of volumes, networks, secrets and configs
 *     merge as mappings (the `KEY=VALUE` list form is read as a mapping first);
 *   - `depends_on` and service `networks` merge as mappings (a list of names is read as a mapping,
 *     `depends_on` entries as `{condition: service_started, required: true}`; a network listed
 *     again without settings keeps its settings);
 *   - `ports` (by host IP, published port, target and protocol), `volumes` and `devices` (by
 *     container path), `secrets` and `configs` (by target), `env_file` (by path), `tmpfs` (by
 *     path) and lists of names (`dns`, `cap_add`, `profiles` …) keep one entry per identity: the
 *     later entry replaces the earlier one in place;
 *   - `ulimits.*` merge as mappings when both are mappings; `logging` merges when the drivers
 *     agree, else the later one replaces it; `build: PATH` is read as `build: {context: PATH}`;
 * - `!reset` removes the attribute, `!override` replaces it without merging.
 */
import { portIdentity, volumeTarget } from '../syntax';
import { withoutNotes } from '../interpolate';
import {
  OverrideTag,
  ResetTag,
  entriesOf,
  getKey,
  hasKey,
  isMap,
  mapOf,
  setKey,
  withoutTags,
  untag,
  type YamlMap,
  type YamlValue,
} from '../yaml-value';

export type Identity = (item: YamlValue) => string | undefined;

export type Rule =
  | { readonly kind: 'replace' }
  | { readonly kind: 'dictionary'; readonly separators: string }
  | { readonly kind: 'named'; readonly listEntry: YamlValue }
  | { readonly kind: 'unique'; readonly identity: Identity }
  | { readonly kind: 'ulimit' }
  | { readonly kind: 'logging' }
  | { readonly kind: 'build' }
  | { readonly kind: 'keep-on-null' }
  | { readonly kind: 'default' };

const text: Identity = (item) => (typeof item === 'string' || typeof item === 'number' ? String(item) : undefined);

function grantIdentity(defaultDir: string): Identity {
  return (item) => {
    if (typeof item === 'string') return `${defaultDir}/${item}`;
    if (!isMap(item)) return undefined;
    const target = untag(getKey(item, 'target') ?? null);
    if (typeof target === 'string') return target.startsWith('/') ? target : `${defaultDir}/${target}`;
    const source = untag(getKey(item, 'source') ?? null);
    return typeof source === 'string' ? `${defaultDir}/${source}` : undefined;
  };
}

const deviceIdentity: Identity = (item) => {
  if (typeof item === 'string') {
    const [source, target] = item.split(':');
    return target ?? source;
  }
  if (!isMap(item)) return undefined;
  const target = untag(getKey(item, 'target') ?? getKey(item, 'source') ?? null);
  return typeof target === 'string' ? target : undefined;
};

const envFileIdentity: Identity = (item) => {
  const p = isMap(item) ? untag(getKey(item, 'path') ?? null) : item;
  return typeof p === 'string' ? p : undefined;
};

const tmpfsIdentity: Identity = (item) => (typeof item === 'string' ? item.split(':')[0] : undefined);

const DICTIONARY_KEYS = new Set(['environment', 'labels', 'annotations', 'sysctls']);
const UNIQUE_NAME_LISTS = new Set([
  'cap_add',
  'cap_drop',
  'device_cgroup_rules',
  'dns',
  'dns_opt',
  'dns_search',
  'external_links',
  'group_add',
  'label_file',
  'links',
  'profiles',
  'security_opt',
  'volumes_from',
]);

const SERVICE_RULES: Readonly<Record<string, Rule>> = {
  command: { kind: 'replace' },
  entrypoint: { kind: 'replace' },
  extra_hosts: { kind: 'dictionary', separators: ':=' },
  depends_on: { kind: 'named', listEntry: mapOf([['condition', 'service_started'], ['required', true]]) },
  networks: { kind: 'named', listEntry: null },
  ports: { kind: 'unique', identity: portIdentity },
  expose: { kind: 'unique', identity: text },
  volumes: { kind: 'unique', identity: volumeTarget },
  devices: { kind: 'unique', identity: deviceIdentity },
  secrets: { kind: 'unique', identity: grantIdentity('/run/secrets') },
  configs: { kind: 'unique', identity: grantIdentity('') },
  env_file: { kind: 'unique', identity: envFileIdentity },
  tmpfs: { kind: 'unique', identity: tmpfsIdentity },
  logging: { kind: 'logging' },
  build: { kind: 'build' },
};

const DEFAULT: Rule = { kind: 'default' };

/** The rule for a path of mapping keys (`['services', 'web', 'ports']`). */
export function ruleFor(path: readonly string[]): Rule {
  const [section, , key, sub, leaf] = path;
  if (section === 'services') {
    if (path.length === 3) {
      if (DICTIONARY_KEYS.has(key)) return { kind: 'dictionary', separators: '=' };
      if (UNIQUE_NAME_LISTS.has(key)) return { kind: 'unique', identity: text };
      return SERVICE_RULES[key] ?? DEFAULT;
    }
    if (path.length === 4) {
      if (key === 'healthcheck' && sub === 'test') return { kind: 'replace' };
      if ((key === 'build' || key === 'deploy') && (sub === 'args' || sub === 'labels')) return { kind: 'dictionary', separators: '=' };
      if (key === 'ulimits') return { kind: 'ulimit' };
      if (key === 'networks') return { kind: 'keep-on-null' };
    }
    if (path.length === 5 && key === 'networks' && (leaf === 'aliases' || leaf === 'link_local_ips')) return { kind: 'unique', identity: text };
    return DEFAULT;
  }
  if (path.length === 3 && path[2] === 'labels' && ['volumes', 'networks', 'secrets', 'configs'].includes(section)) {
    return { kind: 'dictionary', separators: '=' };
  }
  return DEFAULT;
}

/** Reads a `KEY=VALUE` list (or a mapping) as entries; `KEY` alone has a null value. */
function dictionaryEntries(value: YamlValue, separators: string): [string, YamlValue][] {
  if (isMap(value)) return entriesOf(value);
  if (!Array.isArray(value)) return [];
  return value.flatMap((item): [string, YamlValue][] => {
    const entry = untag(item);
    if (typeof entry !== 'string') return [];
    const at = [...separators].map((s) => entry.indexOf(s)).filter((i) => i >= 0);
    if (at.length === 0) return [[withoutNotes(entry), null]];
    const cut = Math.min(...at);
    return [[withoutNotes(entry.slice(0, cut)), entry.slice(cut + 1)]];
  });
}

function namedEntries(value: YamlValue, listEntry: YamlValue): [string, YamlValue][] {
  if (isMap(value)) return entriesOf(value);
  if (!Array.isArray(value)) return [];
  return value.flatMap((item): [string, YamlValue][] => {
    const name = untag(item);
    return typeof name === 'string' ? [[name, listEntry]] : [];
  });
}

function asList(value: YamlValue): YamlValue[] {
  if (Array.isArray(value)) return value;
  return value === null ? [] : [value];
}

/** Appends, then keeps one entry per identity (the later one, at the earlier one's place). */
export function mergeUnique(base: YamlValue, over: YamlValue, identity: Identity): YamlValue[] {
  const result: YamlValue[] = [];
  const index = new Map<string, number>();
  for (const item of [...asList(base), ...asList(over).map(withoutTags)]) {
    if (item instanceof ResetTag) continue;
    const id = identity(item);
    const at = id === undefined ? undefined : index.get(id);
    if (at !== undefined) {
      result[at] = item;
    } else {
      if (id !== undefined) index.set(id, result.length);
      result.push(item);
    }
  }
  return result;
}

function mergeMappings(base: YamlMap, over: YamlMap, path: readonly string[]): YamlMap {
  const result = mapOf(entriesOf(base));
  for (const [k, v] of entriesOf(over)) {
    if (v instanceof ResetTag) {
      delete result[k];
      continue;
    }
    const merged = hasKey(result, k) && !k.startsWith('x-') ? mergeValues(result[k], v, [...path, k]) : withoutTags(v);
    if (merged === undefined) delete result[k];
    else setKey(result, k, merged);
  }
  return result;
}

function mergeEntries(base: [string, YamlValue][], over: [string, YamlValue][], path: readonly string[], deep: boolean): YamlMap {
  return mergeMappings(mapOf(base), mapOf(deep ? over : over.map(([k, v]) => [k, v instanceof ResetTag ? v : new OverrideTag(v)])), path);
}

/** Merges one value of a later file onto the earlier one; undefined means "removed". */
function mergeValues(base: YamlValue, over: YamlValue, path: readonly string[]): YamlValue | undefined {
  if (over instanceof ResetTag) return undefined;
  if (over instanceof OverrideTag) return withoutTags(over.value);
  const rule = ruleFor(path);
  switch (rule.kind) {
    case 'replace':
      return withoutTags(over);
    case 'dictionary':
      return mergeEntries(dictionaryEntries(base, rule.separators), dictionaryEntries(over, rule.separators), path, false);
    case 'named':
      if (over === null) return base;
      return mergeEntries(namedEntries(base, rule.listEntry), namedEntries(over, rule.listEntry), path, true);
    case 'unique':
      return mergeUnique(base, over, rule.identity);
    case 'ulimit':
      return isMap(base) && isMap(over) ? mergeMappings(base, over, path) : withoutTags(over);
    case 'logging': {
      if (!isMap(base) || !isMap(over)) return withoutTags(over);
      const a = getKey(base, 'driver');
      const b = getKey(over, 'driver');
      return a === undefined || b === undefined || untag(a) === untag(b) ? mergeMappings(base, over, path) : withoutTags(over);
    }
    case 'build': {
      const asMap = (v: YamlValue): YamlValue => (typeof v === 'string' ? mapOf([['context', v]]) : v);
      const b = asMap(base);
      const o = asMap(over);
      return isMap(b) && isMap(o) ? mergeMappings(b, o, path) : withoutTags(over);
    }
    case 'keep-on-null':
      if (over === null) return base;
      return isMap(base) && isMap(over) ? mergeMappings(base, over, path) : withoutTags(over);
    case 'default':
      if (isMap(base) && isMap(over)) return mergeMappings(base, over, path);
      if (Array.isArray(base) && Array.isArray(over)) return [...base, ...over.filter((x) => !(x instanceof ResetTag)).map(withoutTags)];
      return withoutTags(over);
  }
}

/** Merges a later compose file (or a service that extends another) onto an earlier one; inputs are not modified. */
export function mergeCompose(base: YamlMap, over: YamlMap, path: readonly string[] = []): YamlMap {
  return mergeMappings(withoutTags(base) as YamlMap, over, path);
}
