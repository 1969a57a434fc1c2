/** Stops the control plane the global setup started: exactly its processes (by pid), and removes its data. */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { SCRIPT } from './kube';

export default function globalTeardown(): void {
  if (process.env.CDK8S_COMPOSE_CLUSTER_STARTED !== '1' || !process.env.CDK8S_COMPOSE_CLUSTER_DIR) return;
  const dir = process.env.CDK8S_COMPOSE_CLUSTER_DIR;
  if (process.env.CDK8S_COMPOSE_KEEP_LOGS) {
    fs.cpSync(path.join(dir, 'logs'), process.env.CDK8S_COMPOSE_KEEP_LOGS, { recursive: true });
  }
  execFileSync('bash', [SCRIPT, 'stop'], { stdio: ['ignore', 'ignore', 'inherit'], env: process.env });
  fs.rmSync(path.dirname(dir), { recursive: true, force: true });
}
