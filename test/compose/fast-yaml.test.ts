/**
 * The fast YAML path (src/compose/read/fast-yaml.ts) against the full path (the `yaml` library and
 * toPlainData): for every YAML file of the repository, every generated conformance project, scalar
 * and structure edge cases and mutated corpus files, reading through the fast path must give the
 * same diagnostics and the same data — same values and types (-0, NaN and Infinity told apart),
 * same key order, same own-property shape, same sharing of aliased values — or not be taken.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Diagnostics, formatDiagnostic } from '../../src/diagnostics';
import { fastParseYaml, fastReadYaml } from '../../src/compose/read/fast-yaml';
import { IMPLICIT_TESTS, TAG_FIRST_CHARACTERS } from '../../src/compose/read/plain-scalars';
import { MAX_ALIASES, parseComposeYaml, parseComposeYamlFully } from '../../src/compose/read/read';
import { OverrideTag, ResetTag } from '../../src/compose/yaml-value';
import { MapLookup, NO_SECRETS, interpolateTree } from '../../src/compose/interpolate';
import { generatedProjects } from '../conformance/generate/projects';
import { ROOT } from '../helpers';
import { REPO_FILES, mutate, random, randomDocument } from './yaml-texts';

/** A canonical text of a value: types, key order, property shape and shared references all show. */
function canonical(value: unknown): string {
  const ids = new Map<object, number>();
  const walk = (v: unknown): unknown => {
    if (typeof v === 'number') return `number:${Object.is(v, -0) ? '-0' : String(v)}`;
    if (v === null || typeof v !== 'object') return `${typeof v}:${String(v)}`;
    if (ids.has(v)) return `ref:${ids.get(v)}`;
    ids.set(v, ids.size);
    if (v instanceof ResetTag) return 'reset';
    if (v instanceof OverrideTag) return ['override', walk(v.value)];
    if (Array.isArray(v)) return ['list', ...v.map(walk)];
    const proto = Object.getPrototypeOf(v) === Object.prototype ? 'object' : 'other-prototype';
    const own = Object.getOwnPropertyNames(v).map((k) => {
      const d = Object.getOwnPropertyDescriptor(v, k) as PropertyDescriptor;
      return [k, `${d.enumerable}${d.writable}${d.configurable}`, walk(d.value)];
    });
    return [proto, ...own];
  };
  return JSON.stringify(walk(value));
}

interface Outcome {
  readonly taken: boolean;
  readonly value: string;
  readonly json: string | undefined;
  readonly diagnostics: string[];
  /** The document interpolated (X set, Y not): the tree, diagnostics and failed paths. */
  readonly interpolated?: string;
}

const SCOPE = { variables: new MapLookup(new Map([['X', 'x1']])), secrets: NO_SECRETS };

function read(text: string, full: boolean): Outcome {
  const diags = new Diagnostics();
  const value = full ? parseComposeYamlFully(text, 'compose.yaml', diags) : parseComposeYaml(text, 'compose.yaml', diags);
  // The fast path also marks what interpolation may skip: the result must be the full path's.
  const idiags = new Diagnostics();
  const i = value === undefined ? undefined : interpolateTree(value, 'compose.yaml', SCOPE, idiags);
  return {
    taken: !full && fastParseYaml(text, MAX_ALIASES) !== undefined,
    value: canonical(value),
    json: JSON.stringify(value),
    diagnostics: diags.all.map(formatDiagnostic),
    ...(i === undefined ? {} : { interpolated: canonical([i.tree, idiags.all.map(formatDiagnostic), [...i.failedPaths]]) }),
  };
}

