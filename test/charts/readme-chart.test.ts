/**
 * The README's cdk8s app (ComposeChart) runs as written against the built package (lib/, which
 * `npm test` builds first): it prints the warnings, writes SECRETS.md and synthesizes the chart.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { ROOT } from '../helpers';

test('the README\'s ComposeChart app prints every warning, writes SECRETS.md and the chart', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const block = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]).find((b) => b.includes('new ComposeChart('));
  expect(block).toBeDefined();
  const js = ts.transpileModule(block!, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText.replace(
    /require\("cdk8s-compose"\)/,
    `require(${JSON.stringify(path.join(ROOT, 'lib', 'index.js'))})`,
  );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-readme-app-'));
  fs.writeFileSync(path.join(dir, 'main.js'), js);
  fs.writeFileSync(
    path.join(dir, 'compose.yaml'),
    'name: shop\nservices:\n  web:\n    image: nginx\n    ports: ["8080:8080"]\n    environment:\n      API_TOKEN: ${API_TOKEN:?}\n',
  );
  const r = spawnSync(process.execPath, ['main.js'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NODE_PATH: path.join(ROOT, 'node_modules') } });
  expect(r.stderr).toMatch(/^warning: compose\.yaml: services\.web\.image: image "nginx" has no tag/m);
  expect(r.status).toBe(0);
  expect(fs.readFileSync(path.join(dir, 'dist', 'SECRETS.md'), 'utf8')).toContain('kubectl create secret generic');
  expect(fs.readFileSync(path.join(dir, 'dist', 'shop.k8s.yaml'), 'utf8')).toContain('kind: Deployment');
});
