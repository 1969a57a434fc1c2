/**
 * compose-go's `EnforceUnicity`, applied to each file before it is validated (compose does it
 * before its schema check, so a duplicate is never an error): in a service's lists, an entry
 * written twice is kept once — the last one, in the place of the first. Identities are those of
 * the merge (merge.ts): `ports` by host IP, published port, target and protocol, `volumes` by
 * container path, `secrets`/`configs` by target, `expose`, `env_file`, `tmpfs` and name lists by
 * value, and the `KEY=VALUE` lists (`environment`, `labels`, `annotations`, `sysctls`,
 * `build.args`, `deploy.labels`) by key.
 */
import { withoutNotes } from '../interpolate';
import { ResetTag, entriesOf, getKey, isMap, isTagFree, mapOf, markTagFree, setKey, untag, withoutTags, type YamlMap, type YamlValue } from '../yaml-value';
import { mergeUnique, ruleFor } from './merge';

/** A `KEY=VALUE` list with one entry per key (a bare `KEY` is its own key). */
function uniqueByKey(list: readonly YamlValue[], separators: string): YamlValue[] {
  const keyOf = (item: YamlValue): string | undefined => {
    const entry = untag(item);
    if (typeof entry !== 'string') return undefined;
    const cut = Math.min(...[...separators].map((s) => entry.indexOf(s)).filter((i) => i >= 0), entry.length);
    return withoutNotes(entry.slice(0, cut));
  };
  return mergeUnique([], [...list], keyOf);
}

/** `list` itself when `unique` holds the same items in the same order (nothing to drop or unwrap). */
function same(list: readonly YamlValue[], unique: YamlValue[]): YamlValue[] {
  return unique.length === list.length && unique.every((x, i) => x === list[i]) ? (list as YamlValue[]) : unique;
}

/** The mapping with `key` set to `value`: itself when the value is already there, else a copy. */
function withKey(map: YamlMap, key: string, value: YamlValue): YamlMap {
  if (map[key] === value) return map;
  const result = mapOf(entriesOf(map));
  setKey(result, key, value);
  return result;
}

function uniqueNested(service: YamlMap, key: string, sub: string): YamlMap {
  const parent = getKey(service, key);
  const list = isMap(parent) ? getKey(parent, sub) : undefined;
  if (!isMap(parent) || !Array.isArray(list)) return service;
  return withKey(service, key, withKey(parent, sub, same(list, uniqueByKey(list, '='))));
}

function uniqueService(name: string, service: YamlMap): YamlMap {
  let result = service;
  // An indexed loop: for-of makes an iterator result object per step until the code is optimized.
  const keys = Object.keys(service);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const value = service[key];
    // Tagged values (`!reset`, `!override`) are the merge's business; they stay as written.
    if (!Array.isArray(value)) continue;
    // One item has nothing to be unique with: only a tag in it would change it.
    if (value.length === 0 || (value.length === 1 && !(value[0] instanceof ResetTag) && withoutTags(value[0]) === value[0])) continue;
    const rule = ruleFor(['services', name, key]);
    if (rule.kind === 'unique') result = withKey(result, key, same(value, mergeUnique([], value, rule.identity)));
    else if (rule.kind === 'dictionary') result = withKey(result, key, same(value, uniqueByKey(value, rule.separators)));
  }
  result = uniqueNested(result, 'build', 'args');
  return uniqueNested(result, 'deploy', 'labels');
}

/**
 * The file with every service's lists made unique; the input is not modified, and a service (or
 * list) with nothing to change is kept as it is, not copied.
 */
export function enforceUnicity(tree: YamlMap): YamlMap {
  const services = getKey(tree, 'services');
  if (!isMap(services)) return tree;
  let changed = false;
  const unique = entriesOf(services).map(([name, def]): [string, YamlValue] => {
    const u = isMap(def) ? uniqueService(name, def) : def;
    changed ||= u !== def;
    return [name, u];
  });
  if (!changed) return tree;
  const result = mapOf(entriesOf(tree));
  setKey(result, 'services', mapOf(unique));
  // Unicity makes no tag: a tag-free tree stays tag-free.
  return isTagFree(tree) ? markTagFree(result) : result;
}
