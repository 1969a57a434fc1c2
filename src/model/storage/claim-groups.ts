/**
 * Shared ReadWriteOnce claims (DESIGN "Storage"): a ReadWriteOnce claim is attached to one node at
 * a time, so single-replica workloads that share one must run on one node. The workloads connected
 * through shared ReadWriteOnce claims (a mounts c1 with b, b mounts c2 with c → a, b, c) form one
 * group; every pod of the group carries the label {@link GROUP_LABEL}`=<group id>` and ONE
 * required pod affinity to that label on `kubernetes.io/hostname`. One term per group, never one
 * per claim: a pod mounting two shared claims with a term each could wait for two pods on two
 * different nodes forever. The scheduler lets the first pod of a group land anywhere (a pod whose
 * own labels match its required term may start alone), and the others follow it.
 *
 * The group id is the first (sorted) shared claim name of the group: it derives from the claims,
 * never from the services, and it is a valid label value (a claim name is a DNS-1123 label).
 * `x-k8s.accessMode: ReadWriteMany` on the volume (or x-k8s.mounts) lifts it; external claims, whose
 * access mode is unknown, and Jobs (their name is the hash of their template, fixed before the
 * groups are known) are left out: a Job that shares a claim is a warning.
 */
import type { Claim } from '../types';

/** The pod label naming a group of workloads that share ReadWriteOnce claims. */
export const GROUP_LABEL = 'storage.cdk8s-compose.io/group';
/** The topology the pods of a group share: one node. */
export const GROUP_TOPOLOGY = 'kubernetes.io/hostname';

export interface ClaimGroup {
  readonly id: string;
  /** Workload (service) names, sorted. */
  readonly workloads: readonly string[];
  /** The shared claims that connect them, sorted. */
  readonly claims: readonly string[];
}

function isReadWriteOnce(c: Claim): boolean {
  return c.accessModes.every((m) => m === 'ReadWriteOnce' || m === 'ReadWriteOncePod');
}

/**
 * The groups of workloads connected through shared ReadWriteOnce claims. `claimUsers`: claim name
 * → the workloads (service names) that mount it; `excluded`: workloads that take no part (Jobs).
 */
export function planClaimGroups(claims: ReadonlyMap<string, Claim>, claimUsers: ReadonlyMap<string, readonly string[]>, excluded: ReadonlySet<string>): ClaimGroup[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  const union = (a: string, b: string) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };
  const shared: [string, string[]][] = [];
  for (const [name, users] of [...claimUsers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const c = claims.get(name);
    const members = [...new Set(users)].filter((u) => !excluded.has(u)).sort();
    if (!c || c.external || !isReadWriteOnce(c) || members.length < 2) continue;
    for (const m of members) if (!parent.has(m)) parent.set(m, m);
    for (const m of members.slice(1)) union(members[0], m);
    shared.push([name, members]);
  }
  const groups = new Map<string, { workloads: Set<string>; claims: string[] }>();
  for (const [name, members] of shared) {
    const root = find(members[0]);
    const g = groups.get(root) ?? { workloads: new Set<string>(), claims: [] };
    members.forEach((m) => g.workloads.add(m));
    g.claims.push(name);
    groups.set(root, g);
  }
  return [...groups.values()]
    .map((g) => ({ id: g.claims[0], workloads: [...g.workloads].sort(), claims: g.claims }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
