/** The pod spec of a service's workload: its user, sysctls, host aliases and host namespaces. */
import { isIP } from 'net';
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
 * `stop_grace_period` as the termination grace period, `extra_hosts` as host aliases
 * (planHostAliases), spread over nodes for Deployments and StatefulSets.
 */
export function planPodSpec(p: PodParts, d: Diagnostics): PodSpec {
  const { service: s, kind, user, security } = p;
  // A pod on the node's network may not set network sysctls (nor needs to: it binds the node's ports as root).
  const sysctls = planSysctls(s, p.main.ports.some((q) => q.containerPort < 1024) && !security.hostNetwork, d);
  const hostAliases = planHostAliases(s, d);
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

/**
 * `extra_hosts` as host aliases: one per host and address (a host may list several, "a,b"; an IPv6
 * address may be written in brackets), sorted by host then address. The API server accepts only IP
 * addresses there: `host-gateway` (Docker's address of the host the container runs on, which a pod
 * moving between nodes does not have) and anything else that is not an IP are left out with a
 * warning that says how to reach the host instead.
 */
export function planHostAliases(s: ComposeService, d: Diagnostics): { ip: string; hostnames: string[] }[] {
  const out: { ip: string; hostnames: string[] }[] = [];
  for (const [host, value] of Object.entries(s.extraHosts)) {
    for (const raw of value.split(',').map((x) => x.trim())) {
      const ip = raw.replace(/^\[(.*)\]$/, '$1');
      if (isIP(ip) !== 0) {
        out.push({ ip, hostnames: [host] });
        continue;
      }
      const why =
        ip === 'host-gateway'
          ? 'host-gateway is the address of the Docker host, which a pod does not have (it may run on any node)'
          : 'a host alias needs an IP address';
      d.warn(
        s.source.file,
        `services.${s.name}.extra_hosts`,
        `not translated: "${host}" → "${raw}": ${why}; the alias is left out. To reach something outside the cluster, write its IP address, or create a Service for it (type ExternalName, or a Service with an EndpointSlice to its address) and use the Service's name instead of "${host}"`,
      );
    }
  }
  return out.sort((a, b) => (a.hostnames[0] < b.hostnames[0] ? -1 : a.hostnames[0] > b.hostnames[0] ? 1 : a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0));
}