/** What a value expands to, aliases followed at every use (read.ts expansionProblem's count), exactly. */
function expansion(value: unknown): { values: number; depth: number } {
  const known = new Map<object, { values: number; depth: number }>();
  const walk = (v: unknown): { values: number; depth: number } => {
    if (v === null || typeof v !== 'object') return { values: 1, depth: 0 };
    const seen = known.get(v);
    if (seen !== undefined) return seen;
    const children = (Array.isArray(v) ? v : Object.keys(v).map((k) => (v as Record<string, unknown>)[k])).map(walk);
    const result = { values: 1 + children.reduce((n, c) => n + c.values, 0), depth: Math.max(0, ...children.map((c) => c.depth + 1)) };
    known.set(v, result);
    return result;
  };
  return walk(value);
}

/** The fast path's bounds of what a document it takes expands to are never below the truth. */
function boundsHold(text: string): void {
  const fast = fastReadYaml(text, MAX_ALIASES);
  if (fast === undefined) return;
  const exact = expansion(fast.value);
  expect(fast.values).toBeGreaterThanOrEqual(exact.values);
  expect(fast.depth).toBeGreaterThanOrEqual(exact.depth);
}

/** Reads `text` both ways, expects the same outcome, and tells whether the fast path took it. */
function same(text: string, name = 'text'): boolean {
  boundsHold(text);
  const fast = read(text, false);
  const full = read(text, true);
  expect({ name, value: fast.value, json: fast.json, diagnostics: fast.diagnostics, interpolated: fast.interpolated }).toEqual({
    name,
    value: full.value,
    json: full.json,
    diagnostics: full.diagnostics,
    interpolated: full.interpolated,
  });
  return fast.taken;
}

describe('the fast YAML path reads what the full path reads', () => {
  test('every YAML file of the repository (examples, fixtures, corpus, conformance, fuzz regressions)', () => {
    expect(REPO_FILES.length).toBeGreaterThan(90);
    let taken = 0;
    for (const file of REPO_FILES) if (same(fs.readFileSync(file, 'utf8'), path.relative(ROOT, file))) taken++;
    // Most compose files are plain YAML: the fast path must take them, or it is no faster.
    expect(taken).toBeGreaterThan(REPO_FILES.length / 2);
  });

  test('every compose file of the generated conformance projects', () => {
    const texts = generatedProjects(75, 20261206).flatMap((p) =>
      Object.entries(p.files)
        .filter(([name]) => /\.ya?ml$/.test(name))
        .map(([name, text]) => [`${p.kind}/${name}`, text] as const),
    );
    expect(texts.length).toBeGreaterThan(500);
    let taken = 0;
    for (const [name, text] of texts) if (same(text, name)) taken++;
    expect(taken).toBeGreaterThan(texts.length / 2);
  });

  test('mutated corpus files: a character or a line added or removed', () => {
    const files = REPO_FILES.filter((f) => f.includes(`${path.sep}corpus${path.sep}`) || f.includes(`${path.sep}examples${path.sep}`));
    const next = random(29);
    let taken = 0;
    let count = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      for (let m = 0; m < 40; m++) {
        const mutant = mutate(text, next);
        count++;
        if (same(mutant, `${path.relative(ROOT, file)} mutant ${m}`)) taken++;
      }
    }
    expect(count).toBeGreaterThan(1000);
    expect(taken).toBeGreaterThan(count / 4);
  });
});

/** A case: its name, its text, and whether the fast path must take it (true) or hand it on (false). */
type Case = readonly [string, string, boolean];

const scalars = [
  '0755', '-0755', '+0755', '00', '08', '0', '0o17', '0o8', '0x1F', '0x', '0x7FFFFFFFFFFFFFFF', '0b101', '1_000', '+1', '-0',
  '123456789012345678901234567890', '.inf', '-.inf', '+.Inf', '.NaN', '.nan', '.NAN', '.Nan', '1e3', '1E3', '-.5e-3', '1e400',
  '1.', '.5', '1.50', '1.0e+3', '~', 'null', 'Null', 'NULL', 'nUll', 'true', 'TRUE', 'True', 'tRue', 'false', 'FALSE', 'yes',
  'no', 'on', 'off', 'y', 'n', '2024-01-01', '2024-01-01T10:00:00Z', '12:30:45', '1:2', '"123"', "'true'", "'0755'", '"null"',
  '""', "''", '', 'a b  c', 'x # comment', 'x#no-comment', '-', '- x', 'é', '日本', '"😀"', '<<', 'a:b', '${VAR:-x}', '$$x',
] as const;

