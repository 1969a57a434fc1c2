/**
 * How a workload's pods are replaced and scaled, given the volumes they mount: a ReadWriteOnce claim
 * (one node only) must not be attached by a surge pod nor shared by several replicas.
 */
import { ComposeService } from '../../compose';
import { Diagnostics, show } from '../../diagnostics';
import { planAutoscale } from '../network';
import { ServiceX } from '../extensions';
import { Claim, Workload, WorkloadKind } from '../types';

/** The claims that only one node can mount (every access mode ReadWriteOnce or ReadWriteOncePod). */
export function readWriteOnceClaims(claims: readonly Claim[]): Claim[] {
  return claims.filter((c) => c.accessModes.every((m) => m === 'ReadWriteOnce' || m === 'ReadWriteOncePod'));
}

/**
 * The rollout strategy of a Deployment (undefined for the other kinds). With a ReadWriteOnce claim:
 * one pod at a time, stopped first (maxSurge 0, maxUnavailable 1), and more than one replica is an
 * error. Otherwise `deploy.update_config`: `parallelism` (default 1, at least 1) pods at a time,
 * started first unless `order: stop-first`.
 */
export function planStrategy(s: ComposeService, n: string, kind: WorkloadKind, replicas: number, rwoClaims: readonly Claim[], d: Diagnostics): Workload['strategy'] {
  if (kind !== 'Deployment') return undefined;
  if (rwoClaims.length > 0) {
    if (replicas > 1) {
      d.error(
        s.source.file,
        `services.${n}.deploy.replicas`,
        `${replicas} replicas share the ReadWriteOnce volume ${show(rwoClaims[0].volume)}, which only one node can mount; use replicas: 1, or give the volume x-k8s: {accessMode: ReadWriteMany} (a storage class that supports it), or make the service a StatefulSet (x-k8s: {kind: statefulset}) for one volume per replica`,
      );
    }
    return { type: 'RollingUpdate', maxSurge: 0, maxUnavailable: 1 };
  }
  const u = s.deploy?.updateConfig;
  const step = Math.max(1, u?.parallelism ?? 1);
  return u?.order === 'stop-first' ? { type: 'RollingUpdate', maxSurge: 0, maxUnavailable: step } : { type: 'RollingUpdate', maxSurge: step, maxUnavailable: 0 };
}

/**
 * The autoscaler of a Deployment or StatefulSet (see planAutoscale); one that could scale past one
 * replica sharing a ReadWriteOnce claim is an error.
 */
export function planWorkloadAutoscale(s: ComposeService, n: string, kind: WorkloadKind, x: ServiceX, rwoClaims: readonly Claim[], d: Diagnostics): Workload['autoscale'] {
  const autoscale = kind === 'Deployment' || kind === 'StatefulSet' ? planAutoscale(s, x, d) : undefined;
  if (autoscale && rwoClaims.length > 0 && autoscale.max > 1) {
    d.error(
      s.source.file,
      `services.${n}.x-k8s.autoscale`,
      `up to ${autoscale.max} replicas would share the ReadWriteOnce volume ${show(rwoClaims[0].volume)}, which only one node can mount; give the volume x-k8s: {accessMode: ReadWriteMany} or remove the autoscaler`,
    );
  }
  return autoscale;
}
