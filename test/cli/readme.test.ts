/** The README stays true: its CLI reference is the --help text, and its first two commands are the documented ones. */
import * as fs from 'fs';
import * as path from 'path';
import { DOWN_HELP, PS_HELP, UP_HELP } from '../../src/cli/deploy-usage';
import { CHECK_HELP, GRAPH_HELP, LOCK_HELP, MAIN_HELP, SYNTH_HELP } from '../../src/cli/usage';
import { X_K8S_KEYS } from '../../src/model/extensions';
import { ROOT } from '../helpers';

const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

test('the README quotes every --help text verbatim', () => {
  expect(readme).toContain(`$ cdk8s-compose --help\n${MAIN_HELP}`);
  expect(readme).toContain(`$ cdk8s-compose synth --help\n${SYNTH_HELP}`);
  expect(readme).toContain(`$ cdk8s-compose check --help\n${CHECK_HELP}`);
  expect(readme).toContain(`$ cdk8s-compose graph --help\n${GRAPH_HELP}`);
  expect(readme).toContain(`$ cdk8s-compose lock --help\n${LOCK_HELP}`);
  for (const [cmd, text] of [['up', UP_HELP], ['ps', PS_HELP], ['down', DOWN_HELP]]) expect(readme).toContain(`$ cdk8s-compose ${cmd} --help\n${text}`);
});

test('the README opens with the two commands: install + synth, and the tests', () => {
  const first = /```sh\n([^\n]*)\n([^\n]*)\n```/.exec(readme)!;
  expect(first[1]).toMatch(/^npm ci && npm run build && CDK8S_CHECK_UPGRADE=false npx cdk8s synth\s+#/);
  expect(first[2]).toMatch(/^npm test\s+#/);
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  // lib/ is built by `npm run build` (and by `npm pack`, in prepack): no install script, so installing the tarball runs nothing.
  // Built from an empty lib/ (a moved source must leave no stale output), then bundled, then the bundle's code cache made.
  expect(pkg.scripts.build).toMatch(/^(.+ && )?tsc -p tsconfig.json && node scripts\/bundle.js && node scripts\/code-cache.js$/);
  expect(pkg.scripts.test).toMatch(/^npm run build && /);
  expect(pkg.scripts.prepare).toBeUndefined();
  expect(pkg.scripts.prepack).toContain('npm run build');
  expect(fs.readFileSync(path.join(ROOT, '.ci/run'), 'utf8')).toContain('npm test');
});

test('every x-k8s service key and every kompose label the code reads is documented', () => {
  for (const key of X_K8S_KEYS.service) expect(readme).toContain(`| \`${key}\` |`);
  const xk8s = readme.slice(readme.indexOf('## `x-k8s`'), readme.indexOf('## Coming from kompose'));
  for (const key of [...X_K8S_KEYS.volume, ...X_K8S_KEYS.project]) expect(xk8s).toContain(`\`${key}\``);
  const src = fs.readFileSync(path.join(ROOT, 'src/model/kompose.ts'), 'utf8');
  for (const label of new Set([...src.matchAll(/'(kompose\.[a-z.-]+[a-z])'/g)].map((m) => m[1]))) expect(readme).toContain(label);
});
