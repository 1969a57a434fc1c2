/**
 * A fast path for reading a compose file: about ten times faster than the `yaml` library's
 * `parseAllDocuments` + {@link toPlainData} on a large file, with exactly the same result for the
 * documents it accepts, and no result (undefined: "not taken") for every other document, which
 * then goes to the full path (read.ts) unchanged, errors and their positions included.
 *
 * What it does: js-yaml 5's event parser (`parseEvents`: a flat list of events that point into the
 * text; no schema, no objects) reads the syntax, and {@link fastParseYaml} builds the plain data
 * from the events itself, the way {@link toPlainData} builds it from the `yaml` library's nodes:
 * - a plain scalar is resolved by the `yaml` library's own YAML 1.2 core tags plus our octalInt
 *   (the same tag objects, the same `test` regexps and `resolve` functions, first match wins, in
 *   the `yaml` schema's order); quoted and block scalars stay strings;
 * - keys become strings as toPlainData's `keyOf` makes them (`null` → "null", `1.0` → "1");
 *   `__proto__` becomes an own key (define semantics, as `setKey`);
 * - merge keys: only a plain untagged `<<` merges (a quoted one is an ordinary key), with
 *   toPlainData's precedence: keys written in the mapping win, then the first merged mapping;
 * - an alias returns the very value its anchor built (shared, as toPlainData shares it).
 *
 * When it falls back (returns undefined), so that the full path reads the document as before:
 * - js-yaml throws anything (every syntax error, nesting past the parser's bound);
 * - the text holds a tab or a lone carriage return; a directive; not exactly one document; a root
 *   that is not a mapping;
 * - any tag (`!reset`, `!override`, `!!str` …);
 * - a key that is not a plain or quoted scalar (complex `? ` keys, flow collections, aliases), or
 *   is empty, anchored, not on one line with its `:`, or that `:` more than 1,000 characters from
 *   the line's start (yaml refuses implicit keys over 1,024); two keys equal as strings;
 * - a double-quoted scalar with an escaped line break (the two parsers fold it differently);
 * - an anchor defined twice or named with other than letters, digits, `_`, `.` and `-`; an unknown
 *   alias; an alias inside its own anchor (a cycle);
 * - more than `maxAliases` aliases (toPlainData counts each alias node once, as here) or nesting
 *   deeper than {@link FAST_MAX_DEPTH}: every bound of read.ts is then reported by the full path
 *   with its own message (what aliases expand to is bounded by read.ts on either path's result,
 *   the same shared structure);
 * - a merge whose value is not a mapping, an alias to one or a written unanchored list of them;
 * - a `yaml` tag resolver that reports an error.
 *
 * Why it is safe: every construct it accepts maps one to one onto what toPlainData does with the
 * same construct, and everything the two parsers could read differently is handed on. The
 * differential test (test/compose/fast-yaml.test.ts) holds it equal to the full path (values,
 * types, key order, property shape, shared aliases, diagnostics) on every YAML file of the
 * repository, every generated conformance project, scalar and structure edge cases, mutated
 * corpus files, random scalar texts and random documents with anchors and merge keys.
 */
import { EVENT_ID, SCALAR_STYLE, parseEvents } from 'js-yaml';
import { interpolates, isInterpolating, markInterpolating, type YamlMap, type YamlValue } from '../yaml-value';
import { TAG_FIRST_CHARACTERS, resolvePlain } from './plain-scalars';
import { scanEvents } from './fast-events';
import { EventTable, MAX_KEY_COLUMN } from './event-table';

/** Deepest nesting the fast path reads; a deeper document goes to the full path (bounded there): 50. */
export const FAST_MAX_DEPTH = 50;


/** Anchor names the fast path reads (yaml refuses some others, e.g. one ending in `:`). */
const ANCHOR_NAME = /^[\w.-]+$/;

/** Thrown inside the fast path to hand the document to the full path. */
class NotTaken extends Error {}

const notTaken = (): never => {
  throw new NotTaken();
};

function setOwn(map: YamlMap, key: string, value: YamlValue): void {
  if (key === '__proto__') Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
  else map[key] = value;
}

/** Keys of a mapping up to which duplicates are found by comparing them one by one: 16. */
const SHORT_MAPPING = 16;

/** True when `text` holds a line break (CR or LF) from `start` up to `end`. */
function hasLineBreak(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
  }
  return false;
}

const hasOwn = (map: YamlMap, key: string): boolean => Object.prototype.hasOwnProperty.call(map, key);

