/**
 * The pod spec of several services' containers: containers side by side, init containers (startup
 * gates) and volumes once each, and the pod-level settings merged:
 * - the user: the host's at pod level; a member that runs as another user gets `runAsUser` /
 *   `runAsGroup` on its own containers (they are per container in Kubernetes);
 * - `fsGroup` cannot be per container: the host's (else the first member's) applies to every volume
 *   of the pod, and the kubelet adds it to the supplementary groups of every container, so each can
 *   still write its volumes (a warning names a different one that is not used);
 * - a port is one socket of the shared network namespace: one the pod already lists (compose makes
 *   the host publish the ports of the services in its network namespace) is listed by the member;
 * - sysctls: the union (one name with two values is an error); host namespaces: any member's;
 *   `terminationGracePeriodSeconds`: the longest; host aliases: the union.
 */
import { Diagnostics } from '../../diagnostics';
import { canonicalJson } from '../canonical-json';
import { portName, truncateName } from '../names';
import { Container, PodSpec, PodVolume } from '../types';

/** One service's part of a shared pod. */
export interface PodPart {
  /** Compose name (for messages) and Kubernetes name (its container's name). */
  readonly service: string;
  readonly name: string;
  readonly file: string;
  readonly pod: PodSpec;
}

const same = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);

/** Renames a volume in a container's mounts. */
function renameMounts(c: Container, from: string, to: string): Container {
  return c.volumeMounts.some((m) => m.name === from) ? { ...c, volumeMounts: c.volumeMounts.map((m) => (m.name === from ? { ...m, name: to } : m)) } : c;
}

/** Renames a named container port and every probe that uses the name. */
function renamePort(c: Container, from: string, to: string): Container {
  const fix = <P extends Container['readinessProbe']>(p: P): P => {
    if (!p) return p;
    const h = p.handler;
    if ('httpGet' in h && h.httpGet.port === from) return { ...p, handler: { httpGet: { ...h.httpGet, port: to } } };
    if ('tcpSocket' in h && h.tcpSocket.port === from) return { ...p, handler: { tcpSocket: { port: to } } };
    return p;
  };
  return {
    ...c,
    ports: c.ports.map((p) => (p.name === from ? { ...p, name: to } : p)),
    ...(c.startupProbe ? { startupProbe: fix(c.startupProbe) } : {}),
    ...(c.readinessProbe ? { readinessProbe: fix(c.readinessProbe) } : {}),
    ...(c.livenessProbe ? { livenessProbe: fix(c.livenessProbe) } : {}),
  };
}

/** A container without its probes of port `q` (by name or number), and the probes dropped. */
function withoutProbesOf(c: Container, q: Container['ports'][number]): { kept: Container; dropped: string[] } {
  const targets = (p: Container['readinessProbe']): boolean => {
    if (!p) return false;
    const h = p.handler;
    const port = 'httpGet' in h ? h.httpGet.port : 'tcpSocket' in h ? h.tcpSocket.port : undefined;
    return port === q.name || port === q.containerPort;
  };
  const dropped = (['startupProbe', 'readinessProbe', 'livenessProbe'] as const).filter((k) => targets(c[k]));
  const kept: Record<string, unknown> = { ...c };
  for (const k of dropped) delete kept[k];
  return { kept: kept as unknown as Container, dropped };
}

export interface MergedPod {
  readonly pod: PodSpec;
  /** Port names changed in a member's container (a name the pod already used), by member: old → new. */
  readonly renamedPorts: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** What the report says about the pod-level choices. */
  readonly notes: string[];
}

/**
 * Merges the pods of `parts` (the host first). `dropInit` names init containers that must not run
 * (gates on a Service of the pod itself: they would wait forever).
 */
