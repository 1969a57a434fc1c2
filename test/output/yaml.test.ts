/**
 * The YAML writer of the output folder (src/output/yaml.ts) writes exactly what js-yaml's
 * `dump(value, { noRefs: true, lineWidth: -1 })` writes: on every object of the examples, on strings
 * chosen to hit each style rule, and on generated JSON documents (fast-check).
 */
import fc from 'fast-check';
import { dump, load, YAML11_SCHEMA } from 'js-yaml';
import { yamlDocument } from '../../src/output/yaml';
import { compileProject, PROJECTS } from '../helpers';

const jsYaml = (v: unknown) => dump(v, { noRefs: true, lineWidth: -1 });

/** Strings at the edges of each rule: YAML 1.1 booleans and numbers, indicators, breaks, blanks, invisibles. */
const TRICKY = [
  '', ' ', '  ', '\t', '\n', '\n\n', 'a\n', 'a\n\n', 'a\n\n\n', '\na', ' a\nb', 'a\n b', 'a \nb', 'a\n\nb', '\n  x', 'x\r\ny',
  'yes', 'Yes', 'YES', 'no', 'n', 'N', 'y', 'on', 'Off', 'true', 'False', 'null', 'Null', '~', '=', '<<', '-', '--', '---', '...', '--- x', '... x', '----',
  '0', '00', '0755', '0o17', '0x1F', '0b101', '1_000', '1:20', '1:20:30', '-1', '+1', '1.5', '.5', '1.', '1e3', '1E3', '.inf', '-.Inf', '.NaN', '2024-01-01', '2001-12-14t21:59:43.10-05:00',
  'a: b', 'a:b', 'a:', ':a', ': a', 'a #b', 'a#b', '#a', '- a', '-a', '? a', '?a', '[a]', '{a}', 'a,b', '*a', '&a', '!a', '|a', '>a', "'a", '"a', '%a', '@a', '`a',
  "it's", 'say "hi"', 'back\\slash', 'a\tb', 'tab\t', '\u00a0', 'a\u0085b', '\u2028', '\ufeff', 'caf\u00e9', '\u{1F600}', '\ud800', 'x\u0000y', '\x1b[0m',
  'http://localhost:8080/health', 'postgres://app:$(POSTGRES_PASSWORD)@db/app', '$(VAR)', '$$(VAR)', 'sh -c "exit 0"', 'a  b', 'a ', ' a', 'x'.repeat(2000),
  'if [ -f /tmp/x ]; then exit 0; fi', 'echo a > b', 'redis-cli ping || exit 1', '*', '1.27.3', 'v1', 'apps/v1', '8080', 'cpu', '500m', '2Gi',
];

describe('yamlDocument writes what js-yaml dump writes', () => {
  test.each(PROJECTS)('every object and document of %s', (project) => {
    for (const o of compileProject(project).objects) expect(yamlDocument(o)).toBe(jsYaml(o));
  });

  test('each tricky string as a value, a key, a list item and the root, at several depths', () => {
    for (const s of TRICKY) {
      for (const v of [s, { [s]: s }, [s], { a: { b: [s, { [s]: [s] }] } }, [[s]], { k: s, after: 'x' }, [s, []], { s, e: {} }]) {
        expect(yamlDocument(v)).toBe(jsYaml(v));
      }
    }
  });

  test('numbers, booleans, null, empty and undefined members; floats and odd objects go to js-yaml itself', () => {
    const values: unknown[] = [
      { a: 1, b: -2, c: 0, d: 2 ** 53, e: 1e20, f: 1e21, g: 0.5, h: -0, i: NaN, j: Infinity, k: true, l: false, m: null, n: undefined, o: [undefined, null], p: {}, q: [] },
      { only: undefined },
      [],
      {},
      'x',
      12,
      null,
      { date: new Date(0), set: new Set([1]) },
      { 'multi\nline key': 1, ['k'.repeat(1100)]: 2 },
      Object.assign(Object.create(null), { a: 1 }),
    ];
    for (const v of values) expect(yamlDocument(v)).toBe(jsYaml(v));
  });

  test('generated JSON documents (fast-check)', () => {
    const text = fc.oneof(
      fc.constantFrom(...TRICKY),
      fc.string({ unit: fc.constantFrom('a', 'Z', '0', '1', ' ', ':', '#', '-', '.', "'", '"', '\n', '\t', '\\', '$', '{', '[', ',', '?', 'é', '\u2028', '\x7f', '~', '*') }),
      fc.string({ unit: 'binary' }),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, text, fc.integer(), fc.boolean(), fc.constant(null), tie('list'), tie('map')),
      list: fc.array(tie('node'), { maxLength: 4 }),
      map: fc.dictionary(text, tie('node'), { maxKeys: 4 }),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        expect(yamlDocument(v)).toBe(jsYaml(v));
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 300) },
    );
  });

  // js-yaml writes a first key `--- x` plain, which reads as a document marker; no Kubernetes object
  // starts with such a key (apiVersion comes first), so those are left out here.
  test('what it writes reads back identically under YAML 1.1 (kubectl) and 1.2', () => {
    for (const s of TRICKY.filter((x) => (!/[\ud800-\udfff]/.test(x) || /[\ud800-\udbff][\udc00-\udfff]/.test(x)) && !/^(---|\.\.\.)/.test(x))) {
      const doc = { [s.replace(/\n/g, ' ') || 'k']: s, list: [s] };
      const text = yamlDocument(doc);
      expect(load(text, { schema: YAML11_SCHEMA })).toEqual(doc);
      expect(load(text)).toEqual(doc);
    }
  });
});
