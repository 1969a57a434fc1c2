/**
 * A reservation above its limit is an error that names both values (found by the cluster suite: an
 * override file lowered web's memory limit to 64M below the 111M reservation of compose.yaml, and
 * the API server refused the Deployment: "must be less than or equal to memory limit").
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compile } from '../../src/compile';
import { formatDiagnostic, UserError } from '../../src/diagnostics';
import { compileText, find, mainContainer } from '../helpers';

function errorsOf(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    if (e instanceof UserError) return e.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
    throw e;
  }
  return [];
}

test('a memory reservation above the limit set by an override file is refused, with both values and the fix', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-res-'));
  try {
    fs.writeFileSync(path.join(dir, 'compose.yaml'), 'name: res\nservices:\n  web:\n    image: nginxinc/nginx-unprivileged:1.27.3\n    deploy: {resources: {limits: {memory: 333M}, reservations: {memory: 111M}}}\n');
    fs.writeFileSync(path.join(dir, 'compose.override.yaml'), 'services:\n  web:\n    deploy: {resources: {limits: {memory: 64M}}}\n');
    expect(errorsOf(() => compile({ files: [], cwd: dir, environment: {} }))).toEqual([
      'error: compose.yaml: services.web.deploy.resources.reservations.memory: the reservation "111Mi" is more than the memory limit "64Mi"; Kubernetes refuses a request above its limit; lower the reservation or raise the limit (check every compose file that sets them: -f files and overrides merge)',
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('cpus and mem_reservation too; a reservation equal to the limit, or below it, is fine', () => {
  const errors = errorsOf(() =>
    compileText('name: res\nservices:\n  a:\n    image: nginxinc/nginx-unprivileged:1.27.3\n    mem_limit: 64m\n    mem_reservation: 128m\n  b:\n    image: nginxinc/nginx-unprivileged:1.27.3\n    deploy: {resources: {limits: {cpus: "0.5"}, reservations: {cpus: "1"}}}\n'),
  );
  expect(errors).toEqual([
    expect.stringContaining('services.a.mem_reservation: the reservation "128Mi" is more than the memory limit "64Mi"'),
    expect.stringContaining('services.b.deploy.resources.reservations.cpus: the reservation "1" is more than the cpu limit "500m"'),
  ]);
  const r = compileText('name: res\nservices:\n  a:\n    image: nginxinc/nginx-unprivileged:1.27.3\n    deploy: {resources: {limits: {memory: 64M, cpus: "0.5"}, reservations: {memory: 64M, cpus: "0.25"}}}\n');
  expect(mainContainer(find(r, 'Deployment', 'a')).resources.requests).toMatchObject({ memory: '64Mi', cpu: '250m' });
});
