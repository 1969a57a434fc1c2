/**
 * The cluster suite's access to the test control plane: a tiny HTTPS client for reads and
 * server-side-apply patches (no kubectl process per poll), and kubectl (the one built with the
 * server, `scripts/control-plane.sh paths`) for what users run: `apply -k`, `auth can-i`.
 */
import { execFile, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as https from 'https';
import * as path from 'path';
import { load } from 'js-yaml';
import { ROOT } from '../helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Any = any;

export const SCRIPT = path.join(ROOT, 'scripts/control-plane.sh');

/** `scripts/control-plane.sh paths`: KUBECTL, BIN_DIR, CLUSTER_DIR, MISSING. */
export function controlPlanePaths(): Record<string, string> {
  const text = execFileSync('bash', [SCRIPT, 'paths'], { encoding: 'utf8' });
  return Object.fromEntries(text.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).trim()]));
}

export interface Cluster {
  readonly kubeconfig: string;
  readonly kubectl: string;
  readonly server: URL;
  readonly agent: https.Agent;
}

/** The started control plane (KUBECONFIG from the global setup). */
export function connect(kubeconfig: string = process.env.KUBECONFIG ?? ''): Cluster {
  if (!kubeconfig || !fs.existsSync(kubeconfig)) throw new Error(`no kubeconfig at "${kubeconfig}": the global setup starts the control plane`);
  const config = load(fs.readFileSync(kubeconfig, 'utf8')) as Any;
  const cluster = config.clusters[0].cluster;
  const user = config.users[0].user;
  const b64 = (s: string) => Buffer.from(s, 'base64');
  return {
    kubeconfig,
    kubectl: controlPlanePaths().KUBECTL,
    server: new URL(cluster.server),
    agent: new https.Agent({
      ca: b64(cluster['certificate-authority-data']),
      cert: b64(user['client-certificate-data']),
      key: b64(user['client-key-data']),
      keepAlive: true,
      maxSockets: 16,
    }),
  };
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly body: string, what: string) {
    super(`${what}: HTTP ${status}: ${body.slice(0, 500)}`);
  }
}

/** One API request; the parsed JSON answer. */
export function request(c: Cluster, method: string, apiPath: string, body?: unknown, contentType = 'application/json'): Promise<Any> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = https.request(
      {
        host: c.server.hostname,
        port: c.server.port,
        path: apiPath,
        method,
        agent: c.agent,
        headers: { accept: 'application/json', ...(data ? { 'content-type': contentType, 'content-length': Buffer.byteLength(data) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d) => chunks.push(d));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if ((res.statusCode ?? 0) >= 300) reject(new ApiError(res.statusCode ?? 0, text, `${method} ${apiPath}`));
          else resolve(text ? JSON.parse(text) : undefined);
        });
      },
    );
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${apiPath}: no answer in 30 s`)));
    if (data) req.write(data);
    req.end();
  });
}

export const list = async (c: Cluster, apiPath: string): Promise<Any[]> => (await request(c, 'GET', apiPath)).items;

/** Server-side apply of one object (the suite's own objects: namespaces, dummy Secrets). */
export function applyObject(c: Cluster, apiPath: string, object: unknown): Promise<Any> {
  return request(c, 'PATCH', `${apiPath}?fieldManager=cluster-suite&force=true`, object, 'application/apply-patch+yaml');
}

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** kubectl with the suite's kubeconfig; never throws (the caller reads code and output). */
export function kubectl(c: Cluster, args: readonly string[], timeoutMs = 120_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(c.kubectl, ['--kubeconfig', c.kubeconfig, ...args], { timeout: timeoutMs, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as Any).code === 'number' ? (err as Any).code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) + (err && code === 1 && !stderr ? String(err.message) : '') });
    });
  });
}

/** Runs `tasks` with at most `limit` at a time, in order of start; results in input order. */
export async function pool<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
