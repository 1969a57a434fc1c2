/** Which Kubernetes workload a compose service becomes, and what it is for. */
import { ComposeService } from '../compose/types';
import { ServiceX } from './extensions';
import { ImageProfile } from './images';
import { Component, WorkloadKind } from './types';

/** Job retries when compose gives none (`deploy.restart_policy.max_attempts`, `restart: on-failure:N`). */
export const DEFAULT_BACKOFF_LIMIT = 3;

export function decideKind(s: ComposeService, x: ServiceX, profile: ImageProfile | undefined, isInitJob: boolean): WorkloadKind {
  if (x.kind) return ({ deployment: 'Deployment', statefulset: 'StatefulSet', daemonset: 'DaemonSet', job: 'Job' } as const)[x.kind];
  if (isInitJob || x.role === 'migration') return 'Job';
  const mode = s.deploy?.mode;
  if (mode === 'global') return 'DaemonSet';
  if (mode === 'replicated-job' || mode === 'global-job') return 'Job';
  const restart = s.restart;
  if (restart === 'no' || (restart !== undefined && restart.startsWith('on-failure'))) return 'Job';
  const cond = s.deploy?.restartPolicy?.condition;
  if (cond === 'none' || cond === 'on-failure') return 'Job';
  const stateful =
    profile !== undefined &&
    ['database', 'cache', 'queue'].includes(profile.component) &&
    s.volumes.some((m) => m.type === 'volume' && m.source !== undefined && profile.dataPaths.some((p) => m.target === p || m.target.startsWith(`${p}/`) || p.startsWith(`${m.target}/`)));
  return stateful ? 'StatefulSet' : 'Deployment';
}

export function decideComponent(kind: WorkloadKind, x: ServiceX, profile: ImageProfile | undefined, isInit: boolean, hasPorts: boolean): Component {
  if (isInit || x.role === 'migration') return 'migration';
  if (kind === 'Job') return 'job';
  if (profile) return profile.component;
  return hasPorts ? 'app' : 'worker';
}

export function backoffLimit(s: ComposeService): number {
  const max = s.deploy?.restartPolicy?.maxAttempts;
  if (max !== undefined) return max;
  const m = /^on-failure:([0-9]+)$/.exec(s.restart ?? '');
  return m ? Number(m[1]) : DEFAULT_BACKOFF_LIMIT;
}

