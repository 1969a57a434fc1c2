/**
 * Deploying one output folder into its own namespace the way a user does, and checking what the
 * cluster made of it: the namespace with the Pod Security labels its README asks for, the Secrets
 * of SECRETS.md with dummy values, its CRDs Established, `kubectl apply [--server-side] -k DIR`
 * with no error and no `Warning:` line, then everything ready (wait.ts), and each migration gate's
 * ServiceAccount allowed to `get` its Job and nothing else.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadAll } from 'js-yaml';
import { Any, applyObject, ApiError, Cluster, kubectl, list, request, sleep } from './kube';
import { customKinds, expectedTotals, Expected, gates, Output, podSecurityLevel, secretsToCreate } from './manifests';
import { Observed, waitReady } from './wait';

export interface ApplyResult {
  /** Objects kubectl reported (one line per object). */
  readonly applied: number;
}

export class DeployError extends Error {}

/** The namespace, labelled with the Pod Security level (enforce and warn) the output asks for. */
export async function createNamespace(c: Cluster, ns: string, level: string): Promise<void> {
  await applyObject(c, `/api/v1/namespaces/${ns}`, {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: ns,
      labels: {
        'pod-security.kubernetes.io/enforce': level,
        'pod-security.kubernetes.io/enforce-version': 'latest',
        'pod-security.kubernetes.io/warn': level,
        'pod-security.kubernetes.io/warn-version': 'latest',
      },
    },
  });
  // Pods need the namespace's default ServiceAccount, which the controller-manager creates.
  for (let i = 0; ; i++) {
    try {
      await request(c, 'GET', `/api/v1/namespaces/${ns}/serviceaccounts/default`);
      return;
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 404 || i > 300) throw e;
      await sleep(100);
    }
  }
}

/** The Secrets SECRETS.md lists, each key with a dummy value. */
export async function createSecrets(c: Cluster, ns: string, dir: string): Promise<number> {
  const secrets = secretsToCreate(dir);
  for (const s of secrets) {
    const data = Object.fromEntries(s.keys.map((k) => [k, Buffer.from(`dummy-${k}`).toString('base64')]));
    await applyObject(c, `/api/v1/namespaces/${ns}/secrets/${s.name}`, { apiVersion: 'v1', kind: 'Secret', metadata: { name: s.name }, type: 'Opaque', data });
  }
  return secrets.length;
}

const installedCrds = new Map<string, Promise<void>>();

export interface Crd {
  readonly file: string;
  /** metadata.name: PLURAL.GROUP */
  readonly name: string;
}

/** The CRDs of the repository's crds/ folder, by `KIND.GROUP`. */
export function readCrds(dir: string): Map<string, Crd> {
  const out = new Map<string, Crd>();
  for (const f of fs.readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort()) {
    for (const d of loadAll(fs.readFileSync(path.join(dir, f), 'utf8')) as Any[]) {
      if (d?.kind === 'CustomResourceDefinition') out.set(`${d.spec.names.kind}.${d.spec.group}`, { file: path.join(dir, f), name: d.metadata.name });
    }
  }
  return out;
}

/** Installs the CRDs that the output's custom kinds need (once per run) and waits until each is Established. */
export async function installCrds(c: Cluster, output: Output, crds: ReadonlyMap<string, Crd>): Promise<void> {
  await Promise.all(
    customKinds(output.objects).map((kind) => {
      const crd = crds.get(kind);
      if (!crd) throw new DeployError(`${output.dir}: no CRD in crds/ defines ${kind}`);
      let p = installedCrds.get(kind);
      if (!p) {
        p = (async () => {
          const r = await kubectl(c, ['apply', '--server-side', '-f', crd.file]);
          if (r.code !== 0) throw new DeployError(`kubectl apply --server-side -f ${crd.file}: ${r.stderr}`);
          for (let i = 0; ; i++) {
            const o = await request(c, 'GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.name}`);
            if ((o.status?.conditions ?? []).some((x: Any) => x.type === 'Established' && x.status === 'True')) break;
            if (i > 300) throw new DeployError(`CRD ${crd.name} not Established after 60 s: ${JSON.stringify(o.status)}`);
            await sleep(200);
          }
        })();
        installedCrds.set(kind, p);
      }
      return p;
    }),
  );
}

const APPLIED = /^[a-z0-9.-]+\/[a-z0-9.-]+ (serverside-applied|created|configured|unchanged)$/;

/** `kubectl apply [--server-side] -k DIR -n NS`; fails on a non-zero exit and on any `Warning:` line. */
export async function applyKustomization(c: Cluster, ns: string, dir: string, serverSide: boolean): Promise<ApplyResult> {
  const args = ['apply', ...(serverSide ? ['--server-side'] : []), '-k', dir, '-n', ns];
  const r = await kubectl(c, args, 180_000);
  const lines = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => l.trim() !== '');
  const warnings = lines.filter((l) => /^Warning:/.test(l));
  if (r.code !== 0 || warnings.length > 0) {
    throw new DeployError(`kubectl ${args.join(' ')}: exit ${r.code}\n${lines.filter((l) => !APPLIED.test(l)).join('\n')}`);
  }
  return { applied: lines.filter((l) => APPLIED.test(l)).length };
}

