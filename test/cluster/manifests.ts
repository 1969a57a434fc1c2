/**
 * What an output folder asks of a cluster, read from its files alone (never from the cluster):
 * its objects, the totals the cluster must reach (pods, ready pods, Jobs, bound claims), the
 * Secrets SECRETS.md says to create, the Pod Security level its README asks for, the CRDs it
 * needs and the migration gates' permissions.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadAll } from 'js-yaml';
import type { Any } from './kube';

export interface Output {
  readonly dir: string;
  readonly objects: Any[];
}

/** The objects `kubectl apply -k DIR` sends: every resource file of kustomization.yaml, in order. */
export function readOutput(dir: string): Output {
  const kustomization = loadAll(fs.readFileSync(path.join(dir, 'kustomization.yaml'), 'utf8'))[0] as Any;
  const objects = (kustomization.resources as string[]).flatMap((f) => loadAll(fs.readFileSync(path.join(dir, f), 'utf8')).filter((o) => o !== null && o !== undefined));
  return { dir, objects };
}

export interface Expected {
  /** Objects the apply must report. */
  readonly objects: number;
  /** Pods the controllers create and admission admits: replicas of Deployments and StatefulSets, Job completions. */
  readonly pods: number;
  /** Pods Ready: replicas of Deployments and StatefulSets. */
  readonly ready: number;
  readonly jobs: number;
  /** Claims Bound: PersistentVolumeClaims, plus each volumeClaimTemplate once per StatefulSet replica. */
  readonly claims: number;
}

/** Replicas a workload runs: `spec.replicas` (1 when unset), or the HPA's minimum when an HPA manages it. */
export function replicasOf(o: Any, objects: readonly Any[]): number {
  const hpa = objects.find((h) => h.kind === 'HorizontalPodAutoscaler' && h.spec?.scaleTargetRef?.kind === o.kind && h.spec?.scaleTargetRef?.name === o.metadata.name);
  const declared = o.spec.replicas ?? 1;
  return hpa ? Math.max(declared, hpa.spec.minReplicas ?? 1) : declared;
}

export function expectedTotals(objects: readonly Any[]): Expected {
  let pods = 0;
  let ready = 0;
  let jobs = 0;
  let claims = 0;
  for (const o of objects) {
    if (o.kind === 'Deployment' || o.kind === 'StatefulSet') {
      const n = replicasOf(o, objects);
      pods += n;
      ready += n;
      if (o.kind === 'StatefulSet') claims += n * (o.spec.volumeClaimTemplates?.length ?? 0);
    } else if (o.kind === 'Job') {
      jobs += 1;
      pods += o.spec.completions ?? 1;
    } else if (o.kind === 'PersistentVolumeClaim') claims += 1;
  }
  return { objects: objects.length, pods, ready, jobs, claims };
}

export interface SecretToCreate {
  readonly name: string;
  readonly keys: readonly string[];
}

/**
 * The Secrets SECRETS.md tells the user to create: every `kubectl create secret generic NAME`
 * command with its `--from-literal=KEY=` and `--from-file=KEY=` entries (dummy values here).
 */
export function secretsToCreate(dir: string): SecretToCreate[] {
  const file = path.join(dir, 'SECRETS.md');
  if (!fs.existsSync(file)) return [];
  const text = fs.readFileSync(file, 'utf8').replace(/\\\n\s*/g, ' ');
  const out: SecretToCreate[] = [];
  for (const line of text.split('\n')) {
    const m = /kubectl create secret generic ([a-z0-9.-]+)(.*)$/.exec(line);
    if (!m) continue;
    const keys = [...m[2].matchAll(/--from-(?:literal|file)=([-._a-zA-Z0-9]+)=/g)].map((k) => k[1]);
    if (keys.length === 0) throw new Error(`${file}: "kubectl create secret generic ${m[1]}" names no key`);
    out.push({ name: m[1], keys });
  }
  return out;
}

export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

/** The Pod Security level the output's README asks the namespace to enforce; restricted when it asks nothing. */
export function podSecurityLevel(dir: string): PodSecurityLevel {
  const file = path.join(dir, 'README.md');
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const m = /pod-security\.kubernetes\.io\/enforce: (restricted|baseline|privileged)/.exec(text);
  return (m?.[1] as PodSecurityLevel | undefined) ?? 'restricted';
}

/** API groups of the objects that are not built into Kubernetes (their CRDs must be installed first). */
export function customKinds(objects: readonly Any[]): string[] {
  const builtIn = /^(v1|apps\/v1|batch\/v1|policy\/v1|autoscaling\/v2|networking\.k8s\.io\/v1|rbac\.authorization\.k8s\.io\/v1|storage\.k8s\.io\/v1)$/;
  return [...new Set(objects.filter((o) => !builtIn.test(o.apiVersion)).map((o) => `${o.kind}.${o.apiVersion.split('/')[0]}`))].sort();
}

export interface Gate {
  readonly serviceAccount: string;
  /** Jobs the ServiceAccount may `get`: the resourceNames of the Roles bound to it. */
  readonly jobs: readonly string[];
}

/** The migration gates' ServiceAccounts and the Jobs their Roles name (RoleBinding → Role → resourceNames). */
export function gates(objects: readonly Any[]): Gate[] {
  const roles = new Map(objects.filter((o) => o.kind === 'Role').map((o) => [o.metadata.name, o]));
  const bySa = new Map<string, Set<string>>();
  for (const b of objects.filter((o) => o.kind === 'RoleBinding' && o.roleRef?.kind === 'Role')) {
    const role = roles.get(b.roleRef.name);
    if (!role) continue;
    for (const s of b.subjects ?? []) {
      if (s.kind !== 'ServiceAccount') continue;
      const jobs = bySa.get(s.name) ?? new Set<string>();
      for (const r of role.rules ?? []) if ((r.resources ?? []).includes('jobs')) for (const n of r.resourceNames ?? []) jobs.add(n);
      bySa.set(s.name, jobs);
    }
  }
  return [...bySa].map(([serviceAccount, jobs]) => ({ serviceAccount, jobs: [...jobs].sort() })).sort((a, b) => a.serviceAccount.localeCompare(b.serviceAccount));
}
