/** The pod spec of a service's workload: its user, sysctls, host aliases and host namespaces. */
import { ComposeService } from '../../compose';
import { Diagnostics } from '../../diagnostics';
import { msToSeconds } from '../quantities';
import { SecurityPlan, UserPlan } from '../security';
import { planSysctls } from '../untranslated';
import { Container, PodSpec, PodVolume, WorkloadKind } from '../types';

export interface PodParts {
  readonly service: ComposeService;
  /** Kubernetes name of the service (also its service account). */
  readonly name: string;
  readonly kind: WorkloadKind;
  readonly user: UserPlan;
  readonly security: SecurityPlan;
  readonly initContainers: readonly Container[];
  readonly main: Container;
  readonly volumes: readonly PodVolume[];
}

/**
 * The pod: runs as the planned user (`runAsNonRoot: false` only for UID 0), mounted files owned by
 * its group (`fsGroupChangePolicy: OnRootMismatch`), restart `Never` for a Job (else `Always`),
 * `stop_grace_period` as the termination grace period, `extra_hosts` as host aliases (sorted by
 * host), spread over nodes for Deployments and StatefulSets.
 */
export function planPodSpec(p: PodParts, d: Diagnostics): PodSpec {
  const { service: s, kind, user, security } = p;
  // A pod on the node's network may not set network sysctls (nor needs to: it binds the node's ports as root).
  const sysctls = planSysctls(s, p.main.ports.some((q) => q.containerPort < 1024) && !security.hostNetwork, d);
  const hostAliases = Object.entries(s.extraHosts)
    .map(([host, ip]) => ({ ip, hostnames: [host] }))
    .sort((a, b) => (a.hostnames[0] < b.hostnames[0] ? -1 : 1));
  return {
    serviceAccountName: p.name,
    securityContext: {
      ...(user.uid === 0 ? { runAsNonRoot: false } : {}),
      runAsUser: user.uid,
      runAsGroup: user.gid,
      // Mounted files (claims, ConfigMaps, Secrets) become readable by the pod's group;
      // OnRootMismatch skips the recursive chown of large volumes on every start.
      fsGroup: user.gid,
      fsGroupChangePolicy: 'OnRootMismatch' as const,
      ...(sysctls ? { sysctls } : {}),
    },
    initContainers: p.initContainers,
    containers: [p.main],
    volumes: p.volumes,
    restartPolicy: kind === 'Job' ? 'Never' : 'Always',
    ...(s.stopGracePeriod !== undefined ? { terminationGracePeriodSeconds: msToSeconds(s.stopGracePeriod, 0) } : {}),
    ...(hostAliases.length > 0 ? { hostAliases } : {}),
    spread: kind === 'Deployment' || kind === 'StatefulSet',
    ...(security.hostNetwork ? { hostNetwork: true } : {}),
    ...(security.hostPID ? { hostPID: true } : {}),
    ...(security.hostIPC ? { hostIPC: true } : {}),
  };
}
