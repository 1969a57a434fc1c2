/** verifyFolder: the output check on a written folder, read the way kubectl reads it. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { dump } from 'js-yaml';
import { CompileResult } from '../../src/compile';
import { fileNameOf } from '../../src/output/render';
import { verifyFolder } from '../../src/verify';
import { Any } from '../helpers';
import { compileProject, externalOf, show } from './helpers';

let tmp: string;
let r: CompileResult;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-verify-folder-'));
  r = compileProject('examples/seed');
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The seed output written to a fresh folder, exactly as synth writes it. */
function writeSeed(): string {
  const dir = fs.mkdtempSync(path.join(tmp, 'out-'));
  for (const [name, text] of r.files) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

test('the written seed output passes (kustomization.yaml and Markdown are not objects)', () => {
  const dir = writeSeed();
  expect(fs.readdirSync(dir)).toEqual(expect.arrayContaining(['kustomization.yaml', 'SECRETS.md']));
  expect(verifyFolder(dir, externalOf(r))).toEqual([]);
});

test('a changed file is read back and checked', () => {
  const dir = writeSeed();
  const svc = r.objects.find((o) => o.kind === 'Service' && o.metadata.name === 'backend')!;
  const file = path.join(dir, fileNameOf(svc));
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('targetPort: http', 'targetPort: web'));
  expect(show(verifyFolder(dir, externalOf(r)))).toEqual([
    'Service/backend: Service/backend port "http" targets container port "web", which Deployment/backend does not declare (its ports: http=8000/TCP)',
  ]);  // The finding names the file the object was read from.
  expect(verifyFolder(dir, externalOf(r)).map((d) => d.file)).toEqual([path.basename(file)]);
});

test('several documents in one file, a List, and YAML 1.1 scalars like kubectl', () => {
  const dir = fs.mkdtempSync(path.join(tmp, 'multi-'));
  const objects = JSON.parse(JSON.stringify(r.objects)) as Any[];
  const half = Math.floor(objects.length / 2);
  fs.writeFileSync(path.join(dir, 'a.yaml'), objects.slice(0, half).map((o) => dump(o)).join('---\n'));
  fs.writeFileSync(path.join(dir, 'b.yml'), dump({ apiVersion: 'v1', kind: 'List', items: objects.slice(half) }));
  expect(verifyFolder(dir, externalOf(r))).toEqual([]);
  // YAML 1.1 (kubectl): an unquoted `on` is a boolean, so this port name is no string and matches nothing.
  fs.writeFileSync(
    path.join(dir, 'c.yaml'),
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: extra\nspec:\n  selector:\n    app.kubernetes.io/name: backend\n  ports:\n    - port: 80\n      targetPort: on\n',
  );
  expect(show(verifyFolder(dir, externalOf(r)))).toEqual([
    'Service/extra: Service/extra port 80 targets container port true, which Deployment/backend does not declare (its ports: http=8000/TCP)',
  ]);
});

test('files that do not parse and documents that are no object are errors on the file', () => {
  const dir = writeSeed();
  fs.writeFileSync(path.join(dir, '99-broken.yaml'), 'apiVersion: v1\nkind: [\n');
  fs.writeFileSync(path.join(dir, '98-not-an-object.yaml'), '---\n# nothing\n---\n- a list\n');
  const ds = verifyFolder(dir, externalOf(r));
  expect(ds.map((d) => [d.severity, d.file, d.path])).toEqual([
    ['error', '98-not-an-object.yaml', undefined],
    ['error', '99-broken.yaml', undefined],
  ]);
  expect(ds[0].message).toBe('document 2 is not a Kubernetes object (apiVersion, kind and metadata.name are required)');
  expect(ds[1].message).toMatch(/^cannot read YAML: /);
});

test('a folder that does not exist is one error', () => {
  const missing = path.join(tmp, 'missing');
  expect(verifyFolder(missing, { secrets: [] })).toEqual([{ severity: 'error', path: missing, message: expect.stringMatching(/^cannot read the folder: /) }]);
});
