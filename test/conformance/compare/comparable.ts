/**
 * The comparable form both readers are mapped to, and the comparison itself.
 *
 * A comparable project is plain JSON (objects, arrays, strings, numbers, booleans, null). It is
 * flattened to `path → leaf` (`services.web.ports[0].published → "8080"`); two projects are equal
 * when they have the same paths with the same leaves. A leaf of ours may hold secret-variable
 * references (see {@link secretMark}): DESIGN keeps those unresolved, so such a leaf matches any
 * compose value that has the same literal text around them, and the match is recorded as the
 * deliberate deviation `secret-variable-not-resolved`.
 */

export type Comparable = null | boolean | number | string | Comparable[] | { [key: string]: Comparable };

const MARK = '\u0000';

/** How our side writes a secret-variable reference inside a string leaf. */
export function secretMark(variable: string): string {
  return `${MARK}secret:${variable}${MARK}`;
}

const MARK_RE = new RegExp(`${MARK}secret:([^${MARK}]*)${MARK}`, 'g');

export function hasSecretMark(leaf: unknown): leaf is string {
  return typeof leaf === 'string' && leaf.includes(`${MARK}secret:`);
}

/** Readable text of a leaf (secret marks as `${VAR}`). */
export function show(leaf: unknown): string {
  if (leaf === undefined) return '(absent)';
  const text = JSON.stringify(leaf);
  return text.replace(/\\u0000secret:([^\\]*)\\u0000/g, '<secret ${$1}>');
}

export function flatten(value: Comparable, prefix = '', out = new Map<string, Comparable>()): Map<string, Comparable> {
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(prefix, []);
    value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    if (keys.length === 0) out.set(prefix, {});
    for (const k of keys) flatten(value[k], prefix === '' ? k : `${prefix}.${/^[A-Za-z0-9_-]+$/.test(k) ? k : JSON.stringify(k)}`, out);
  } else {
    out.set(prefix, value);
  }
  return out;
}

/** Lists and maps whose emptiness means something (`command: []` clears the image's command). */
const KEEP_EMPTY = new Set(['command', 'entrypoint', 'test']);

/**
 * Removes empty lists and maps (except {@link KEEP_EMPTY}): compose omits what is empty, our
 * front end writes `[]` and `{}`; neither means anything else.
 */
export function prune(value: Comparable, key = ''): Comparable | undefined {
  if (Array.isArray(value)) {
    const items = value.map((v) => prune(v) ?? null);
    return items.length === 0 && !KEEP_EMPTY.has(key) ? undefined : items;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).flatMap(([k, v]): [string, Comparable][] => {
      const p = prune(v, k);
      return p === undefined ? [] : [[k, p]];
    });
    return entries.length === 0 && !KEEP_EMPTY.has(key) && key !== '' ? undefined : Object.fromEntries(entries);
  }
  return value;
}

export interface Difference {
  readonly path: string;
  readonly ours: string;
  readonly compose: string;
}

export interface Comparison {
  readonly differences: Difference[];
  /** Leaves compared (paths present on either side). */
  readonly fields: number;
  /** Paths where a secret reference of ours matched compose's resolved value. */
  readonly secretMatches: string[];
}

/** True when compose's `leaf` is ours with every secret reference replaced by some text. */
function matchesWithSecrets(ours: string, leaf: Comparable | undefined): boolean {
  // `- NAME` of an unset variable: compose keeps it null (no value); ours refers to the secret.
  if (leaf === null) return new RegExp(`^${MARK}secret:[^${MARK}]*${MARK}$`).test(ours);
  if (typeof leaf !== 'string') return false;
  const pattern = ours
    .split(MARK_RE)
    .map((part, i) => (i % 2 === 1 ? '[\\s\\S]*?' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${pattern}$`).test(leaf);
}

export function compare(ours: Comparable, theirs: Comparable): Comparison {
  const a = flatten(prune(ours) ?? {});
  const b = flatten(prune(theirs) ?? {});
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  const differences: Difference[] = [];
  const secretMatches: string[] = [];
  for (const p of paths) {
    const x = a.get(p);
    const y = b.get(p);
    if (a.has(p) && b.has(p) && JSON.stringify(x) === JSON.stringify(y)) continue;
    if (hasSecretMark(x) && b.has(p) && matchesWithSecrets(x, y)) {
      secretMatches.push(p);
      continue;
    }
    differences.push({ path: p, ours: a.has(p) ? show(x) : '(absent)', compose: b.has(p) ? show(y) : '(absent)' });
  }
  return { differences, fields: paths.length, secretMatches };
}
