/**
 * The layout rules (README "Layout"): no import cycle among our TypeScript files; a folder with an
 * index.ts is entered from outside only through it (production code: src/, charts/, main.ts,
 * index.ts; tests may reach inside a folder to test its parts); no file of src/ or charts/ over 400
 * lines and no folder there with more than 15 files. The detector itself is tested on small
 * synthetic projects, so that a cycle or a side entrance cannot go unseen.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from '../helpers';
import { crowdedFolders, findCycles, importGraph, indexViolations, longFiles, tsFiles } from './import-graph';

const PRODUCTION = ['src', 'charts', 'main.ts', 'index.ts'];
const isProduction = (f: string) => PRODUCTION.some((p) => f === p || f.startsWith(`${p}/`));

describe('layout of the repository', () => {
  const files = tsFiles(ROOT, [...PRODUCTION, 'test']);
  const graph = importGraph(ROOT, files);

  test('reads the imports of every stage', () => {
    expect(files.filter((f) => f.startsWith('src/model/'))).toContain('src/model/build.ts');
    expect(graph.get('src/compile.ts')?.length).toBeGreaterThan(0);
  });

  test('no import cycle', () => {
    expect(findCycles(graph).map((c) => c.join(' → '))).toEqual([]);
  });

  test('a folder with an index.ts is entered from outside only through it', () => {
    expect(indexViolations(graph, isProduction)).toEqual([]);
  });

  test('no file of src/ or charts/ over 400 lines', () => {
    expect(longFiles(ROOT, tsFiles(ROOT, ['src', 'charts']))).toEqual([]);
  });

  test('no folder of src/ or charts/ with more than 15 files', () => {
    expect(crowdedFolders(ROOT, ['src', 'charts'])).toEqual([]);
  });
});

describe('the layout checks can fail', () => {
  let dir: string;
  const write = (files: Record<string, string>) => {
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
  };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layout-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('finds a cycle through a folder index, a type-only import and an export-from', () => {
    write({
      'a.ts': "import { b } from './lib';\nexport const a = b;\n",
      'lib/index.ts': "export * from './b';\n",
      'lib/b.ts': "import type { C } from '../c';\nexport const b = 1;\nexport type B = C;\n",
      'c.ts': "export { a as C } from './a';\n",
      'd.ts': "import { a } from './a';\nexport const d = a;\n",
    });
    const graph = importGraph(dir, tsFiles(dir, ['.']).map((f) => f.replace(/^\.\//, '')));
    expect(findCycles(graph)).toEqual([['a.ts', 'lib/index.ts', 'lib/b.ts', 'c.ts', 'a.ts']]);
  });

  test('finds no cycle in a graph without one', () => {
    write({ 'a.ts': "import { b } from './b';\nexport const a = b;\n", 'b.ts': "import * as fs from 'fs';\nexport const b = fs;\n" });
    expect(findCycles(importGraph(dir, ['a.ts', 'b.ts']))).toEqual([]);
  });

  test('finds an import that enters a folder past its index.ts, and none from inside', () => {
    write({
      'main.ts': "import { x } from './lib/x';\nimport { y } from './lib';\nexport const m = [x, y];\n",
      'lib/index.ts': "export * from './x';\nexport * from './y';\n",
      'lib/x.ts': 'export const x = 1;\n',
      'lib/y.ts': "import { x } from './x';\nexport const y = x;\n",
    });
    const graph = importGraph(dir, ['main.ts', 'lib/index.ts', 'lib/x.ts', 'lib/y.ts']);
    expect(indexViolations(graph, () => true)).toEqual(['main.ts → lib/x.ts (lib/index.ts is the way in)']);
  });

  test('finds a long file and a crowded folder', () => {
    const files: Record<string, string> = { 'src/long.ts': 'x\n'.repeat(401), 'src/short.ts': 'x\n'.repeat(400) };
    for (let i = 0; i < 16; i++) files[`src/many/f${i}.ts`] = '';
    write(files);
    expect(longFiles(dir, ['src/long.ts', 'src/short.ts'])).toEqual(['src/long.ts: 401 lines']);
    expect(crowdedFolders(dir, ['src'])).toEqual(['src/many: 16 files']);
  });
});
