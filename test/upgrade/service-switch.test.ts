/**
 * Version pairs that switch a Service between headless and ClusterIP, one per direction: a service
 * used by name with no known port (headless, no ports) gets `expose:` (ClusterIP), and back. The API
 * server cannot apply either in place (it refuses ClusterIP → None and silently keeps None), and the
 * checker's UPGRADE rule does not see it: the CLI compares the output already in the folder with the
 * new one and names the switch with `kubectl delete service NAME` on stderr and in README.md.
 */
import * as fs from 'fs';
import { loadAll } from 'js-yaml';
import * as os from 'os';
import * as path from 'path';
import { run } from '../../src/cli/run';
import { readManifests, serviceSwitches } from '../../src/output/service-switch';
import { checkPairs, prepareChecker } from './checker';
import { CHECKER_RUNS } from '../support/checker';

const compose = (expose: boolean) => `name: flows
services:
  engine:
    image: ghcr.io/example/flow-engine:2.4.1
    user: "1000:1000"
${expose ? '    expose: ["7001"]\n' : ''}  worker:
    image: ghcr.io/example/flow-worker:2.4.1
    user: "1000:1000"
    depends_on: [engine]
`;

let work: string;
let checkerDir: string | undefined;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-switch-'));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Synthesizes the compose text with the CLI into `out` (over what is there); returns stderr. */
function synth(dir: string, text: string, out: string): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'compose.yaml'), text);
  let stderr = '';
  const code = run(['synth', '-o', out], { stdout: () => undefined, stderr: (t) => (stderr += t), cwd: dir, env: {} });
  expect(code).toBe(0);
  return stderr;
}

const engine = (out: string) => readManifests(out).get('40-service-engine.yaml')!;

describe.each([
  ['headless → ClusterIP', false, true],
  ['ClusterIP → headless', true, false],
])('%s', (direction, before, after) => {
  test('the CLI names the replacement; the checker\'s UPGRADE rule does not see it', async () => {
    const slug = direction.replace(/\W+/g, '-');
    const dir = path.join(work, slug);
    const out = path.join(work, `${slug}-out`);
    const previous = path.join(work, `${slug}-previous`);
    expect(synth(dir, compose(before), out)).not.toContain('changes from');
    fs.cpSync(out, previous, { recursive: true });
    expect(engine(previous).includes('clusterIP: None')).toBe(!before);

    const stderr = synth(dir, compose(after), out);
    expect(engine(out).includes('clusterIP: None')).toBe(!after);
    const from = before ? 'ClusterIP' : 'headless';
    const to = after ? 'ClusterIP' : 'headless';
    expect(serviceSwitches(readManifests(previous), [...readManifests(out).values()].flatMap((text) => loadAll(text)))).toEqual([{ name: 'engine', from, to, command: 'kubectl delete service engine' }]);
    expect(stderr).toContain(`warning: Service engine changes from ${from} to ${to}`);
    expect(stderr).toContain('run `kubectl delete service engine` before applying this output');
    expect(fs.readFileSync(path.join(out, 'README.md'), 'utf8')).toContain('## Before applying this version');

    // The same output again: nothing switches any more, and the README says nothing about it.
    expect(synth(dir, compose(after), out)).not.toContain('changes from');
    expect(fs.readFileSync(path.join(out, 'README.md'), 'utf8')).not.toContain('## Before applying this version');

    // The independent checker compares the pair field by field and does not flag the switch (when it is
    // beside the repository, or required: test/support/checker.ts; a clone alone skips this part).
    if (!CHECKER_RUNS) return;
    checkerDir ??= prepareChecker(work);
    const [findings] = await checkPairs(checkerDir, [{ dir: out, previous }], 1);
    expect(findings.filter((f) => f.rule === 'UPGRADE' && f.object.includes('engine'))).toEqual([]);
  }, 300_000);
});

test('readManifests: the YAML files of a folder in name order, a link to a file read, folders and other files left out', () => {
  const dir = fs.mkdtempSync(path.join(work, 'manifests-'));
  fs.writeFileSync(path.join(dir, 'b.yaml'), 'kind: Service\n');
  fs.writeFileSync(path.join(dir, 'a.yml'), 'kind: ConfigMap\n');
  fs.writeFileSync(path.join(dir, 'notes.md'), '# notes\n');
  fs.mkdirSync(path.join(dir, 'folder.yaml'));
  fs.symlinkSync(path.join(dir, 'b.yaml'), path.join(dir, 'c.yaml'));
  fs.symlinkSync(path.join(dir, 'folder.yaml'), path.join(dir, 'd.yaml'));
  expect([...readManifests(dir)]).toEqual([
    ['a.yml', 'kind: ConfigMap\n'],
    ['b.yaml', 'kind: Service\n'],
    ['c.yaml', 'kind: Service\n'],
  ]);
  expect(readManifests(path.join(dir, 'missing')).size).toBe(0);
});
