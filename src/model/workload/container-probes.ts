/**
 * The probes of a service's main container: from its healthcheck (or the image profile's defaults),
 * replaced by the kompose readiness/liveness labels where given, with ports referred to by name.
 */
import { ComposeService, Healthcheck } from '../../compose';
import { Diagnostics } from '../../diagnostics';
import { healthcheckArgv } from './healthcheck-argv';
import { ImageProfile } from '../images';
import { KomposeSettings } from '../kompose';
import { portName } from '../names';
import { planProbes, ProbePlan } from './probes';
import { ContainerPort, Probe, WorkloadKind } from '../types';

/** The kompose readiness/liveness labels replace the probe they name (their check, their timing). */
export function withKomposeProbes(plan: ProbePlan, komp: KomposeSettings, firstTcp: number | undefined): ProbePlan {
  if (!komp.readiness && !komp.liveness) return plan;
  const fromLabels = (hc: Healthcheck | undefined) => (hc ? planProbes(hc, healthcheckArgv(hc.test), firstTcp) : undefined);
  const r = fromLabels(komp.readiness);
  const l = fromLabels(komp.liveness);
  return {
    ...plan,
    ...(r ? { readiness: r.readiness } : {}),
    // A liveness label gives the check itself (not the TCP stand-in used for healthchecks).
    ...(l ? { liveness: l.readiness } : {}),
    portsNeeded: [...new Set([...plan.portsNeeded, ...(r?.portsNeeded ?? []), ...(l?.portsNeeded ?? [])])],
  };
}

export interface ContainerProbes {
  readonly startup?: Probe;
  readonly readiness?: Probe;
  readonly liveness?: Probe;
}

/**
 * Plans the probes of a long-running workload (a Job gets none). Adds to `ports` (in place) every
 * TCP port a probe uses that the container does not declare yet, then names the probes' ports by
 * the container port's name. A disabled healthcheck on a service with ports is a warning (at
 * `services.<n>.healthcheck`, `n` the compose name of the service).
 */
export function planContainerProbes(
  n: string,
  s: ComposeService,
  kind: WorkloadKind,
  komp: KomposeSettings,
  profile: ImageProfile | undefined,
  ports: ContainerPort[],
  d: Diagnostics,
  /** healthcheckArgv(s.healthcheck.test) when the caller has it already; else it is made here. */
  resolvedTest: string[] | undefined = healthcheckArgv(s.healthcheck?.test),
): ContainerProbes {
  const firstTcp = ports.find((p) => p.protocol === 'TCP')?.containerPort;
  const probes = kind === 'Job' ? { portsNeeded: [] as number[], how: 'none' as const } : withKomposeProbes(planProbes(s.healthcheck, resolvedTest, firstTcp, profile?.firstStartSeconds), komp, firstTcp);
  for (const p of probes.portsNeeded) {
    if (!ports.some((q) => q.containerPort === p && q.protocol === 'TCP')) {
      const taken = new Set(ports.map((q) => q.name));
      ports.push({ name: portName(p, 'tcp', taken), containerPort: p, protocol: 'TCP' });
    }
  }
  if (s.healthcheck?.disabled && ports.length > 0 && kind !== 'Job') {
    d.warn(s.source.file, `services.${n}.healthcheck`, 'healthcheck disabled: the pod gets no readiness or liveness probe, so its Service sends traffic before it is ready');
  }
  const portByNumber = (port: number | string): number | string => ports.find((q) => q.containerPort === port)?.name ?? port;
  const withNamedPort = <T extends { handler: unknown }>(probe: T | undefined): T | undefined => {
    if (!probe) return undefined;
    const h = probe.handler as Record<string, { port?: number | string }>;
    const key = Object.keys(h)[0];
    if (h[key].port === undefined) return probe;
    return { ...probe, handler: { [key]: { ...h[key], port: portByNumber(h[key].port!) } } };
  };
  return { startup: withNamedPort(probes.startup), readiness: withNamedPort(probes.readiness), liveness: withNamedPort(probes.liveness) };
}