/** True when a value read (a string, or a list or mapping already built) holds a string that interpolates. */
function holdsInterpolation(v: YamlValue): boolean {
  return typeof v === 'string' ? interpolates(v) : typeof v === 'object' && v !== null && isInterpolating(v as YamlMap);
}

const isPlainMap = (v: unknown): v is YamlMap => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Builds the plain data of one document's events (see the module comment). */
class Builder {
  private i = 1;
  private aliases = 0;
  private readonly anchors = new Map<string, YamlValue>();
  private readonly building = new Set<unknown>();
  /**
   * At least as many values as the document expands to, aliases followed at every use (every
   * value read counts, an alias as the bound of its anchor's value; what a merge key reads counts
   * whole, though some of it is left out).
   */
  expanded = 0;
  /** At least the deepest level the document expands to, counted as {@link expanded}. */
  deepest = 0;
  /** {@link expanded} and {@link deepest} of each anchor's value, relative to it. */
  private readonly bounds = new Map<string, { readonly values: number; readonly height: number }>();

  constructor(
    private readonly text: string,
    private readonly events: EventTable,
    private readonly maxAliases: number,
  ) {}

  private anchor(start: number, end: number, value: YamlValue): void {
    if (start === -1) return;
    const name = this.text.slice(start, end);
    if (this.anchors.has(name) || !ANCHOR_NAME.test(name)) notTaken();
    this.anchors.set(name, value);
  }

  /** Plain scalars resolved so far (keys such as `image` repeat): the value is a primitive, so sharing it is exact. */
  private readonly resolved = new Map<string, YamlValue>();

  /** {@link resolvePlain}, once per distinct text of a document. */
  private plain(source: string): YamlValue {
    // No tag can match (see TAG_FIRST_CHARACTERS): a string, without a look-up in `resolved`.
    if (source !== '' && !TAG_FIRST_CHARACTERS.test(source)) return source;
    let v = this.resolved.get(source);
    if (v === undefined) {
      v = resolvePlain(source, notTaken);
      this.resolved.set(source, v);
    }
    return v;
  }

  /** Index of the next event to read. */
  get position(): number {
    return this.i;
  }

  /** The next node's value (consumes its events). */
  value(depth: number): YamlValue {
    const ev = this.events;
    const e = this.i++;
    const type = ev.type[e];
    // Most nodes: a scalar on one line without escapes (`fast`), anchor or tag. Read here as node()
    // reads it (the same value, bounds and flag) without its calls, which cost most of the time
    // spent on a first run (a compose file is read once).
    if (type === EVENT_ID.SCALAR && ev.fast[e] === 1 && ev.anchorStart[e] === -1 && ev.tagStart[e] === -1) {
      this.expanded++;
      if (depth > this.deepest) this.deepest = depth;
      const source = this.text.slice(ev.valueStart[e], ev.valueEnd[e]);
      const v = ev.style[e] === SCALAR_STYLE.PLAIN ? this.plain(source) : source;
      this.interpolating = typeof v === 'string' && interpolates(v);
      return v;
    }
    if (type === EVENT_ID.ALIAS) {
      if (++this.aliases > this.maxAliases) notTaken();
      const name = this.text.slice(ev.anchorStart[e], ev.anchorEnd[e]);
      if (!this.anchors.has(name) || !ANCHOR_NAME.test(name)) notTaken();
      const target = this.anchors.get(name) as YamlValue;
      if (this.building.has(target)) notTaken();
      const bound = this.bounds.get(name) as { values: number; height: number };
      this.expanded += bound.values;
      this.deepest = Math.max(this.deepest, depth + bound.height);
      this.interpolating = holdsInterpolation(target);
      return target;
    }
    if (type !== EVENT_ID.SCALAR && type !== EVENT_ID.SEQUENCE && type !== EVENT_ID.MAPPING) return notTaken();
    this.expanded++;
    if (ev.anchorStart[e] === -1) {
      this.deepest = Math.max(this.deepest, depth);
      return this.node(e, depth);
    }
    // An anchor's value: its bounds are kept for its aliases.
    const expanded = this.expanded - 1;
    const deepest = this.deepest;
    this.deepest = depth;
    const v = this.node(e, depth);
    this.bounds.set(this.text.slice(ev.anchorStart[e], ev.anchorEnd[e]), { values: this.expanded - expanded, height: this.deepest - depth });
    this.deepest = Math.max(deepest, this.deepest);
    return v;
  }

