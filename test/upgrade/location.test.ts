/**
 * The output is the same wherever the project lies: every example and valid fixture, copied into
 * two folders at different absolute paths (same folder name: without `name:` it is the project
 * name), synthesizes to byte-identical trees, and no file names a path of this machine.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compile } from '../../src/compile';
import { writeIntoDir } from '../../src/output/write';
import { PROJECTS, ROOT } from '../helpers';

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-location-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Every file under dir (relative path → bytes). */
function tree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), fs.readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

function synthFrom(project: string, location: string): { dir: string; out: string } {
  const dir = path.join(tmp, location, path.basename(project));
  fs.cpSync(path.join(ROOT, project), dir, { recursive: true });
  const out = path.join(tmp, 'out', location.replace(/\//g, '_'), project.replace(/\//g, '_'));
  writeIntoDir(out, compile({ files: [], cwd: dir, environment: {} }).files);
  return { dir, out };
}

describe.each(PROJECTS)('%s', (project) => {
  test('synthesized from two absolute locations: byte-identical output, and no absolute path of either in it', () => {
    const a = synthFrom(project, 'a');
    const b = synthFrom(project, 'somewhere/much/deeper');
    const [ta, tb] = [tree(a.out), tree(b.out)];
    expect([...tb.keys()]).toEqual([...ta.keys()]);
    for (const [f, bytes] of ta) expect([f, tb.get(f)!.equals(bytes)]).toEqual([f, true]);
    const text = [...ta.values()].map((x) => x.toString('utf8')).join('\n');
    for (const p of [a.dir, b.dir, tmp, ROOT]) expect([p, text.includes(p)]).toEqual([p, false]);
  });
});

test('SECRETS.md names secret files relative to the project folder, with a --from-file command', () => {
  const { out } = synthFrom('test/fixtures/valid/syntax-forms', 'secrets');
  const doc = fs.readFileSync(path.join(out, 'SECRETS.md'), 'utf8');
  expect(doc).toContain('- db_password (required; from file ./secrets/db_password.txt)');
  expect(doc).toContain(
    ['Run it in the project folder (file paths are relative to it):', '', '```sh', 'kubectl create secret generic forms-db-password \\', '  --from-file=db_password=./secrets/db_password.txt', '```'].join('\n'),
  );
});