export function mergePodSpecs(parts: readonly PodPart[], dropInit: ReadonlySet<string>, d: Diagnostics): MergedPod {
  const [host, ...members] = parts;
  const notes: string[] = [];
  const renamedPorts = new Map<string, Map<string, string>>();
  const containers: Container[] = [...host.pod.containers];
  const initContainers: Container[] = host.pod.initContainers.filter((c) => !dropInit.has(c.name));
  const volumes: PodVolume[] = [...host.pod.volumes];
  const sc = host.pod.securityContext;
  let fsGroup = sc.fsGroup;
  const sysctls = new Map((sc.sysctls ?? []).map((s) => [s.name, { value: s.value, from: host.service }]));
  let grace = host.pod.terminationGracePeriodSeconds;
  const aliases = [...(host.pod.hostAliases ?? [])];
  let { hostNetwork, hostPID, hostIPC } = host.pod;

  for (const m of members) {
    const msc = m.pod.securityContext;
    // Volumes: one per name; a member's volume that differs from the pod's of that name is renamed.
    const volumeNames = new Map<string, string>();
    for (const v of m.pod.volumes) {
      const existing = volumes.find((x) => x.name === v.name);
      if (!existing) volumes.push(v);
      else if (!same(existing, v) || 'emptyDir' in v) {
        // Scratch space stays private to its container, as under compose.
        let to = truncateName(`${m.name}-${v.name}`);
        for (let i = 2; volumes.some((x) => x.name === to); i++) to = truncateName(`${m.name}-${v.name}-${i}`);
        volumeNames.set(v.name, to);
        volumes.push({ ...v, name: to });
      }
    }
    const ownUser = msc.runAsUser !== sc.runAsUser || msc.runAsGroup !== sc.runAsGroup;
    const adapt = (c: Container): Container => {
      let out = c;
      for (const [from, to] of volumeNames) out = renameMounts(out, from, to);
      if (ownUser && out.securityContext.runAsUser === undefined) {
        out = { ...out, securityContext: { ...out.securityContext, runAsUser: msc.runAsUser, runAsGroup: msc.runAsGroup } };
      }
      return out;
    };
    if (ownUser) notes.push(`${m.service} runs as ${msc.runAsUser}:${msc.runAsGroup} in its own containers (runAsUser/runAsGroup per container); the pod's user is ${host.service}'s ${sc.runAsUser}:${sc.runAsGroup}`);

    // Containers: a port number is one socket of the shared network namespace. A port the pod
    // already lists (the host publishes it for the member, as compose requires) is the member's: the
    // member listens on it. It keeps the name the pod's Service targets; the other container lists it
    // no more, and its probes of it (they would test the member's process) are dropped with a note.
    const taken = new Set(containers.flatMap((c) => c.ports.map((p) => p.name)));
    for (const c0 of m.pod.containers) {
      let c = adapt(c0);
      for (const p of c0.ports) {
        const at = containers.findIndex((o) => o.ports.some((q) => q.containerPort === p.containerPort && q.protocol === p.protocol));
        let to = taken.has(p.name) ? portName(p.containerPort, p.protocol, taken) : p.name;
        if (at >= 0) {
          const o = containers[at];
          const q = o.ports.find((x) => x.containerPort === p.containerPort && x.protocol === p.protocol)!;
          to = q.name;
          const { kept, dropped } = withoutProbesOf(o, q);
          containers[at] = { ...kept, ports: o.ports.filter((x) => x !== q) };
          for (const probe of dropped) notes.push(`the ${probe} of ${o.name} on port ${q.containerPort} is not kept: ${m.service} listens on that port of the shared network namespace`);
        }
        if (to !== p.name) {
          c = renamePort(c, p.name, to);
          renamedPorts.set(m.name, (renamedPorts.get(m.name) ?? new Map()).set(p.name, to));
        }
        taken.add(to);
      }
      containers.push(c);
    }
    // Init containers: identical ones once (two members waiting for the same Service); others by their own name.
    for (const c0 of m.pod.initContainers) {
      if (dropInit.has(c0.name)) continue;
      const c = adapt(c0);
      const existing = initContainers.find((x) => x.name === c.name);
      if (existing && same(existing, c)) continue;
      initContainers.push(existing || containers.some((x) => x.name === c.name) ? { ...c, name: truncateName(`${m.name}-${c.name}`) } : c);
    }

    if (msc.fsGroup !== undefined && fsGroup === undefined) fsGroup = msc.fsGroup;
    else if (msc.fsGroup !== undefined && msc.fsGroup !== fsGroup && !m.pod.containers.some((c) => c.volumeMounts.length > 0)) {
      notes.push(`${m.service} mounts no volume, so the pod's fsGroup ${fsGroup} (not its own ${msc.fsGroup}) changes nothing for it`);
    } else if (msc.fsGroup !== undefined && msc.fsGroup !== fsGroup) {
      d.warn(
        m.file,
        `services.${m.service}`,
        `fsGroup ${msc.fsGroup} (the group of its user) cannot apply in ${host.service}'s pod: one fsGroup (${fsGroup}) owns every volume of a pod, and its containers get it as a supplementary group, so they can still write their volumes; set user: with the group ${fsGroup} on ${m.service} to make this explicit`,
      );
    }
    for (const s of msc.sysctls ?? []) {
      const had = sysctls.get(s.name);
      if (had && had.value !== s.value) d.error(m.file, `services.${m.service}.sysctls`, `sysctl ${s.name}=${s.value} differs from ${had.from}'s ${s.name}=${had.value}, and sysctls are set once per pod (one network namespace); use one value`);
      else if (!had) sysctls.set(s.name, { value: s.value, from: m.service });
    }
    if (m.pod.terminationGracePeriodSeconds !== undefined && (grace === undefined || m.pod.terminationGracePeriodSeconds > grace)) grace = m.pod.terminationGracePeriodSeconds;
    for (const a of m.pod.hostAliases ?? []) if (!aliases.some((x) => same(x, a))) aliases.push(a);
    hostNetwork ||= m.pod.hostNetwork;
    hostPID ||= m.pod.hostPID;
    hostIPC ||= m.pod.hostIPC;
  }
  const runsAsRoot = parts.some((p) => p.pod.securityContext.runAsNonRoot === false);
  const pod: PodSpec = {
    ...host.pod,
    securityContext: {
      ...(runsAsRoot && sc.runAsNonRoot === false ? { runAsNonRoot: false } : {}),
      runAsUser: sc.runAsUser,
      runAsGroup: sc.runAsGroup,
      ...(fsGroup !== undefined ? { fsGroup, fsGroupChangePolicy: sc.fsGroupChangePolicy ?? 'OnRootMismatch' } : {}),
      ...(sysctls.size > 0 ? { sysctls: [...sysctls].map(([name, s]) => ({ name, value: s.value })).sort((a, b) => (a.name < b.name ? -1 : 1)) } : {}),
    },
    initContainers,
    containers,
    volumes,
    ...(grace !== undefined ? { terminationGracePeriodSeconds: grace } : {}),
    ...(aliases.length > 0 ? { hostAliases: aliases.sort((a, b) => (a.hostnames[0] < b.hostnames[0] ? -1 : 1)) } : {}),
    ...(hostNetwork ? { hostNetwork } : {}),
    ...(hostPID ? { hostPID } : {}),
    ...(hostIPC ? { hostIPC } : {}),
  };
  return { pod, renamedPorts, notes };
}
