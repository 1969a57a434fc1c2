/**
 * The workloads of the services of one pod (planPods) become one workload, named after the host:
 * - one-shot services (Jobs) share no pod (an error): containers of one pod start and stop together;
 * - replicas must agree: the value that a service states (`deploy.replicas`, `scale`) is the pod's,
 *   two different ones are an error; `deploy.mode: global` must be on every service or none;
 * - the Pod Security level is the highest any service opted into, and the report says who lifts it;
 * - each service's startup gates (its `depends_on` on other services) are init containers of the
 *   pod; a `depends_on` between services of the pod is a line in the report (containers of one pod
 *   start together; Kubernetes 1.28 has no sidecar ordering without a feature gate);
 * - the ports of a service that joined by `network_mode` are listed on the Service of the service
 *   at the end of its chain; a `kompose.service.group` member keeps its own Service (memberServices).
 */
import { ComposeProject } from '../../compose';
import { Diagnostics } from '../../diagnostics';
import { configHashAnnotation, CONFIG_HASH_ANNOTATION } from '../config-hash';
import { truncateName } from '../names';
import { PodSecurityLevel, weakest } from '../security';
import { ConfigMapModel, JobReader, ServiceExposure, ServicePort, Workload } from '../types';
import { mergePodSpecs, PodPart } from './pod-merge';
import { PodGroup, PodMember, PodPlan } from './plan';

export interface MergeInputs {
  readonly project: ComposeProject;
  readonly plan: PodPlan;
  /** Kubernetes names of the compose services. */
  readonly names: ReadonlyMap<string, string>;
  readonly configMaps: readonly ConfigMapModel[];
  /** Rewritten in place: the gates of a pod read their Jobs with the pod's service account, through one Role. */
  readonly jobReaders: JobReader[];
}

const mode = (w: Workload) => (w.kind === 'DaemonSet' ? 'global' : 'replicated');

/** A Service's ports plus `more` (each port number and protocol once). */
function addPorts(e: ServiceExposure, more: readonly ServicePort[]): ServiceExposure {
  const ports = [...e.ports];
  for (const p of more) if (!ports.some((q) => q.port === p.port && q.protocol === p.protocol)) ports.push(p);
  return { ...e, ports };
}

/**
 * The workloads that mount each claim, a pod's services counted once, as its host: containers of one
 * pod share its claims on one node (no ReadWriteOnce conflict).
 */
export function podClaimUsers(plan: PodPlan, names: ReadonlyMap<string, string>, claimUsers: ReadonlyMap<string, readonly string[]>): Map<string, string[]> {
  const hostName = new Map<string, string>();
  for (const g of plan.groups) for (const m of g.members) hostName.set(names.get(m.service) ?? m.service, names.get(g.host) ?? g.host);
  return new Map([...claimUsers].map(([claim, users]) => [claim, [...new Set(users.map((u) => hostName.get(u) ?? u))]]));
}

