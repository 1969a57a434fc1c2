/**
 * scripts/control-plane.sh without Go or binaries (npm test needs neither): it parses, `start`
 * without the binaries fails with the command that builds them (and starts nothing), `paths`
 * names the cache keyed by version, and the versions it names are the ones tools/ pins. The
 * control plane itself runs in `npm run test:cluster`.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from '../helpers';

const SCRIPT = path.join(ROOT, 'scripts/control-plane.sh');

function run(args: string[], env: Record<string, string>) {
  return spawnSync('bash', [SCRIPT, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
}

test('it parses', () => {
  expect(spawnSync('bash', ['-n', SCRIPT]).status).toBe(0);
});

test('start without the binaries says how to build them and leaves no data folder', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-cp-'));
  try {
    const r = run(['start'], { CDK8S_COMPOSE_TOOLS_CACHE: path.join(tmp, 'cache'), CDK8S_COMPOSE_CLUSTER_DIR: path.join(tmp, 'plane') });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('run: scripts/control-plane.sh build');
    expect(r.stderr).toContain(path.join(tmp, 'cache', 'k8s-v1.34.4', 'kube-apiserver'));
    expect(fs.existsSync(path.join(tmp, 'plane'))).toBe(false);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('paths names the cache outside the clone, keyed by version', () => {
  const r = run(['paths'], { CDK8S_COMPOSE_TOOLS_CACHE: '/nonexistent/cache' });
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('KUBECTL=/nonexistent/cache/k8s-v1.34.4/kubectl');
  expect(r.stdout).toMatch(/MISSING=.*\/nonexistent\/cache\/etcd-v3\.6\.17\/etcd/);
});

test('the versions the script builds are the ones tools/*/go.mod pin, with all 31 staging replaces', () => {
  const script = fs.readFileSync(SCRIPT, 'utf8');
  const version = (name: string) => new RegExp(`^${name}=(\\S+)$`, 'm').exec(script)![1];
  const k8s = fs.readFileSync(path.join(ROOT, 'tools/kubernetes/go.mod'), 'utf8');
  expect(k8s).toContain(`k8s.io/kubernetes ${version('KUBERNETES_VERSION')}`);
  const staging = version('KUBERNETES_VERSION').replace(/^v1\./, 'v0.');
  expect(k8s.match(new RegExp(`^\\t(k8s\\.io/[a-z-]+) => \\1 ${staging.replace(/\./g, '\\.')}$`, 'gm'))).toHaveLength(31);
  expect(fs.readFileSync(path.join(ROOT, 'tools/etcd/go.mod'), 'utf8')).toContain(`go.etcd.io/etcd/server/v3 ${version('ETCD_VERSION')}`);
  expect(fs.readFileSync(path.join(ROOT, 'tools/kwok/go.mod'), 'utf8')).toContain(`sigs.k8s.io/kwok ${version('KWOK_VERSION')}`);
});

test('the kwok stage file keeps all of kwok\'s default pod stages next to its own', () => {
  const stages = fs.readFileSync(path.join(ROOT, 'tools/kwok/stages.yaml'), 'utf8');
  const names = [...stages.matchAll(/^kind: Stage\nmetadata:\n  name: ([a-z-]+)$/gm)].map((m) => m[1]);
  expect(names).toEqual(['node-initialize', 'node-heartbeat', 'pod-ready', 'pod-complete', 'pod-delete', 'pod-failed']);
});