/** Can-i rows of `kubectl auth can-i --list` every identity has (discovery, self reviews): not the gate's own. */
const DEFAULT_RULE = /^(selfsubject[a-z]*reviews\.[a-z0-9.]+|\s*)$/;

/**
 * Each migration gate's ServiceAccount may `get` its Jobs (by name) and nothing else: `kubectl auth
 * can-i get jobs/NAME` answers yes, and `kubectl auth can-i --list` shows no other resource rule.
 */
export async function checkGates(c: Cluster, ns: string, objects: readonly Any[]): Promise<string[]> {
  const problems: string[] = [];
  for (const g of gates(objects)) {
    const as = `--as=system:serviceaccount:${ns}:${g.serviceAccount}`;
    for (const job of g.jobs) {
      const r = await kubectl(c, ['auth', 'can-i', 'get', `jobs/${job}`, '-n', ns, as]);
      if (r.stdout.trim() !== 'yes') problems.push(`${g.serviceAccount} cannot get jobs/${job}: ${r.stdout.trim()} ${r.stderr.trim()}`);
    }
    const r = await kubectl(c, ['auth', 'can-i', '--list', '-n', ns, as]);
    const granted: string[] = [];
    for (const line of r.stdout.split('\n').slice(1)) {
      const cols = line.trim().split(/\s{2,}/);
      if (cols.length < 4 || DEFAULT_RULE.test(cols[0])) continue;
      const names = cols[2].replace(/^\[|\]$/g, '').split(' ').filter(Boolean);
      const verbs = cols[3].replace(/^\[|\]$/g, '').split(' ').filter(Boolean);
      for (const v of verbs) for (const n of names.length ? names : ['*']) granted.push(`${v} ${cols[0]}/${n}`);
    }
    const expected = g.jobs.map((j) => `get jobs.batch/${j}`);
    if (JSON.stringify(granted.sort()) !== JSON.stringify(expected)) {
      problems.push(`${g.serviceAccount} may ${JSON.stringify(granted.sort())}; expected exactly ${JSON.stringify(expected)}`);
    }
  }
  return problems;
}

export interface Deployed {
  readonly expected: Expected;
  readonly applied: number;
  readonly observed: Observed;
  readonly secrets: number;
}

export interface DeployOptions {
  readonly serverSide: boolean;
  readonly timeoutMs: number;
  readonly crds: ReadonlyMap<string, Crd>;
}

/** Namespace, Secrets, CRDs, apply, wait, gates: one output in its own namespace. */
export async function deploy(c: Cluster, ns: string, output: Output, options: DeployOptions): Promise<Deployed> {
  await createNamespace(c, ns, podSecurityLevel(output.dir));
  const secrets = await createSecrets(c, ns, output.dir);
  await installCrds(c, output, options.crds);
  const { applied } = await applyKustomization(c, ns, output.dir, options.serverSide);
  const observed = await waitReady(c, ns, options.timeoutMs);
  const problems = await checkGates(c, ns, output.objects);
  if (problems.length > 0) throw new DeployError(`namespace ${ns}: migration gates:\n  ${problems.join('\n  ')}`);
  return { expected: expectedTotals(output.objects), applied, observed, secrets };
}

/** Pods of the namespace (for a pair's second apply: what it holds after the rollout). */
export const podsOf = (c: Cluster, ns: string) => list(c, `/api/v1/namespaces/${ns}/pods`);