/** Checks the services of one pod can share it; records every problem in `d`. */
function checkCompatible(g: PodGroup, project: ComposeProject, byService: ReadonlyMap<string, Workload>, d: Diagnostics): void {
  const host = byService.get(g.host)!;
  const at = (m: PodMember) => (m.via === 'network_mode' ? `services.${m.service}.network_mode` : `services.${m.service}.labels`);
  const explicit = [g.host, ...g.members.map((m) => m.service)]
    .map((n) => ({ n, r: project.services[n].deploy?.replicas ?? project.services[n].scale }))
    .filter((x) => x.r !== undefined);
  for (const m of g.members) {
    const w = byService.get(m.service)!;
    const file = project.services[m.service].source.file;
    if (w.kind === 'Job' || host.kind === 'Job') {
      const [job, other] = w.kind === 'Job' ? [m.service, g.host] : [g.host, m.service];
      d.error(file, at(m), `${m.how} puts ${m.service} in ${g.host}'s pod, but ${job} is a one-shot service (a Job) and ${other} ${w.kind === host.kind ? 'another one' : 'a server'}: containers of one pod start and stop together; give ${m.service} its own network (remove ${m.via === 'network_mode' ? 'network_mode' : 'the label'}) or make both long-running`);
    } else if (mode(w) !== mode(host)) {
      d.error(file, at(m), `${m.how} puts ${m.service} in ${g.host}'s pod, but deploy.mode differs (${mode(w)} vs ${mode(host)}); one pod has one controller: use the same deploy.mode`);
    }
    if (w.claimTemplates.length > 0) d.error(file, at(m), `${m.service} would keep one claim per replica (volumeClaimTemplates) inside ${g.host}'s pod; run it with replicas: 1 or give it its own network`);
    if (w.ingress || w.route) d.error(file, at(m), `${m.service} joins ${g.host}'s pod and has its own Ingress or route; set x-k8s.ingress / x-k8s.route (or kompose.service.expose) on ${g.host}, whose Service lists the pod's ports`);
    if (w.autoscale && JSON.stringify(w.autoscale) !== JSON.stringify(host.autoscale)) d.error(file, at(m), `${m.service} joins ${g.host}'s pod and asks for its own autoscaler; one pod scales as one: set the autoscaler on ${g.host} only`);
    if (Boolean(w.egress) !== Boolean(host.egress)) d.error(file, at(m), `x-k8s.egress is set on ${w.egress ? m.service : g.host} but not on ${w.egress ? g.host : m.service}, and the egress of one pod is one: set it on both or neither`);
  }
  if (new Set(explicit.map((x) => x.r)).size > 1) {
    const first = explicit[0];
    const other = explicit.find((x) => x.r !== first.r)!;
    d.error(project.services[other.n].source.file, `services.${other.n}`, `replicas ${other.r} differs from ${first.n}'s ${first.r}, and ${other.n} shares ${g.host}'s pod (${[g.host, ...g.members.map((m) => m.service)].join(', ')}): one pod, one replica count; use the same deploy.replicas on all of them`);
  }
}

/** The most restrictive rollout: Recreate, else the smallest surge. */
function strategyOf(ws: readonly Workload[]): Workload['strategy'] {
  const all = ws.map((w) => w.strategy).filter((s) => s !== undefined);
  return all.find((s) => s.type === 'Recreate') ?? all.find((s) => s.type === 'RollingUpdate' && s.maxSurge === 0) ?? ws[0].strategy;
}

