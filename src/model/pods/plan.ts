/**
 * Which compose services share one pod (DESIGN, "Compose semantics on Kubernetes": containers of one
 * pod share its network namespace):
 * - `network_mode: service:X` joins the service's container to X's pod; `container:NAME` does the
 *   same when NAME is the `container_name` of a project service (otherwise an error naming it). A
 *   chain `A → B → C` makes one pod, a cycle is an error showing it.
 * - `kompose.service.group: NAME`: services with the same value form one pod (as Kompose does).
 *
 * The pod is named after its host: the one service of the pod that joins no other by `network_mode`;
 * in a group, the first such service by compose name. A service that joins by `network_mode` has no
 * DNS name of its own (compose gives it none): its ports are reached through the name of the
 * service at the end of its chain (its `root`). A group member keeps its own Service.
 */
import { ComposeProject } from '../../compose';
import { Diagnostics, show } from '../../diagnostics';

/** The label Kompose reads to put several services into one pod. */
export const GROUP_LABEL = 'kompose.service.group';

export interface PodMember {
  /** The compose service. */
  readonly service: string;
  /** How it joined: `network_mode` (service:/container:) or the `kompose.service.group` label. */
  readonly via: 'network_mode' | 'group';
  /** network_mode: the service whose name its ports are reached by (the end of its chain). */
  readonly root?: string;
  /** What the report says: `network_mode "service:vpn"` or `kompose.service.group "web"`. */
  readonly how: string;
}

/** One pod of several compose services. */
export interface PodGroup {
  /** The compose service the pod (its workload, Service account, selector) is named after. */
  readonly host: string;
  /** The other services of the pod, by compose name. */
  readonly members: readonly PodMember[];
}

export interface PodPlan {
  readonly groups: readonly PodGroup[];
  /** The compose service whose pod a service joins (undefined: a pod of its own, or a host). */
  readonly hostOf: ReadonlyMap<string, string>;
}

/** The service named by `network_mode: service:X` / `container:NAME`, or undefined (an error was recorded or the mode shares nothing). */
function joinTarget(project: ComposeProject, n: string, d: Diagnostics): string | undefined {
  const s = project.services[n];
  const mode = s.networkMode;
  if (mode === undefined) return undefined;
  const at = `services.${n}.network_mode`;
  if (mode.startsWith('service:')) {
    const target = mode.slice('service:'.length);
    // The front end reports a service name that does not exist.
    return project.services[target] ? target : undefined;
  }
  if (mode.startsWith('container:')) {
    const wanted = mode.slice('container:'.length);
    const owner = Object.keys(project.services)
      .sort()
      .find((m) => project.services[m].containerName === wanted);
    if (owner === undefined) {
      const hint = project.services[wanted] ? `; "${wanted}" is a service name: write "service:${wanted}"` : '; a container outside the project cannot share a pod with it: run the process as a service of the project and write "service:NAME"';
      d.error(s.source.file, at, `network_mode ${show(mode)}: no service of the project has container_name ${show(wanted)}${hint}`);
      return undefined;
    }
    return owner;
  }
  return undefined;
}

/** Decides the pods of several services; every problem (unknown container, cycle) is recorded in `d`. */
export function planPods(project: ComposeProject, d: Diagnostics): PodPlan {
  const names = Object.keys(project.services).sort();
  const target = new Map<string, string>();
  for (const n of names) {
    const t = joinTarget(project, n, d);
    if (t === n) d.error(project.services[n].source.file, `services.${n}.network_mode`, `network_mode ${show(project.services[n].networkMode!)} names the service itself; remove it`);
    else if (t !== undefined) target.set(n, t);
  }

  // The end of each chain; a cycle is an error showing it (reported once, from its first service by name).
  const root = new Map<string, string>();
  const inCycle = new Set<string>();
  for (const n of names) {
    if (!target.has(n)) continue;
    const chain = [n];
    let cur = n;
    while (target.has(cur)) {
      cur = target.get(cur)!;
      const seen = chain.indexOf(cur);
      if (seen >= 0) {
        const cycle = chain.slice(seen);
        if (!cycle.some((c) => inCycle.has(c))) {
          const first = [...cycle].sort()[0];
          const from = cycle.indexOf(first);
          const shown = [...cycle.slice(from), ...cycle.slice(0, from), first].join(' → ');
          d.error(project.services[first].source.file, `services.${first}.network_mode`, `network_mode forms a cycle: ${shown}; one of them must keep its own network (remove its network_mode)`);
        }
        for (const c of cycle) inCycle.add(c);
        cur = '';
        break;
      }
      chain.push(cur);
    }
    if (cur !== '') root.set(n, cur);
  }

  // Union of the services that share a pod: network_mode edges and group labels.
  const parent = new Map<string, string>(names.map((n) => [n, n]));
  const find = (n: string): string => {
    while (parent.get(n) !== n) n = parent.get(n)!;
    return n;
  };
  const union = (a: string, b: string): void => {
    const [ra, rb] = [find(a), find(b)].sort();
    parent.set(rb, ra);
  };
  for (const [n, t] of target) if (!inCycle.has(n)) union(n, t);
  const byGroup = new Map<string, string[]>();
  for (const n of names) {
    const g = project.services[n].labels[GROUP_LABEL];
    if (g === undefined) continue;
    if (g.trim() === '') {
      d.error(project.services[n].source.file, `services.${n}.labels.${GROUP_LABEL}`, `empty value; expected the name of the group of services that share one pod`);
      continue;
    }
    byGroup.set(g, [...(byGroup.get(g) ?? []), n]);
  }
  for (const members of byGroup.values()) for (const m of members.slice(1)) union(members[0], m);

  const components = new Map<string, string[]>();
  for (const n of names) if (!inCycle.has(n)) components.set(find(n), [...(components.get(find(n)) ?? []), n]);
  const groups: PodGroup[] = [];
  const hostOf = new Map<string, string>();
  for (const services of components.values()) {
    if (services.length < 2) continue;
    const host = services.find((n) => !target.has(n)) ?? services[0];
    const members: PodMember[] = services
      .filter((n) => n !== host)
      .map((n) =>
        target.has(n)
          ? { service: n, via: 'network_mode' as const, root: root.get(n), how: `network_mode ${show(project.services[n].networkMode!)}` }
          : { service: n, via: 'group' as const, how: `${GROUP_LABEL} ${show(project.services[n].labels[GROUP_LABEL] ?? '')}` },
      );
    for (const m of members) hostOf.set(m.service, host);
    groups.push({ host, members });
  }
  return { groups, hostOf };
}

/**
 * The Kubernetes names `depends_on` gates wait on: a service that joins another's network namespace
 * is reached through the name of the service at the end of its chain.
 */
export function reachableNames(plan: PodPlan, names: ReadonlyMap<string, string>): Map<string, string> {
  const out = new Map(names);
  for (const g of plan.groups) for (const m of g.members) if (m.root !== undefined && names.has(m.root)) out.set(m.service, names.get(m.root)!);
  return out;
}
