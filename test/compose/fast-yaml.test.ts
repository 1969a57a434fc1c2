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
import { fastParseYaml } from '../../src/compose/read/fast-yaml';
import { MAX_ALIASES, parseComposeYaml, parseComposeYamlFully } from '../../src/compose/read/read';
import { OverrideTag, ResetTag } from '../../src/compose/yaml-value';
import { generatedProjects } from '../conformance/generate/projects';
import { ROOT } from '../helpers';

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
}

function read(text: string, full: boolean): Outcome {
  const diags = new Diagnostics();
  const value = full ? parseComposeYamlFully(text, 'compose.yaml', diags) : parseComposeYaml(text, 'compose.yaml', diags);
  return {
    taken: !full && fastParseYaml(text, MAX_ALIASES) !== undefined,
    value: canonical(value),
    json: JSON.stringify(value),
    diagnostics: diags.all.map(formatDiagnostic),
  };
}

/** Reads `text` both ways, expects the same outcome, and tells whether the fast path took it. */
function same(text: string, name = 'text'): boolean {
  const fast = read(text, false);
  const full = read(text, true);
  expect({ name, value: fast.value, json: fast.json, diagnostics: fast.diagnostics }).toEqual({
    name,
    value: full.value,
    json: full.json,
    diagnostics: full.diagnostics,
  });
  return fast.taken;
}

function yamlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : yamlFiles(p);
    return /\.ya?ml$/.test(e.name) ? [p] : [];
  });
}

const REPO_FILES = ['examples', 'test', 'crds', 'tools'].flatMap((d) => yamlFiles(path.join(ROOT, d))).sort();

describe('the fast YAML path reads what the full path reads', () => {
  test('every YAML file of the repository (examples, fixtures, corpus, conformance, fuzz regressions)', () => {
    expect(REPO_FILES.length).toBeGreaterThan(90);
    let taken = 0;
    for (const file of REPO_FILES) if (same(fs.readFileSync(file, 'utf8'), path.relative(ROOT, file))) taken++;
    // Most compose files are plain YAML: the fast path must take them, or it is no faster.
    process.stdout.write(`repo ${REPO_FILES.length} taken ${taken}\n`);
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
    process.stdout.write(`generated ${texts.length} taken ${taken}\n`);
    expect(taken).toBeGreaterThan(texts.length / 2);
  });

  test('mutated corpus files: a character or a line added or removed', () => {
    const files = REPO_FILES.filter((f) => f.includes(`${path.sep}corpus${path.sep}`) || f.includes(`${path.sep}examples${path.sep}`));
    const marks = [':', '-', ' ', '\n', '"', "'", '&a ', '*a', '<<: ', '#', '[', ']', '{', '}', '|', '>', '!', '%', '?', ',', '\\', '  ', '\t', '0', '~', '\r\n'];
    let seed = 29;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    let taken = 0;
    let count = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      for (let m = 0; m < 40; m++) {
        const at = next(text.length + 1);
        let mutant: string;
        const kind = next(4);
        if (kind === 0) mutant = text.slice(0, at) + text.slice(at + 1);
        else if (kind === 1) mutant = text.slice(0, at) + marks[next(marks.length)] + text.slice(at);
        else if (kind === 2) {
          const lines = text.split('\n');
          const i = next(lines.length);
          mutant = [...lines.slice(0, i), lines[i], ...lines.slice(i)].join('\n');
        } else {
          const lines = text.split('\n');
          const i = next(lines.length);
          mutant = [...lines.slice(0, i), lines[i].replace(/^ {2}/, ''), ...lines.slice(i + 1)].join('\n');
        }
        count++;
        if (same(mutant, `${path.relative(ROOT, file)} mutant ${m}`)) taken++;
      }
    }
    expect(count).toBeGreaterThan(1000);
    process.stdout.write(`mutants ${count} taken ${taken}\n`);
    expect(taken).toBeGreaterThan(count / 4);
  });
});
