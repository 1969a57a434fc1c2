/** synth never pays for the registry client: only `lock` loads src/lock, with a require inside its command. */
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../helpers';

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

test('no module outside src/lock imports it statically; the CLI requires it lazily', () => {
  const outside = [...sources(path.join(ROOT, 'src')), ...sources(path.join(ROOT, 'charts')), path.join(ROOT, 'main.ts'), path.join(ROOT, 'index.ts')].filter((f) => !f.includes(`${path.sep}src${path.sep}lock${path.sep}`));
  const importing = outside.filter((f) => {
    const text = fs.readFileSync(f, 'utf8');
    return [...text.matchAll(/^\s*(?:import|export)\b[^;]*?from\s+'([^']+)'/gm)].some((m) => path.resolve(path.dirname(f), m[1]) === path.join(ROOT, 'src', 'lock'));
  });
  expect(importing).toEqual([]);
  expect(fs.readFileSync(path.join(ROOT, 'src/cli/run.ts'), 'utf8')).toContain("require('../lock')");
});
