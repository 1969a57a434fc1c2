/**
 * Starts the test control plane once for the cluster suite (scripts/control-plane.sh start) in a
 * fresh data folder; the teardown stops exactly those processes by pid. Without the binaries it
 * fails with the command that builds them (with CI=true as well: CI never skips this suite).
 * CDK8S_COMPOSE_TEST_KUBECONFIG=FILE uses a control plane that is already running instead (it is
 * left running).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { controlPlanePaths, SCRIPT } from './kube';

export default function globalSetup(): void {
  process.env.CDK8S_CHECK_UPGRADE = 'false';
  const given = process.env.CDK8S_COMPOSE_TEST_KUBECONFIG;
  if (given) {
    process.env.KUBECONFIG = given;
    return;
  }
  const paths = controlPlanePaths();
  if (paths.MISSING) {
    throw new Error(
      [
        'The cluster suite needs the control plane built from its Go modules; missing:',
        ...paths.MISSING.split(' ').map((f) => `  ${f}`),
        'Build it once (Go 1.26 and the Go module proxy; about 20-40 minutes cold on 2 cores, cached after):',
        '  scripts/control-plane.sh build',
        'then run npm run test:cluster again. npm test does not need it.',
      ].join('\n'),
    );
  }
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-cluster-')), 'plane');
  process.env.CDK8S_COMPOSE_CLUSTER_DIR = dir;
  process.env.CDK8S_COMPOSE_CLUSTER_STARTED = '1';
  const out = execFileSync('bash', [SCRIPT, 'start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
  process.env.KUBECONFIG = /KUBECONFIG=(\S+)/.exec(out)?.[1] ?? path.join(dir, 'kubeconfig');
}