const blocks: readonly string[] = [
  'v: |\n  a\n  b\n', 'v: |-\n  a\n\n', 'v: |+\n  a\n\n\nw: 1\n', 'v: >\n  a\n  b\n\n  c\n    d\n  e\n', 'v: >-\n  a\n  b\n',
  'v: >+\n  a\n\n', 'v: |2\n    a\n  b\n', 'v: |\n\n  a\n', 'v: >\n\n  a\n  b\n\n', 'v: |\n  # not a comment\n  x\n',
  'v: a\n  b\n\n  c\n', 'v: "a\n  b\n\n  c"\n', "v: 'a\n  b\n\n  c'\n",
  'v: "\\t \\n \\\\ \\" \\x41 \\u00e9 \\U0001F600 \\0 \\a \\b \\e \\f \\r \\v \\/ \\  \\N \\_ \\L \\P"\n', "v: 'it''s'\n",
  'v: "trailing   "\n', 'v: plain   \n', 'v:\n  - |\n    x\n  - >-\n    y\n    z\n',
];

const structures: readonly Case[] = [
  ['__proto__ keys', '__proto__: {a: 1}\n"__proto__": 2\n', false],
  ['a __proto__ key', 'a:\n  __proto__: {polluted: true}\n  constructor: 1\n  toString: x\n', true],
  ['a __proto__ key merged', 'x: &a {__proto__: 1, b: 2}\ny: {<<: *a, c: 3}\n', true],
  ['numeric, null and boolean keys', '1: a\n0755: b\n1.0e1: c\n0x10: d\n.inf: e\ntrue: f\n~: g\n"": i\n-0: j\n', true],
  ['key order with integer-like keys', 'b: 1\na: 2\n10: x\n2: y\n"01": z\n', true],
  ['an empty key', ': x\n', false],
  ['an empty key before a compact mapping', 'a:\n  : b: c\n', false],
  ['an empty value and an empty list item', 'a:\nb: [a, , c]\nc:\n  -\n  - x\n', false],
  ['an empty value', 'a:\nb: ~\nc:\n  -\n  - x\n', true],
  ['flow collections', 'v: [a, b, {c: d}, [e], "f", 1]\nw: {a, b: , c: 1}\nx: [a: 1]\n', true],
  ['a merge key', 'base: &b {x: 1, y: 2}\nsvc:\n  y: 9\n  <<: *b\n  z: 3\n', true],
  ['a merge list: the first mapping wins', 'a: &a {k: a, p: 1}\nb: &b {k: b, q: 2}\nm:\n  <<: [*a, *b]\n  own: 0\n', true],
  ['explicit keys win wherever written', 'a: &a {k: a, j: a}\nm:\n  k: mine\n  <<: *a\n  j: mine too\n', true],
  ['a written mapping merged', 'm:\n  <<: {a: 1, b: 2}\n  b: 3\n', true],
  ['a written list of written mappings merged', 'm:\n  <<: [{a: 1}, {a: 2, b: 2}]\n', true],
  ['a quoted merge key is a key', 'a: &a {k: 1}\nm:\n  "<<": *a\n  x: 1\nn:\n  \'<<\': *a\n', true],
  ['a merge of a list', 'a: &a [1]\nm:\n  <<: *a\n', false],
  ['a merge of a scalar', 'a: &a 1\nm:\n  <<: [*a]\n', false],
  ['a merge of nothing', 'm:\n  <<:\n', false],
  ['two merge keys', 'a: &a {k: 1}\nm:\n  <<: *a\n  <<: *a\n', false],
  ['a merge key and a quoted one', 'a: &a {k: 1}\nm:\n  <<: *a\n  "<<": 1\n', false],
  ['an anchored merge list', 'a: &a {k: 1}\nm:\n  <<: &l [*a]\nn: *l\n', false],
  ['a key written before and after a merge key', 'b: &b {x: 1}\nm:\n  a: 1\n  <<: *b\n  a: 2\n', false],
  ['a merge key among many keys, one written twice after it', `b: &b {x: 1, k20: 0}\nm:\n  k0: 0\n  <<: *b\n${Array.from({ length: 20 }, (_, i) => `  k${i + 1}: ${i}`).join('\n')}\n  k7: 9\n`, false],
  ['a merge key among many keys', `b: &b {x: 1, k20: 0, k0: 5}\nm:\n  k0: 0\n  <<: *b\n${Array.from({ length: 20 }, (_, i) => `  k${i + 1}: ${i}`).join('\n')}\n`, true],
  ['interpolations in anchors, aliases, merged mappings and lists', 'a: &a {k: "${X}", j: 1}\nb: &b "${Y:-d}"\nc: [*b, 1, {m: *a}]\nd: {<<: *a, k: 2}\ne: {<<: *a, z: "$$"}\nf: "\\0"\ng: [[x, "${X"]]\nh: [{i: "\\0"}]\n', true],
  ['merge of a merged mapping', 'a: &a {k: 1}\nb: &b {<<: *a, j: 2}\nc: {<<: *b}\n', true],
  ['anchors reused: one shared value', 'x: &a {k: [1, 2]}\ny: *a\nz: *a\nl: &l [a]\nm: [*l, *l]\nn: &n 5\no: *n\n', true],
  ['an anchor redefined', 'a: &x 1\nb: *x\nc: &x 2\nd: *x\n', false],
  ['an alias before its anchor', 'a: *x\nb: &x 1\n', false],
  ['an alias inside its own anchor', 'a: &x\n  b: *x\n', false],
  ['an alias as a key', 'a: &k key\n*k : v\n', false],
  ['an anchored key', '&k a: 1\nb: *k\n', false],
  ['tags', 'a: !reset\nb: !override [1]\nc: !!str 1\nd: !!int "3"\n', false],
  ['an explicit document', '---\na: 1\n...\n', true],
  ['a directive', '%YAML 1.2\n---\na: 1\n', false],
  ['two documents', 'a: 1\n---\nb: 2\n', false],
  ['a complex key', '? [a, b]\n: c\n', false],
  ['a flow key', '[a, b]: c\n', false],
  ['a block key', '? |\n  a\n: b\n', false],
  ['CRLF line ends', 'a: 1\r\nb: |\r\n  x\r\n  y\r\nc: "p\r\n  q"\r\n', true],
  ['a byte order mark', '\uFEFFa: 1\n', true],
  ['a comment after a quoted scalar', 'a: "x"#c\n', false],
  ['a long key', `${'k'.repeat(1100)}: 1\n`, false],
  ['a key whose : is over 1,024 characters after its start', `${'k'.repeat(1000)}${' '.repeat(40)}: 1\n`, false],
  ['a quoted key whose : is over 1,024 characters after its start', `"${'k'.repeat(998)}"${' '.repeat(40)}: 1\n`, false],
  ['a lone carriage return', 'a: 1\rb: 2\n', false],
  ['an escaped line break before an empty line', 'a: "x\\\n\n  y"\n', false],
  ['escaped line breaks', 'v: "a\\\n  b"\nw: "a \\\n  b"\n', false],
  ['line and paragraph separators, a mid-text byte order mark', 'a: x\u0085y\nb: x\u2028y\nc: "x\u2029y"\nd: 1\n\uFEFFe: 2\n', true],
  ['a multi-line quoted key', '"a\n b": 1\n', false],
  ['deep nesting', `a: ${'['.repeat(60)}${']'.repeat(60)}\n`, false],
  ['nesting past the bound', `a: ${'['.repeat(150)}${']'.repeat(150)}\n`, false],
  ['duplicate keys', 'a: 1\na: 2\n', false],
  ['keys equal as strings', '1: a\n"1": b\n', false],
  ['as many aliases as the bound', `a: &a 1\nb: [${Array(10_000).fill('*a').join(', ')}]\n`, true],
  ['too many aliases', `a: &a 1\nb: [${Array(10_001).fill('*a').join(', ')}]\n`, false],
  ['an alias bomb', `a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 7 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`).join('\n')}\n`, true],
  ['a flow list closed at its key indentation', 'a:\n  b: [\n    x,\n    y\n  ]\nc: [\n  1\n]\n', false],
  ['reserved indicators', 'a: @x\n', false],
  ['a backtick', 'a: `x`\n', false],
  ['a nested mapping on one line', 'a: b: c\n', false],
  ['a tab', 'a:\t1\n', false],
  ['a root list', '- a\n- b\n', false],
  ['a root scalar', 'a\n', false],
  ['an empty file', '', false],
  ['only a comment', '# nothing\n', false],
  ['an unterminated quote', 'a: "x\n', false],
];

describe('the fast YAML path on edge cases', () => {
  test.each(scalars.map((s) => [s]))('the plain or quoted scalar %s, as a value and as a key', (s) => {
    // As a value the fast path must take every one; in a flow list and as a key some are not YAML.
    expect(same(`v: ${s}\n`)).toBe(s !== '- x' && s !== '-');
    same(`w: [${s}]\n`);
    same(`${s}: v\n`);
  });

  test.each(blocks.map((b) => [JSON.stringify(b), b]))('block and multi-line scalars: %s', (_name, text) => {
    expect(same(text)).toBe(true);
  });

  test.each(structures.map(([name, text, taken]) => [name, text, taken]))('%s', (_name, text, taken) => {
    expect(same(text)).toBe(taken);
  });

  test('values are what compose reads (YAML 1.2 core, octal with a leading zero)', () => {
    const v = fastParseYaml('a: 0755\nb: 0o17\nc: 0x1F\nd: 1_000\ne: yes\nf: ~\ng: .inf\nh: "1"\ni: 1.50\n', MAX_ALIASES);
    expect(v).toEqual({ a: 493, b: 15, c: 31, d: '1_000', e: 'yes', f: null, g: Infinity, h: '1', i: 1.5 });
  });

  test('a plain scalar whose first character is not in TAG_FIRST_CHARACTERS matches no tag (so it is a string)', () => {
    // The gate was read off these tests: a new or changed tag must be looked at again.
    expect(IMPLICIT_TESTS.map((t) => t.source)).toEqual([
      '^[-+]?0[0-7]+$',
      '^(?:~|[Nn]ull|NULL)?$',
      '^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$',
      '^0o[0-7]+$',
      '^[-+]?[0-9]+$',
      '^0x[0-9a-fA-F]+$',
      '^(?:[-+]?\\.(?:inf|Inf|INF)|\\.nan|\\.NaN|\\.NAN)$',
      '^[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)[eE][-+]?[0-9]+$',
      '^[-+]?(?:\\.[0-9]+|[0-9]+\\.[0-9]*)$',
    ]);
    const rests = ['', '0', '7', '1', 'ull', 'ULL', 'rue', 'RUE', 'alse', 'ALSE', 'o7', 'x1', '.5', '5', 'e3', '.5e3', 'inf', 'nan', '.inf', '.nan'];
    let gated = 0;
    const matched: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const first = String.fromCharCode(c);
      if (TAG_FIRST_CHARACTERS.test(first)) continue;
      gated++;
      for (const rest of rests) if (IMPLICIT_TESTS.some((t) => t.test(first + rest))) matched.push(first + rest);
    }
    expect(matched).toEqual([]);
    expect(gated).toBe(0x10000 - 20);
    // Every tag matches something starting with the gate's characters (the gate lets them through).
    for (const s of ['0755', '-07', '~', 'null', 'Null', 'NULL', 'true', 'False', '0o7', '+1', '0x1F', '.inf', '-.Inf', '.NaN', '1e3', '.5', '+1.5']) {
      expect(TAG_FIRST_CHARACTERS.test(s) && IMPLICIT_TESTS.some((t) => t.test(s))).toBe(true);
    }
  });

  test('the bounds of what a document expands to: exact without aliases and merge keys, at least the truth with them', () => {
    const plain = 'a: [1, {b: 2, c: [3]}]\nd: x\n';
    expect(fastReadYaml(plain, MAX_ALIASES)).toMatchObject({ values: 8, depth: 4 });
    expect(expansion(fastParseYaml(plain, MAX_ALIASES))).toEqual({ values: 8, depth: 4 });
    const aliased = 'x: &a {k: [1, 2]}\ny: *a\nz: [*a, *a]\nm: {<<: *a, j: 1}\nn: {<<: [*a, {q: 1}]}\n';
    boundsHold(aliased);
  });

  test('an aliased value is one shared object, as the full path shares it', () => {
    const v = fastParseYaml('x: &a {k: 1}\ny: *a\nm: {<<: *a}\n', MAX_ALIASES) as Record<string, unknown>;
    expect(v.y).toBe(v.x);
    expect(v.m).not.toBe(v.x);
  });
});

describe('the fast YAML path on random scalars', () => {
  test('plain, quoted and block scalars of random YAML-significant text, as values, items and keys', () => {
    const next = random(7);
    const alphabet = ['a', 'b', ' ', ' ', '\n', '\n', '\n  ', '\n    ', '\\', '"', "'", 'n', 'x', '#', ':', '-', '0', '1', '.', 'e', '&', '*', '!', '|', '>', '[', ']', '{', '}', ',', '?', '%', '@', '\\n', '\\\n', '\r\n', 'é', '~', '<<'];
    const forms: ((b: string) => string)[] = [
      (b) => `k: ${b}\nz: 1\n`,
      (b) => `k: "${b}"\nz: 1\n`,
      (b) => `k: '${b}'\nz: 1\n`,
      (b) => `k: |\n  ${b}\nz: 1\n`,
      (b) => `k: >\n  ${b}\nz: 1\n`,
      (b) => `k: |-\n  ${b}\n\nz: 1\n`,
      (b) => `k: >+\n  ${b}\n\n`,
      (b) => `k:\n  - ${b}\n  - "${b}"\n`,
      (b) => `k: [${b}]\n`,
      (b) => `k: {a: ${b}}\n`,
      (b) => `${b}: 1\n`,
      (b) => `"${b}": 1\n`,
      (b) => `k:\n  ${b}: 1\n  z: "${b}"\n`,
      (b) => `a: &x ${b}\nb: *x\n`,
      (b) => `k: ${b}\n  ${b}\n`,
    ];
    let taken = 0;
    const count = 4000;
    for (let i = 0; i < count; i++) {
      const body = Array.from({ length: 1 + next(12) }, () => alphabet[next(alphabet.length)]).join('');
      if (same(forms[next(forms.length)](body))) taken++;
    }
    expect(taken).toBeGreaterThan(count / 3);
  });
});

describe('the fast YAML path on random documents', () => {
  test('nested block and flow collections with anchors, aliases and merge keys', () => {
    const next = random(4);
    let taken = 0;
    let merged = 0;
    const count = 3000;
    for (let i = 0; i < count; i++) {
      const text = randomDocument(next);
      if (same(text)) {
        taken++;
        if (text.includes('<<: [')) merged++;
      }
    }
    // Nearly every such document is valid and plain: the fast path takes it, merge lists included.
    expect(taken).toBeGreaterThan(count * 0.9);
    expect(merged).toBeGreaterThan(300);
  });
});