function mergeGroup(g: PodGroup, inp: MergeInputs, byService: ReadonlyMap<string, Workload>, d: Diagnostics): Workload {
  const { project, names } = inp;
  const host = byService.get(g.host)!;
  const members = g.members.map((m) => ({ m, w: byService.get(m.service)! }));
  const all = [host, ...members.map((x) => x.w)];
  // The Services of the pod itself: a gate on one of them would wait forever (its own containers are not started yet).
  const podServices = new Set([host.service, ...members.filter((x) => x.m.via === 'group').map((x) => x.w.service)]);
  const internal = (gate: Workload['gates'][number]) => gate.kind === 'service' && podServices.has(gate.service);
  const dropInit = new Set(all.flatMap((w) => w.gates.filter(internal).map((gate) => (gate.kind === 'service' ? truncateName(`wait-for-${gate.service}`) : ''))));
  const parts: PodPart[] = all.map((w) => {
    const n = [g.host, ...g.members.map((m) => m.service)].find((x) => names.get(x) === w.service)!;
    return { service: n, name: w.service, file: project.services[n].source.file, pod: w.pod };
  });
  const merged = mergePodSpecs(parts, dropInit, d);

  // Ports: a network_mode member's on the Service of its chain's end; a group member keeps its own Service.
  const renamed = (w: Workload, e: ServiceExposure | undefined): ServiceExposure | undefined => {
    const r = merged.renamedPorts.get(w.service);
    return e && r ? { ...e, ports: e.ports.map((p) => (typeof p.targetPort === 'string' && r.has(p.targetPort) ? { ...p, name: r.get(p.targetPort)!, targetPort: r.get(p.targetPort)! } : p)) } : e;
  };
  const exposures = new Map<string, ServiceExposure | undefined>(all.map((w) => [w.service, renamed(w, w.exposure)]));
  for (const { m, w } of members) {
    if (m.via !== 'network_mode') continue;
    const root = names.get(m.root ?? g.host)!;
    const own = exposures.get(w.service);
    const theirs = exposures.get(root);
    if (own && theirs && (own.type !== theirs.type || own.headless !== theirs.headless)) {
      d.warn(project.services[m.service].source.file, `services.${m.service}`, `its ports are listed on the Service ${root} (${m.how}), which is ${theirs.headless ? 'headless' : theirs.type}: the Service type it asks for (${own.headless ? 'headless' : own.type}) is not used; set x-k8s.serviceType on ${m.root ?? g.host} instead`);
    }
    exposures.set(root, theirs ? addPorts(theirs, own?.ports ?? []) : own);
    exposures.delete(w.service);
  }

  const inPod = new Set([g.host, ...g.members.map((m) => m.service)]);
  // A note on a depends_on between services of the pod gives way to the line below.
  const own = (note: string) => !inPod.has(/^depends_on (\S+) /.exec(note)?.[1] ?? '');
  const notes: string[] = host.notes.filter(own);
  for (const { m, w } of members) {
    notes.push(`${m.service} runs as a container of this pod (${m.how}): it shares the pod's network namespace${m.via === 'network_mode' ? `, has no Service of its own and is reached through ${names.get(m.root ?? g.host)}` : ' and keeps its own Service'}`);
    for (const note of w.notes.filter(own)) notes.push(`${m.service}: ${note}`);
  }
  notes.push(...merged.notes);
  for (const n of [...inPod].sort()) {
    for (const dep of Object.keys(project.services[n].dependsOn).sort()) {
      if (inPod.has(dep)) notes.push(`depends_on ${dep} of ${n}: both are containers of this pod, which start together (Kubernetes 1.28 has no ordering of a pod's containers without the SidecarContainers feature gate); ${n} must retry until ${dep} is ready`);
    }
  }
  const levels = all.filter((w) => w.podSecurity !== undefined);
  let podSecurity: Workload['podSecurity'];
  if (levels.length > 0) {
    const level = levels.reduce<PodSecurityLevel>((l, w) => weakest(l, w.podSecurity!.level), 'restricted') as 'baseline' | 'privileged';
    const lifters = levels.filter((w) => w.podSecurity!.level === level).map((w) => w.service);
    podSecurity = { level, reasons: levels.flatMap((w) => w.podSecurity!.reasons.map((r) => (w === host ? r : `${w.service}: ${r}`))) };
    notes.push(`Pod Security ${level} for the whole pod: ${lifters.join(', ')} opted in with x-k8s.podSecurity (${levels.flatMap((w) => w.podSecurity!.reasons).join('; ')}); Pod Security admission judges a pod as a whole, so every container of it is admitted at that level`);
  }
  const egress = host.egress ? { cidrs: [...new Set(all.flatMap((w) => w.egress?.cidrs ?? []))].sort() } : undefined;
  const gates = all.flatMap((w) => w.gates.filter((gate) => !internal(gate))).filter((gate, i, list) => list.findIndex((o) => JSON.stringify(o) === JSON.stringify(gate)) === i);
  const explicit = [g.host, ...g.members.map((m) => m.service)].map((n) => project.services[n].deploy?.replicas ?? project.services[n].scale).find((r) => r !== undefined);
  const podAnnotations: Record<string, string> = {};
  for (const w of [...all].reverse()) for (const [k, v] of Object.entries(w.podAnnotations)) if (k !== CONFIG_HASH_ANNOTATION) podAnnotations[k] = v;
  Object.assign(podAnnotations, configHashAnnotation(merged.pod, inp.configMaps));
  const annotations: Record<string, string> = {};
  for (const w of [...all].reverse()) Object.assign(annotations, w.annotations);
  const memberServices = members
    .filter(({ m }) => m.via === 'group')
    .map(({ w }) => ({ name: w.service, exposure: exposures.get(w.service) }))
    .filter((x): x is { name: string; exposure: ServiceExposure } => x.exposure !== undefined);
  const hostExposure = exposures.get(host.service);
  const strategy = strategyOf(all);
  return {
    ...host,
    replicas: explicit !== undefined && host.kind !== 'DaemonSet' ? explicit : host.replicas,
    annotations,
    pod: merged.pod,
    ...(hostExposure ? { exposure: hostExposure } : {}),
    ...(strategy ? { strategy } : {}),
    networks: [...new Set(all.flatMap((w) => w.networks))].sort(),
    podLabels: Object.assign({}, ...[...all].reverse().map((w) => w.podLabels)),
    publishedPorts: all.flatMap((w) => w.publishedPorts.map((p) => ({ ...p, name: merged.renamedPorts.get(w.service)?.get(p.name) ?? p.name }))),
    published: all.flatMap((w) => w.published),
    ...(egress ? { egress } : {}),
    podAnnotations,
    notes,
    gates,
    ...(podSecurity ? { podSecurity } : {}),
    members: g.members.map((m) => m.service),
    ...(memberServices.length > 0 ? { memberServices } : {}),
  };
}

