/**
 * The lean YAML reader (src/compose/read/fast-events.ts) against js-yaml's `parseEvents`: for every
 * YAML file of the repository, every generated conformance project, edge cases, mutated files and
 * random documents, it must give exactly js-yaml's events (every field, in order; as rows of an
 * EventTable) or not take the text. What the events mean is held equal to the full path by fast-yaml.test.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseEvents } from 'js-yaml';
import { scanEvents } from '../../src/compose/read/fast-events';
import { FAST_MAX_DEPTH } from '../../src/compose/read/fast-yaml';
import { generatedProjects } from '../conformance/generate/projects';
import { ROOT } from '../helpers';
import { REPO_FILES, mutate, random, randomDocument } from './yaml-texts';

/** True when the lean reader took the text; then its events are js-yaml's (js-yaml must not fail). */
function sameEvents(text: string, name = 'text'): boolean {
  const got = scanEvents(text);
  if (got === undefined) return false;
  let want: string;
  try {
    want = JSON.stringify(parseEvents(text, { maxDepth: FAST_MAX_DEPTH + 10 }));
  } catch (e) {
    want = `js-yaml fails: ${(e as Error).message}`;
  }
  expect({ name, events: JSON.stringify(got.events()) }).toEqual({ name, events: want });
  return true;
}

describe('the lean YAML reader gives js-yaml events', () => {
  test('every YAML file of the repository', () => {
    let taken = 0;
    for (const file of REPO_FILES) if (sameEvents(fs.readFileSync(file, 'utf8'), path.relative(ROOT, file))) taken++;
    // Most compose files are in its subset: it must take them, or it is no faster.
    expect(taken).toBeGreaterThan(REPO_FILES.length / 2);
  });

  test('every compose file of the generated conformance projects', () => {
    const texts = generatedProjects(75, 20261206).flatMap((p) => Object.entries(p.files).filter(([name]) => /\.ya?ml$/.test(name)));
    let taken = 0;
    for (const [name, text] of texts) if (sameEvents(text, name)) taken++;
    expect(taken).toBeGreaterThan(texts.length / 2);
  });

  test('mutated repository files', () => {
    const next = random(31);
    let taken = 0;
    let count = 0;
    for (const file of REPO_FILES) {
      const text = fs.readFileSync(file, 'utf8');
      for (let m = 0; m < 30; m++, count++) if (sameEvents(mutate(text, next), `${path.relative(ROOT, file)} mutant ${m}`)) taken++;
    }
    expect(taken).toBeGreaterThan(count / 4);
  });

  test('random documents: block and flow collections, block scalars, anchors, aliases, merge keys', () => {
    const next = random(7);
    let taken = 0;
    const count = 4000;
    for (let i = 0; i < count; i++) {
      const text = randomDocument(next);
      // Each document also with a mutation, so that near-misses of the subset are tried too.
      if (sameEvents(text)) taken++;
      sameEvents(mutate(text, next));
    }
    expect(taken).toBeGreaterThan(count * 0.6);
  });

  const taken: readonly string[] = [
    'a: 1\n',
    'a: 1',
    'a:\n  b: c\n  d:\n    - e\n    - f: g\n      h: i\n',
    'a:\n- b\n- c\nd: e\n',
    'a: [b, "c", \'d\', [e], {f: g}, *x]\n',
    'x: &x 1\na: {b: c, "d": e, g: }\nh: *x\n',
    'a: &m\n  b: 1\nc:\n  <<: *m\n  d: 2\n',
    'a: |\n  one\n  two\n\nb: >-\n   folded\n   text\nc: |+\n  kept\n\n',
    'a: |2\n    indented\nb: 1\n',
    'a: "x\\ty\\u00e9\\x41"\nb: \'it\'\'s\'\n',
    'a: b # comment\n# c\n  # d\ne: f\n',
    'a:   \n  - x\n  -\n  - y\n',
    'a: -1\nb: -x\nc: ?x\nd: :x\ne: x:y\nf: "a" \n',
  ];
  const notTaken: readonly string[] = [
    '---\na: 1\n',
    'a: 1\n...\n',
    '%YAML 1.2\n---\na: 1\n',
    'a: !!str 1\n',
    '? a\n: b\n',
    'a: b\n  c\n',
    'a: "b\n  c"\n',
    'a: [b,\n  c]\n',
    'a:\tb\n',
    'a: b\r\n',
    '[a]: b\n',
    '*x : b\n',
    '&x a: b\n',
    'a: &x b: c\n',
    '- a\n',
    'a\n',
    'a: b: c\n',
    'a: {b, c: d}\n',
    `a: {${'k'.repeat(1000)}: 1}\n`,
    `${'k'.repeat(1001)}: 1\n`,
    'a: \u{1F600}\n',
    'a: "\\\n b"\n',
  ];

  test.each(taken.map((t) => [t]))('takes %j with js-yaml events', (text) => {
    expect(sameEvents(text)).toBe(true);
  });

  test.each(notTaken.map((t) => [t]))('hands %j to js-yaml', (text) => {
    expect(scanEvents(text)).toBeUndefined();
  });
});
