/**
 * The plain data the front end passes between its stages (read → interpolate → validate → extends →
 * merge → normalize): what js-yaml returns for a compose file, plus the two compose merge tags.
 * Mappings are plain objects; keys are always strings (js-yaml turns `1:` into `"1"`).
 */

export type YamlScalar = string | number | boolean | null;

export interface YamlMap {
  [key: string]: YamlValue;
}

export type YamlValue = YamlScalar | YamlValue[] | YamlMap | ResetTag | OverrideTag;

/** `!reset`: removes the attribute from the merged model (compose merge rules). */
export class ResetTag {
  readonly tag = '!reset';
}

/** `!override`: replaces the attribute in the merged model instead of merging it. */
export class OverrideTag {
  readonly tag = '!override';
  constructor(readonly value: YamlValue) {}
}

export function isMap(value: unknown): value is YamlMap {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof ResetTag) &&
    !(value instanceof OverrideTag)
  );
}

/** The value under an `!override` tag, or the value itself. `!reset` stays as it is. */
export function untag(value: YamlValue): YamlValue {
  return value instanceof OverrideTag ? value.value : value;
}

/** Own enumerable entries (never the prototype's), the only safe way to read a parsed mapping. */
export function entriesOf(map: YamlMap): [string, YamlValue][] {
  return Object.keys(map).map((k) => [k, map[k]]);
}

export function hasKey(map: YamlMap, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(map, key);
}

/** `map[key]` for own keys only (`constructor`, `__proto__` … are never inherited values). */
export function getKey(map: YamlMap, key: string): YamlValue | undefined {
  return hasKey(map, key) ? map[key] : undefined;
}

/**
 * Builds a mapping from entries. Uses define semantics, so a key such as `__proto__` becomes an
 * ordinary own key instead of changing the prototype.
 */
export function mapOf(entries: Iterable<readonly [string, YamlValue]>): YamlMap {
  return Object.fromEntries(entries) as YamlMap;
}

/**
 * Sets an own key with define semantics (see {@link mapOf}). Only `__proto__` needs
 * `defineProperty`: every other key of a plain data mapping is set the same way by assignment, which
 * is much faster.
 */
export function setKey(map: YamlMap, key: string, value: YamlValue): void {
  if (key === '__proto__') Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
  else map[key] = value;
}

/** Removes `!reset` keys and unwraps `!override` values, recursively: the tree as a single file means it. */
export function stripTags(value: YamlValue): YamlValue {
  const v = untag(value);
  if (Array.isArray(v)) return v.filter((x) => !(x instanceof ResetTag)).map(stripTags);
  if (isMap(v)) {
    return mapOf(entriesOf(v).filter(([, x]) => !(x instanceof ResetTag)).map(([k, x]) => [k, stripTags(x)]));
  }
  return v;
}

/**
 * {@link stripTags} without copying what holds no tag: the same result, but a list or mapping
 * with no `!reset` / `!override` anywhere below it is returned itself, not a copy. For the front
 * end's trees, which no stage modifies (every stage builds new mappings and lists where it changes
 * one); a value handed to a later stage is copied with {@link stripTags}.
 */
export function withoutTags(value: YamlValue): YamlValue {
  return typeof value === 'object' && value !== null && TAG_FREE.has(value) ? value : strip(value);
}

/**
 * Trees known to hold no `!reset` or `!override` anywhere: what the fast YAML path reads (it takes
 * no tag), and what interpolation and unicity make of such a tree. Trees are never modified, so
 * this stays true.
 */
const TAG_FREE = new WeakSet<object>();

/** Records that `tree` holds no tag (see TAG_FREE); returns it. */
export function markTagFree<T extends YamlMap>(tree: T): T {
  TAG_FREE.add(tree);
  return tree;
}

/** True when `tree` is known to hold no tag ({@link markTagFree}); false says nothing. */
export function isTagFree(tree: YamlMap): boolean {
  return TAG_FREE.has(tree);
}

/** {@link withoutTags}, without asking TAG_FREE. */
function strip(value: YamlValue): YamlValue {
  const v = untag(value);
  if (Array.isArray(v)) {
    let out: YamlValue[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      const stripped = x instanceof ResetTag ? undefined : strip(x);
      if (out === undefined && stripped !== x) out = v.slice(0, i);
      if (out !== undefined && stripped !== undefined) out.push(stripped);
    }
    return out ?? v;
  }
  if (isMap(v)) {
    let out: YamlMap | undefined;
    const keys = Object.keys(v);
    for (let i = 0; i < keys.length; i++) {
      const x = v[keys[i]];
      const stripped = x instanceof ResetTag ? undefined : strip(x);
      if (out === undefined && stripped !== x) {
        out = {};
        for (let j = 0; j < i; j++) setKey(out, keys[j], v[keys[j]]);
      }
      if (out !== undefined && stripped !== undefined) setKey(out, keys[i], stripped);
    }
    return out ?? v;
  }
  return v;
}

/** True for a string interpolation may change or refuse: one holding `$` or U+0000 (its mark character). */
export function interpolates(s: string): boolean {
  return s.includes('$') || s.includes('\u0000');
}

/** Lists and mappings with a string that {@link interpolates} somewhere below them. */
const INTERPOLATING = new WeakSet<object>();

/** Roots whose lists and mappings were all judged when read: those not in INTERPOLATING hold no such string. */
const INTERPOLATION_KNOWN = new WeakSet<object>();

/** Records that `container` holds a string that {@link interpolates} (the fast YAML path, as it builds a tree). */
export function markInterpolating(container: YamlMap | YamlValue[]): void {
  INTERPOLATING.add(container);
}

/** Records that every list and mapping below `tree` that holds such a string was marked (see markInterpolating). */
export function markInterpolationKnown<T extends YamlMap>(tree: T): T {
  INTERPOLATION_KNOWN.add(tree);
  return tree;
}

/** True when `tree` was marked with {@link markInterpolationKnown}. */
export function interpolationKnown(tree: YamlMap): boolean {
  return INTERPOLATION_KNOWN.has(tree);
}

/**
 * True when `container` was marked with {@link markInterpolating}; below a root for which
 * {@link interpolationKnown}, false means it holds no string that interpolates.
 */
export function isInterpolating(container: YamlMap | YamlValue[]): boolean {
  return INTERPOLATING.has(container);
}

/** Dotted path of a key below `parent` (`services.web` + `ports` → `services.web.ports`). */
export function keyPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

/** Path of a list item (`services.web.ports` + 0 → `services.web.ports[0]`). */
export function indexPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}
