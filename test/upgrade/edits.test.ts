/**
 * The edits of the version-pair suite on what no example holds: an Ingress without `port:`, and a
 * project that includes another (its main file is edited, paths from its own folder).
 */
import * as path from 'path';
import { compile } from '../../src/compile';
import { Any, find } from '../helpers';
import { composeFiles, EDITS, readCompose, writeCompose } from './edits';
import { tmpProjects } from './tmp-projects';

const projects = tmpProjects('c8c-edits-');
const project = (files: Record<string, string>) => projects.write(files, 'shop');

const edit = (name: string) => EDITS.find((e) => e.name === name)!;

test('the port edit pins an x-k8s.ingress without port: to the port it had, and the new version compiles', () => {
  const dir = project({
    'compose.yaml': `services:
  web:
    image: nginxinc/nginx-unprivileged:1.27.3
    ports: ["8080:8080"]
    deploy: {resources: {limits: {cpus: "0.5", memory: 128M}}}
    x-k8s: {ingress: {host: shop.example.com}}
`,
  });
  const v1 = compile({ files: [], cwd: dir, environment: {} });
  const file = path.join(dir, 'compose.yaml');
  const doc = readCompose(file);
  expect(edit('port').apply({ doc, dir, base: dir, main: true, v1 })).toEqual(['service web: ports + 19091:19091', 'service web: x-k8s.ingress.port 8080']);
  expect(doc.services.web['x-k8s']).toEqual({ ingress: { host: 'shop.example.com', port: 8080 } });
  writeCompose(file, doc);
  const v2 = compile({ files: [], cwd: dir, environment: {} });
  expect((find(v2, 'Ingress', 'web') as Any).spec.rules[0].http.paths[0].backend).toEqual({ service: { name: 'web', port: { name: (find(v1, 'Ingress', 'web') as Any).spec.rules[0].http.paths[0].backend.service.port.name } } });
});

test('composeFiles lists the main file of every included project (recursively), with the folder its paths resolve from', () => {
  const dir = project({
    'compose.yaml': 'include:\n  - ./db/compose.yaml\n  - path: [./worker/compose.yaml, ./worker/compose.gpu.yaml]\n    project_directory: ./worker/run\nservices: {}\n',
    'db/compose.yaml': 'include: [../cache/compose.yaml]\nservices: {}\n',
    'cache/compose.yaml': 'services: {}\n',
    'worker/compose.yaml': 'services: {}\n',
    'worker/compose.gpu.yaml': 'services: {}\n',
  });
  expect(composeFiles(path.join(dir, 'compose.yaml')).map((f) => [path.relative(dir, f.file), path.relative(dir, f.base)])).toEqual([
    ['compose.yaml', ''],
    ['db/compose.yaml', 'db'],
    ['cache/compose.yaml', 'cache'],
    ['worker/compose.yaml', 'worker/run'],
  ]);
});