/**
 * Replaces the workloads of every pod of several services by one workload (in place of the host's)
 * and returns the new list; the Job readers of a pod's services become one, for the pod's service account.
 */
export function mergePods(inp: MergeInputs, workloads: readonly Workload[], d: Diagnostics): Workload[] {
  if (inp.plan.groups.length === 0) return [...workloads];
  const byK8s = new Map(workloads.map((w) => [w.service, w]));
  const out = new Map(workloads.map((w) => [w.service, w]));
  for (const g of inp.plan.groups) {
    const services = [g.host, ...g.members.map((m) => m.service)];
    const byService = new Map(services.map((n) => [n, byK8s.get(inp.names.get(n) ?? '')]).filter((x): x is [string, Workload] => x[1] !== undefined));
    if (byService.size !== services.length) {
      const missing = services.filter((n) => !byService.has(n));
      d.error(inp.project.services[g.host].source.file, `services.${missing[0]}`, `${missing.join(', ')} runs no container (a provider service) and cannot share a pod with ${services.filter((n) => byService.has(n)).join(', ')}; remove the network_mode or the label`);
      continue;
    }
    const errors = d.errors.length;
    checkCompatible(g, inp.project, byService, d);
    if (d.errors.length > errors) continue;
    const merged = mergeGroup(g, inp, byService, d);
    for (const m of g.members) out.delete(inp.names.get(m.service)!);
    out.set(merged.service, merged);
    // The gates of the pod read their Jobs with the pod's service account: one Role for all of them.
    const accounts = new Set([merged.service, ...g.members.map((m) => inp.names.get(m.service)!)]);
    const readers = inp.jobReaders.filter((r) => accounts.has(r.serviceAccount));
    if (readers.length > 0) {
      const sa = merged.pod.serviceAccountName;
      const reader = { name: readers.find((r) => r.serviceAccount === sa)?.name ?? truncateName(`${sa}-wait`), serviceAccount: sa, jobNames: [...new Set(readers.flatMap((r) => r.jobNames))].sort() };
      inp.jobReaders.splice(0, inp.jobReaders.length, ...inp.jobReaders.filter((r) => !accounts.has(r.serviceAccount)), reader);
    }
  }
  return [...out.values()];
}
