/**
 * Reading compose's `list_or_dict` values (`labels`, `annotations`, `sysctls`, `driver_opts` …)
 * into sorted string records.
 */
import { untag, entriesOf, isMap, type YamlValue } from '../yaml-value';

/**
 * A record with keys in sorted order (determinism: the same input always lists keys the same way).
 * The same record as `Object.fromEntries` of the entries stably sorted by key (a repeated key keeps
 * its first place and its last value; `__proto__` is an own key), built without the copy and the
 * sort when the entries are already in order, and without destructuring in the comparator.
 */
export function sortedRecord<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const list = Array.isArray(entries) ? (entries as readonly (readonly [string, T])[]) : [...entries];
  let inOrder = true;
  for (let i = 1; i < list.length; i++) {
    if (list[i - 1][0] > list[i][0]) {
      inOrder = false;
      break;
    }
  }
  const sorted = inOrder ? list : list.slice().sort(byKey);
  // Many keys (a large project's services): Object.fromEntries, which V8 builds faster than
  // assignment does (timed in place at 1,000 services: 4-20 ms against 9-47 ms on a first run).
  if (sorted.length > 128) return Object.fromEntries(sorted) as Record<string, T>;
  const out: Record<string, T> = {};
  for (let i = 0; i < sorted.length; i++) {
    const key = sorted[i][0];
    if (key === '__proto__') Object.defineProperty(out, key, { value: sorted[i][1], enumerable: true, writable: true, configurable: true });
    else out[key] = sorted[i][1];
  }
  return out;
}

function byKey(a: readonly [string, unknown], b: readonly [string, unknown]): number {
  const x = a[0];
  const y = b[0];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A scalar as text: null is the empty string, numbers and booleans as written in YAML. */
export function scalarText(value: YamlValue | undefined): string {
  return value === null || value === undefined ? '' : typeof value === 'object' ? '' : String(value);
}

/**
 * A mapping, or a list of `KEY=VALUE` strings, as a sorted record of strings. A list item
 * without a separator, or a null value, is the empty string. `separators`: where a list item
 * splits (the first of them wins; default `=`).
 */
export function dictionary(value: YamlValue | undefined, separators = '='): Record<string, string> {
  const v = untag(value ?? null);
  if (isMap(v)) return sortedRecord(entriesOf(v).map(([k, x]) => [k, scalarText(untag(x))]));
  if (!Array.isArray(v)) return {};
  const entries = v.flatMap((item): [string, string][] => {
    const s = untag(item);
    if (typeof s !== 'string') return [];
    const cuts = [...separators].map((sep) => s.indexOf(sep)).filter((i) => i >= 0);
    if (cuts.length === 0) return [[s, '']];
    const cut = Math.min(...cuts);
    return [[s.slice(0, cut), s.slice(cut + 1)]];
  });
  return sortedRecord(entries);
}
