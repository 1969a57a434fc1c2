/**
 * Ordering and pruning for GitOps tools. Argo CD applies waves in order and waits for each wave to
 * be healthy (a Job is healthy once it has completed); Flux and kubectl ignore these annotations
 * (the init containers are what make ordering correct there).
 *
 * Waves (practices §2.4):
 *   -2  identities, RBAC, configuration, Secrets providers, NetworkPolicies
 *   -1  stateful services (StatefulSets, their Services) and claims
 *    0  init Jobs (migrations)
 *    1  everything else: Deployments, DaemonSets, their Services, PDBs, task Jobs
 */
import { Workload } from './types';

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
  PersistentVolumeClaim: -1,
};

/** The wave of an object of `kind`, owned by workload `w` when it belongs to one. */
export function syncWave(kind: string, w?: Workload): number {
  const k = BY_KIND[kind];
  if (k !== undefined) return k;
  if (w?.kind === 'StatefulSet') return -1;
  if (w?.kind === 'Job' && w.job?.role === 'init') return 0;
  return 1;
}

/**
 * Annotations that keep GitOps tools from deleting state: stateful workloads and claims are never
 * pruned or deleted by Argo CD or Flux (remove them by hand when you mean it).
 */
export const KEEP_STATE_ANNOTATIONS: Readonly<Record<string, string>> = {
  'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
  'kustomize.toolkit.fluxcd.io/prune': 'disabled',
};
