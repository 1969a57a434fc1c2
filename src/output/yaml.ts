/**
 * YAML for JSON data (plain objects, arrays, strings, booleans, null, integers), byte for byte what
 * js-yaml 5 writes with `dump(value, { noRefs: true, lineWidth: -1 })`, about ten times faster: no
 * intermediate tree, no option objects per node, and a cheap test that settles most strings (names,
 * labels, images, paths) before the YAML 1.1 resolution that decides the rest. Anything else (a
 * float, a Date, a key with a line break or over 1,024 characters) goes to js-yaml itself, so the
 * output never depends on which path wrote it. Scalar styles follow js-yaml's rules
 * (`src/ast/scalar_styler.ts`, `styler_defaults.ts`): plain when it reads back as the same string
 * under YAML 1.1 (so `yes`, `on`, `0755` are quoted, as kubectl's reader needs), else single-quoted,
 * a literal block for multi-line text, double-quoted for what nothing else can hold.
 */
import { DUMP_SCHEMA, dump } from 'js-yaml';

const INDENT = 2;
const STR_TAG = 'tag:yaml.org,2002:str';

// The patterns of js-yaml's scalar styler (YAML 1.2 productions), for the strings the fast test leaves.
const C_PRINTABLE = '[\\x09\\x0A\\x0D\\x20-\\x7E\\x85\\xA0-\\uD7FF\\uE000-\\uFFFD\\u{10000}-\\u{10FFFF}]';
const NB_CHAR = `(?:(?!(?:[\\n\\r]|\\uFEFF))${C_PRINTABLE})`;
const NS_CHAR = `(?:(?![ \\t])${NB_CHAR})`;
const NB_JSON = '[\\x09\\x20-\\uD7FF\\uE000-\\uFFFF\\u{10000}-\\u{10FFFF}]';
const NS_PLAIN_FIRST = `(?:(?:(?![-?:,\\[\\]{}#&*!|>'"%@\`])${NS_CHAR})|[?:-](?=${NS_CHAR}))`;
const NS_PLAIN_CHAR = `(?:(?:(?![:#])${NS_CHAR})|:(?=${NS_CHAR}))#*`;
const NB_NS_PLAIN_IN_LINE = `(?:[ \\t]*${NS_PLAIN_CHAR})*`;
const NS_PLAIN_ONE_LINE = `${NS_PLAIN_FIRST}#*${NB_NS_PLAIN_IN_LINE}`;
const NS_PLAIN_MULTI_LINE = `${NS_PLAIN_ONE_LINE}(?:\\n+${NS_PLAIN_CHAR}${NB_NS_PLAIN_IN_LINE})*`;
const PLAIN_VALUE = new RegExp(`^(?:${NS_PLAIN_MULTI_LINE})$`, 'u');
const PLAIN_KEY = new RegExp(`^(?:${NS_PLAIN_ONE_LINE})$`, 'u');
const SINGLE_ONE_LINE = new RegExp(`^(?:${NB_JSON})*$`, 'u');
const SINGLE_MULTI_LINE = new RegExp(`^(?:${NB_JSON}|\\n)*$`, 'u');
const BLOCK_CONTENT = new RegExp(`^(?:${NB_CHAR}|\\n)*$`, 'u');
const FORBIDDEN_FIRST_LINE = /^(?:---|\.\.\.)(?=$|[ \t\n\r])/;
const INVISIBLE = /[\t\x7F-\xA0\u2028\u2029\uFEFF\uFFFE\uFFFF]/;
const TO_ESCAPE = /["\\\x00-\x1F\x7F-\xA0\u2028\u2029\uD800-\uDFFF\uFEFF\uFFFE\uFFFF]/gu;

/**
 * Strings that are certainly plain in every position: printable ASCII without YAML indicators at the
 * start, without `#`, quotes, a `: `, a trailing `:` or space. Whether they read back as a string
 * (not `true`, `1.5`, `~`, `2024-01-01`) is still asked of the schema.
 */
const SIMPLE = /^[A-Za-z0-9_./$(=+^~][A-Za-z0-9_./$()=+^~ ,;<>\\:@%!?*&[\]{}-]*$/;

/** Input js-yaml must write itself (rare in Kubernetes objects). */
class Unsupported extends Error {}

const enum Style {
  Plain,
  Single,
  Literal,
  Double,
}

function readsAsString(s: string): boolean {
  return DUMP_SCHEMA.resolveImplicitScalarTag(s).tag.tagName === STR_TAG && s !== '=';
}

/**
 * Whether a string is plain by the fast test (SIMPLE, no trailing space or colon, no `: ` or ` #`,
 * reads back as a string). Keys, labels, images and names repeat across the objects of a project,
 * so the answers are kept, up to SIMPLE_CACHE_SIZE (100,000) strings of at most 256 characters.
 */
const simpleCache = new Map<string, boolean>();
const SIMPLE_CACHE_SIZE = 100_000;
function simplePlain(s: string): boolean {
  const known = simpleCache.get(s);
  if (known !== undefined) return known;
  const plain = SIMPLE.test(s) && s[s.length - 1] !== ' ' && s[s.length - 1] !== ':' && !s.includes(': ') && !s.includes(' #') && readsAsString(s);
  if (s.length <= 256 && simpleCache.size < SIMPLE_CACHE_SIZE) simpleCache.set(s, plain);
  return plain;
}

function escapeCharacter(c: string): string {
  switch (c) {
    case '\0':
      return '\\0';
    case '\x07':
      return '\\a';
    case '\b':
      return '\\b';
    case '\t':
      return '\\t';
    case '\n':
      return '\\n';
    case '\v':
      return '\\v';
    case '\f':
      return '\\f';
    case '\r':
      return '\\r';
    case '\x1B':
      return '\\e';
    case '"':
      return '\\"';
    case '\\':
      return '\\\\';
    case '\x85':
      return '\\N';
    case '\xA0':
      return '\\_';
    case '\u2028':
      return '\\L';
    case '\u2029':
      return '\\P';
  }
  const code = c.charCodeAt(0);
  const hex = code.toString(16).toUpperCase();
  return code <= 255 ? `\\x${hex.padStart(2, '0')}` : `\\u${hex.padStart(4, '0')}`;
}

/** Line breaks of a flow scalar: each run of n breaks is written as n+1, the next line indented. */
function encodeFlowBreaks(s: string, shift: number): string {
  const first = s.indexOf('\n');
  if (first === -1) return s;
  const pad = ' '.repeat(shift);
  let out = s.slice(0, first);
  const re = /(\n+)([^\n]*)/g;
  re.lastIndex = first;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) out += '\n'.repeat(m[1].length + 1) + pad + m[2];
  return out;
}

function indentLines(s: string, shift: number): string {
  const pad = ' '.repeat(shift);
  let out = '';
  for (let pos = 0; pos < s.length; ) {
    const next = s.indexOf('\n', pos);
    const line = next === -1 ? s.slice(pos) : s.slice(pos, next + 1);
    pos = next === -1 ? s.length : next + 1;
    if (line.length && line !== '\n') out += pad;
    out += line;
  }
  return out;
}

/** A line break and the indentation of `level`, made once per level. */
const NEWLINES: string[] = [];
function newline(level: number): string {
  return (NEWLINES[level] ??= `\n${' '.repeat(INDENT * level)}`);
}

class Writer {
  /** The last scalar was a block that keeps trailing empty lines: the document needs `...`. */
  openEnded = false;

  scalar(s: string, level: number, isKey: boolean): string {
    if (simplePlain(s) && !(level === 0 && FORBIDDEN_FIRST_LINE.test(s))) {
      this.openEnded = false;
      return s;
    }
    return this.styled(s, level, isKey);
  }

  /** js-yaml's styling rules for one string (block context, lineWidth -1, single quotes preferred). */
  private styled(s: string, level: number, isKey: boolean): string {
    const shiftOfParent = level === 0 ? -1 : INDENT * (level - 1);
    const shiftOfContent = INDENT * Math.max(1, level);
    const shiftOfFirstLine = level === 0 ? 0 : INDENT * level;
    const plainOk = (s === '' || ((isKey ? PLAIN_KEY : PLAIN_VALUE).test(s) && !(shiftOfFirstLine === 0 && FORBIDDEN_FIRST_LINE.test(s)))) && readsAsString(s);
    const singleOk = (isKey ? SINGLE_ONE_LINE : SINGLE_MULTI_LINE).test(s) && !/[ \t]\n|\n[ \t]/.test(s);
    const contentIndent = shiftOfContent - shiftOfParent;
    const blockOk = BLOCK_CONTENT.test(s) && contentIndent >= 1 && !(contentIndent > 9 && /^\n* /.test(s));
    let style = Style.Plain;
    if (INVISIBLE.test(s) || /^\s+$/.test(s)) style = Style.Double;
    if (style === Style.Plain && !isKey && s.includes('\n')) style = blockOk ? Style.Literal : Style.Double;
    if (style === Style.Plain && !plainOk) style = singleOk ? Style.Single : Style.Double;
    this.openEnded = style === Style.Literal && (s === '\n' || s.endsWith('\n\n'));
    switch (style) {
      case Style.Plain:
        return encodeFlowBreaks(s, shiftOfContent);
      case Style.Single:
        return `'${encodeFlowBreaks(s, shiftOfContent).replace(/'/g, "''")}'`;
      case Style.Literal: {
        const indicator = /^\n* /.test(s) ? String(contentIndent) : '';
        const clip = s[s.length - 1] === '\n';
        const chomp = clip && (s[s.length - 2] === '\n' || s === '\n') ? '+' : clip ? '' : '-';
        const body = indentLines(s, shiftOfContent);
        return `|${indicator}${chomp}\n${body[body.length - 1] === '\n' ? body.slice(0, -1) : body}`;
      }
      default:
        return `"${s.replace(TO_ESCAPE, escapeCharacter)}"`;
    }
  }

  node(v: unknown, level: number, compact: boolean): string {
    if (typeof v === 'string') return this.scalar(v, level, false);
    if (typeof v === 'boolean') return this.atom(v ? 'true' : 'false');
    if (v === null) return this.atom('null');
    if (typeof v === 'number') {
      if (!Number.isInteger(v) || Object.is(v, -0) || v.toString(10).includes('e')) throw new Unsupported();
      return this.atom(v.toString(10));
    }
    if (Array.isArray(v)) return v.length === 0 ? this.flow('[]') : this.sequence(v, level, compact);
    if (typeof v === 'object') {
      const proto = Object.getPrototypeOf(v);
      if (proto !== null && proto !== Object.prototype) throw new Unsupported();
      return this.mapping(v as Record<string, unknown>, level, compact);
    }
    throw new Unsupported();
  }

  private atom(text: string): string {
    this.openEnded = false;
    return text;
  }

  private flow(text: string): string {
    this.openEnded = false;
    return text;
  }

  private sequence(items: readonly unknown[], level: number, compact: boolean): string {
    const nl = newline(level);
    let out = '';
    for (const item of items) {
      const text = this.node(item === undefined ? null : item, level + 1, true);
      if (!compact || out !== '') out += nl;
      out += text === '' || text.charCodeAt(0) === 10 ? '-' : '- ';
      out += text;
    }
    return out;
  }

  private mapping(o: Record<string, unknown>, level: number, compact: boolean): string {
    const nl = newline(level);
    let out = '';
    let pairs = 0;
    for (const key of Object.keys(o)) {
      const value = o[key];
      if (value === undefined) continue;
      if (key.includes('\n') || key.length > 1024) throw new Unsupported();
      let pair = !compact || out !== '' ? nl : '';
      pair += this.scalar(key, level + 1, true);
      const text = this.node(value, level + 1, false);
      pair += text === '' || text.charCodeAt(0) === 10 ? ':' : ': ';
      out += pair + text;
      pairs++;
    }
    return pairs === 0 ? this.flow('{}') : out;
  }
}

/** The YAML document for `value`, exactly as `dump(value, { noRefs: true, lineWidth: -1 })` writes it. */
export function yamlDocument(value: unknown): string {
  const w = new Writer();
  try {
    const body = w.node(value, 0, true);
    return w.openEnded ? `${body}\n...\n` : `${body}\n`;
  } catch (e) {
    if (e instanceof Unsupported) return dump(value, { noRefs: true, lineWidth: -1 });
    throw e;
  }
}