  /** A scalar, list or mapping (not an alias) whose event (row `e`) was just read. */
  private node(e: number, depth: number): YamlValue {
    const ev = this.events;
    const type = ev.type[e];
    if (type === EVENT_ID.SCALAR) {
      if (ev.tagStart[e] !== -1) notTaken();
      // yaml and js-yaml fold an escaped line break (`\` at a line's end) differently.
      if (ev.style[e] === SCALAR_STYLE.DOUBLE_QUOTED && ev.fast[e] === 0 && /\\[\r\n]/.test(this.text.slice(ev.valueStart[e], ev.valueEnd[e]))) notTaken();
      const source = ev.scalarValue(this.text, e);
      const v = ev.style[e] === SCALAR_STYLE.PLAIN ? this.plain(source) : source;
      this.anchor(ev.anchorStart[e], ev.anchorEnd[e], v);
      this.interpolating = typeof v === 'string' && interpolates(v);
      return v;
    }
    if (depth >= FAST_MAX_DEPTH) notTaken();
    // Only an anchored list or mapping can be the target of an alias (refused inside it: a cycle).
    const anchored = ev.anchorStart[e] !== -1;
    if (ev.tagStart[e] !== -1) notTaken();
    if (type === EVENT_ID.SEQUENCE) {
      const out: YamlValue[] = [];
      this.anchor(ev.anchorStart[e], ev.anchorEnd[e], out);
      if (anchored) this.building.add(out);
      let interpolating = false;
      while (ev.type[this.i] !== EVENT_ID.POP) {
        out.push(this.value(depth + 1));
        interpolating ||= this.interpolating;
      }
      this.i++;
      if (anchored) this.building.delete(out);
      if (interpolating) markInterpolating(out);
      this.interpolating = interpolating;
      return out;
    }
    if (type === EVENT_ID.MAPPING) {
      const out: YamlMap = {};
      this.anchor(ev.anchorStart[e], ev.anchorEnd[e], out);
      if (anchored) this.building.add(out);
      const interpolating = this.mapping(out, depth);
      if (anchored) this.building.delete(out);
      if (interpolating) markInterpolating(out);
      this.interpolating = interpolating;
      return out;
    }
    return notTaken();
  }

  /** Whether the key {@link key} read last is a merge (`<<`). */
  private merge = false;

  /** Whether the value {@link value} read last holds a string that interpolates (yaml-value.ts `interpolates`). */
  private interpolating = false;

  /** A key: a plain or quoted scalar on one line, untagged and unanchored; `<<` (plain) is a merge ({@link merge}). */
  private key(): string {
    const ev = this.events;
    const e = this.i++;
    if (ev.type[e] !== EVENT_ID.SCALAR || ev.tagStart[e] !== -1 || ev.anchorStart[e] !== -1) return notTaken();
    const style = ev.style[e];
    const valueStart = ev.valueStart[e];
    if (!ev.keysChecked) {
      // An empty key (`: x`) goes to the full path: yaml refuses some forms js-yaml reads (`: a: b`).
      if (valueStart === -1) notTaken();
      if (style !== SCALAR_STYLE.PLAIN && style !== SCALAR_STYLE.SINGLE_QUOTED && style !== SCALAR_STYLE.DOUBLE_QUOTED) notTaken();
      // The key and its `:` on one line, at most MAX_KEY_COLUMN characters from the line's start
      // (yaml refuses an implicit key whose `:` is more than 1,024 characters after its start).
      const colon = this.text.indexOf(':', ev.valueEnd[e]);
      const lineStart = this.text.lastIndexOf('\n', valueStart) + 1;
      if (colon === -1 || colon - lineStart > MAX_KEY_COLUMN || hasLineBreak(this.text, valueStart, colon)) notTaken();
    }
    const source = ev.fast[e] === 1 ? this.text.slice(valueStart, ev.valueEnd[e]) : ev.scalarValue(this.text, e);
    this.merge = false;
    if (style !== SCALAR_STYLE.PLAIN) return source;
    const v = this.plain(source);
    this.merge = v === '<<';
    return v === null ? 'null' : String(v);
  }

  /** The merge sources of a `<<` value: one mapping (written or an alias) or a written list of them. */
  private mergeSources(depth: number): YamlMap[] {
    const ev = this.events;
    const e = this.i;
    let sources: YamlValue[];
    if (ev.type[e] === EVENT_ID.SEQUENCE) {
      // toPlainData reads a written list's items, never the list: an anchor on it would differ.
      if (ev.tagStart[e] !== -1 || ev.anchorStart[e] !== -1 || depth + 1 >= FAST_MAX_DEPTH) notTaken();
      this.i++;
      sources = [];
      while (ev.type[this.i] !== EVENT_ID.POP) sources.push(this.value(depth + 1));
      this.i++;
    } else sources = [this.value(depth + 1)];
    return sources.map((s) => (isPlainMap(s) ? s : notTaken()));
  }

