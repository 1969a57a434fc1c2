/**
 * scripts/smoke-kind.sh needs kind, kubectl and docker, which CI does not have: it is not run here.
 * What can be checked without a cluster: it parses (`bash -n`) and passes shellcheck when that is
 * installed; the README shows how to run it.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../helpers';

const SCRIPT = path.join(ROOT, 'scripts/smoke-kind.sh');

test('bash -n accepts it', () => {
  const r = spawnSync('bash', ['-n', SCRIPT], { encoding: 'utf8' });
  expect([r.status, r.stderr]).toEqual([0, '']);
});

const shellcheck = spawnSync('shellcheck', ['--version'], { encoding: 'utf8' });
(shellcheck.status === 0 ? test : test.skip)('shellcheck finds nothing (run when shellcheck is on PATH)', () => {
  const r = spawnSync('shellcheck', [SCRIPT], { encoding: 'utf8' });
  expect([r.status, r.stdout]).toEqual([0, '']);
});

test('it is executable, and the README says how to run it and that CI does not', () => {
  expect(fs.statSync(SCRIPT).mode & 0o111).not.toBe(0);
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  expect(readme).toContain('scripts/smoke-kind.sh');
  expect(readme).toMatch(/not run in CI/);
});
