/** Which Kubernetes workload a compose service becomes, and what it is for. */
import { ComposeService } from '../../compose';
import { Diagnostics } from '../../diagnostics';
import { ServiceX } from '../extensions';
import { ImageProfile } from '../images';
import { Component, WorkloadKind } from '../types';

/** Job retries when compose gives none (`deploy.restart_policy.max_attempts`, `restart: on-failure:N`). */
export const DEFAULT_BACKOFF_LIMIT = 3;

/**
 * A service that compose runs once (`restart: "no"`, `on-failure[:N]`, or the same
 * `deploy.restart_policy.condition`) but that publishes or exposes ports is a server that was not
 * meant to stay down, e.g. a web app written with `restart: "no"` for development: it becomes a
 * Deployment, with a `one-shot-server` warning, never a Job that drops its ports. A service that
 * others wait on with `service_completed_successfully` stays a Job (it is an init step).
 */
function oneShotServer(s: ComposeService, at: string, what: string, d: Diagnostics | undefined): boolean {
  if (s.ports.length === 0 && s.expose.length === 0) return false;
  d?.warn(
    s.source.file,
    at,
    `${what} makes a one-shot service, but it serves ports (${s.ports.length > 0 ? 'ports:' : 'expose:'}) and no service waits for it to complete; it becomes a Deployment, restarted when it exits, so that its ports stay reachable: remove ${what} or set x-k8s.kind: job to run it once`,
    'one-shot-server',
    s.name,
  );
  return true;
}

export function decideKind(s: ComposeService, x: ServiceX, profile: ImageProfile | undefined, isInitJob: boolean, d?: Diagnostics): WorkloadKind {
  if (x.kind) return ({ deployment: 'Deployment', statefulset: 'StatefulSet', daemonset: 'DaemonSet', job: 'Job' } as const)[x.kind];
  if (isInitJob || x.role === 'migration') return 'Job';
  const mode = s.deploy?.mode;
  if (mode === 'global') return 'DaemonSet';
  if (mode === 'replicated-job' || mode === 'global-job') return 'Job';
  const restart = s.restart;
  if (restart === 'no' || (restart !== undefined && restart.startsWith('on-failure'))) {
    if (!oneShotServer(s, `services.${s.name}.restart`, `restart: ${JSON.stringify(restart)}`, d)) return 'Job';
  } else {
    const cond = s.deploy?.restartPolicy?.condition;
    if ((cond === 'none' || cond === 'on-failure') && !oneShotServer(s, `services.${s.name}.deploy.restart_policy.condition`, `deploy.restart_policy.condition: ${cond}`, d)) return 'Job';
  }
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