  /** Reads a mapping's entries into `out`; true when a value holds a string that interpolates. */
  private mapping(out: YamlMap, depth: number): boolean {
    // Until a merge key (`<<`) comes, each value goes to `out` as it is read (nothing can see `out`
    // before it is done: an alias to it is a cycle). From the first merge key on, the keys wait
    // here, for precedence: keys written in the mapping win, then the first merged mapping.
    let rest: { keys: string[]; values: (YamlValue | YamlMap[])[]; merges: boolean[] } | undefined;
    // The waiting keys, for the duplicate test once they are many (a few are compared one by one).
    let seen: Set<string> | undefined;
    let interpolating = false;
    while (this.events.type[this.i] !== EVENT_ID.POP) {
      const key = this.key();
      const merge = this.merge;
      // A duplicate key (two `<<`, or `<<` and "<<", are one to yaml with merge: false) is an
      // error, or a key written twice as a string: the full path reads it.
      if (hasOwn(out, key)) notTaken();
      if (rest === undefined && !merge) {
        setOwn(out, key, this.value(depth + 1));
        interpolating ||= this.interpolating;
        continue;
      }
      rest ??= { keys: [], values: [], merges: [] };
      if (seen !== undefined) {
        if (seen.has(key)) notTaken();
        seen.add(key);
      } else {
        if (rest.keys.includes(key)) notTaken();
        if (rest.keys.length >= SHORT_MAPPING) seen = new Set([...rest.keys, key]);
      }
      rest.values.push(merge ? this.mergeSources(depth) : this.value(depth + 1));
      rest.keys.push(key);
      rest.merges.push(merge);
    }
    this.i++;
    if (rest === undefined) return interpolating;
    // A merged key is left out when the mapping writes it (before: already in `out`; after: here)
    // or an earlier merged mapping gave it (in `out` too).
    const writtenAfter = new Set(rest.keys.filter((_, k) => !(rest as { merges: boolean[] }).merges[k]));
    for (let k = 0; k < rest.keys.length; k++) {
      if (!rest.merges[k]) {
        setOwn(out, rest.keys[k], rest.values[k] as YamlValue);
        continue;
      }
      for (const src of rest.values[k] as YamlMap[]) {
        for (const name of Object.keys(src)) {
          if (!hasOwn(out, name) && !writtenAfter.has(name)) setOwn(out, name, src[name]);
        }
      }
    }
    // Judged on what the mapping holds in the end (a merged mapping may bring more than is kept).
    return Object.keys(out).some((k) => holdsInterpolation(out[k]));
  }
}

/** What the fast path read, and bounds of what it expands to (aliases followed at every use). */
export interface FastRead {
  readonly value: YamlMap;
  /** At least as many values as the document expands to (read.ts `expansionProblem` counts them exactly). */
  readonly values: number;
  /** At least the deepest level it expands to (the root is level 0). */
  readonly depth: number;
}

/**
 * The plain data of a compose file whose YAML the fast path reads identically to the full path
 * (see the module comment), or undefined when the full path must read it.
 */
export function fastParseYaml(text: string, maxAliases: number): YamlMap | undefined {
  return fastReadYaml(text, maxAliases)?.value;
}

/** {@link fastParseYaml} with the bounds of what the document expands to. */
export function fastReadYaml(text: string, maxAliases: number): FastRead | undefined {
  // yaml and js-yaml differ on tabs around indentation and on a lone carriage return (an old
  // Mac line end): such a text goes to the full path.
  if (text.includes('\t') || /\r(?!\n)/.test(text)) return undefined;
  try {
    // The lean reader of fast-events.ts when it takes the text (the same events), else js-yaml.
    const events = scanEvents(text) ?? jsYamlEvents(text);
    if (events === undefined || events.length < 3 || events.type[1] !== EVENT_ID.MAPPING) return undefined;
    const builder = new Builder(text, events, maxAliases);
    const value = builder.value(0);
    // The document's own closing event must be the last: exactly one document.
    if (builder.position !== events.length - 1 || events.type[events.length - 1] !== EVENT_ID.POP) return undefined;
    return { value: value as YamlMap, values: builder.expanded, depth: builder.deepest };
  } catch {
    return undefined;
  }
}

/** js-yaml's events of the text, as a table; undefined unless they start with a document without directives. */
function jsYamlEvents(text: string): EventTable | undefined {
  const events = parseEvents(text, { maxDepth: FAST_MAX_DEPTH + 10 });
  const doc = events[0];
  return doc?.type === EVENT_ID.DOCUMENT && doc.directives.length === 0 ? EventTable.of(events) : undefined;
}
