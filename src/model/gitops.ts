/**
 * Ordering and pruning for GitOps tools. Argo CD applies waves in order and waits for each wave to
 * be healthy (a Job is healthy once it has completed); Flux and kubectl ignore these annotations
 * (the init containers are what make ordering correct there).
 *
 * Waves (practices §2.4):
 *   -3  the Namespace
 *   -2  identities, RBAC, configuration, Secrets providers, NetworkPolicies
 *   -1  stateful services (StatefulSets, their Services)
 *    0  init Jobs (migrations)
 *    1  everything else: Deployments, DaemonSets, their Services, PDBs, task Jobs
 * Two rules adjust these bases:
 *   - a workload is never in an earlier wave than what it waits for (an init Job it polls, a
 *     Service whose connections it awaits): Argo CD would wait for the earlier wave to be healthy,
 *     and that wave would wait for pods that are only created later, forever;
 *   - a standalone claim is in exactly the wave of the earliest workload that mounts it: under a
 *     `WaitForFirstConsumer` StorageClass (GKE, AKS, EKS gp3, kind, k3s) a claim stays Pending until
 *     a pod uses it, so an earlier wave never becomes healthy (argo-cd#12840); a later one leaves the
 *     pods waiting for a claim that does not exist yet.
 */
import { AppModel, Workload } from './types';

export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

const BY_KIND: Readonly<Record<string, number>> = {
  Namespace: -3,
  ServiceAccount: -2,
  Role: -2,
  RoleBinding: -2,
  ConfigMap: -2,
  Secret: -2,
  ExternalSecret: -2,
  NetworkPolicy: -2,
};

/** Wave of a claim that no workload mounts (none is emitted today; kept before every workload). */
const UNMOUNTED_CLAIM_WAVE = -1;

function baseWave(w: Workload): number {
  if (w.kind === 'StatefulSet') return -1;
  if (w.kind === 'Job' && w.job?.role === 'init') return 0;
  return 1;
}

interface Waves {
  readonly workloads: ReadonlyMap<string, number>;
  readonly claims: ReadonlyMap<string, number>;
}

const cache = new WeakMap<AppModel, Waves>();

/** The waves of every workload and standalone claim of the model (computed once per model). */
export function planWaves(app: AppModel): Waves {
  const hit = cache.get(app);
  if (hit) return hit;
  const byName = new Map(app.workloads.map((w) => [w.name, w]));
  // A Service gate names the Service, i.e. the compose service of a long-running workload.
  const byService = new Map(app.workloads.filter((w) => w.kind !== 'Job').map((w) => [w.service, w]));
  const workloads = new Map<string, number>();
  const visiting = new Set<string>();
  const waveOf = (w: Workload): number => {
    const known = workloads.get(w.name);
    if (known !== undefined) return known;
    // depends_on cycles are refused by the front end; the guard only keeps this total.
    if (visiting.has(w.name)) return baseWave(w);
    visiting.add(w.name);
    let wave = baseWave(w);
    for (const g of w.gates) {
      const target = g.kind === 'service' ? byService.get(g.service) : byName.get(g.job);
      if (target && target !== w) wave = Math.max(wave, waveOf(target));
    }
    visiting.delete(w.name);
    workloads.set(w.name, wave);
    return wave;
  };
  for (const w of app.workloads) waveOf(w);
  const claims = new Map<string, number>();
  for (const w of app.workloads) {
    for (const v of w.pod.volumes) {
      if (!('persistentVolumeClaim' in v)) continue;
      const c = v.persistentVolumeClaim.claimName;
      claims.set(c, Math.min(claims.get(c) ?? Infinity, workloads.get(w.name)!));
    }
  }
  const waves = { workloads, claims };
  cache.set(app, waves);
  return waves;
}

/**
 * The wave of an object of `kind`: project-wide kinds by kind; a claim by the workloads that mount
 * it (`claim` is its name); anything else by the workload `owner` it belongs to.
 */
export function syncWave(app: AppModel, kind: string, owner?: Workload, claim?: string): number {
  const k = BY_KIND[kind];
  if (k !== undefined) return k;
  const waves = planWaves(app);
  if (kind === 'PersistentVolumeClaim') return (claim !== undefined ? waves.claims.get(claim) : undefined) ?? UNMOUNTED_CLAIM_WAVE;
  return owner ? waves.workloads.get(owner.name) ?? baseWave(owner) : 1;
}

/**
 * Annotations that keep GitOps tools from deleting state: stateful workloads and claims are never
 * pruned or deleted by Argo CD or Flux (remove them by hand when you mean it).
 */
export const KEEP_STATE_ANNOTATIONS: Readonly<Record<string, string>> = {
  'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
  'kustomize.toolkit.fluxcd.io/prune': 'disabled',
};
