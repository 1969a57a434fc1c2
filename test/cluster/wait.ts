/**
 * Waiting for a namespace to be ready, by polling the API (short interval, no kubectl process):
 * every Deployment and StatefulSet rolled out and available, every Job complete, every claim
 * Bound, every Service with a selector has a ready endpoint, and the pods of one shared-storage
 * group on one node. A Job that fails, or a pod that admission refuses, fails at once; a timeout
 * fails with the objects that are not ready and the namespace's events.
 */
import { Any, Cluster, list, sleep } from './kube';

export const STORAGE_GROUP_LABEL = 'storage.cdk8s-compose.io/group';

export interface Observed {
  /** Pods the namespace holds (admitted by the API server). */
  readonly pods: number;
  /** Ready pods of Deployments and StatefulSets. */
  readonly ready: number;
  readonly jobs: number;
  readonly claims: number;
}

interface Snapshot {
  readonly deployments: Any[];
  readonly statefulsets: Any[];
  readonly jobs: Any[];
  readonly claims: Any[];
  readonly services: Any[];
  readonly slices: Any[];
  readonly pods: Any[];
}

async function snapshot(c: Cluster, ns: string): Promise<Snapshot> {
  const [deployments, statefulsets, jobs, claims, services, slices, pods] = await Promise.all([
    list(c, `/apis/apps/v1/namespaces/${ns}/deployments`),
    list(c, `/apis/apps/v1/namespaces/${ns}/statefulsets`),
    list(c, `/apis/batch/v1/namespaces/${ns}/jobs`),
    list(c, `/api/v1/namespaces/${ns}/persistentvolumeclaims`),
    list(c, `/api/v1/namespaces/${ns}/services`),
    list(c, `/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices`),
    list(c, `/api/v1/namespaces/${ns}/pods`),
  ]);
  return { deployments, statefulsets, jobs, claims, services, slices, pods };
}

const condition = (o: Any, type: string): boolean => (o.status?.conditions ?? []).some((c: Any) => c.type === type && c.status === 'True');
const rolledOut = (o: Any): boolean => (o.status?.observedGeneration ?? 0) >= o.metadata.generation;

/** Why each object is not ready yet ("Deployment/web: 0/1 available"); empty when all are. */
function notReady(s: Snapshot): string[] {
  const out: string[] = [];
  for (const d of s.deployments) {
    const want = d.spec.replicas ?? 1;
    const st = d.status ?? {};
    if (!rolledOut(d) || st.updatedReplicas !== want || st.availableReplicas !== want || st.replicas !== want) {
      out.push(`Deployment/${d.metadata.name}: ${st.availableReplicas ?? 0}/${want} available, ${st.updatedReplicas ?? 0} updated, ${st.replicas ?? 0} pods`);
    }
  }
  for (const t of s.statefulsets) {
    const want = t.spec.replicas ?? 1;
    const st = t.status ?? {};
    if (!rolledOut(t) || st.readyReplicas !== want || st.availableReplicas !== want || st.updatedReplicas !== want || st.currentRevision !== st.updateRevision) {
      out.push(`StatefulSet/${t.metadata.name}: ${st.readyReplicas ?? 0}/${want} ready, ${st.updatedReplicas ?? 0} updated, revision ${st.currentRevision} → ${st.updateRevision}`);
    }
  }
  for (const j of s.jobs) if (!condition(j, 'Complete')) out.push(`Job/${j.metadata.name}: not complete (${j.status?.succeeded ?? 0} succeeded, ${j.status?.failed ?? 0} failed)`);
  for (const p of s.claims) if (p.status?.phase !== 'Bound') out.push(`PersistentVolumeClaim/${p.metadata.name}: ${p.status?.phase ?? 'no phase'}`);
  for (const svc of s.services) {
    if (!svc.spec.selector || Object.keys(svc.spec.selector).length === 0) continue;
    const ready = s.slices
      .filter((e) => e.metadata.labels?.['kubernetes.io/service-name'] === svc.metadata.name)
      .some((e) => (e.endpoints ?? []).some((p: Any) => p.conditions?.ready === true || (svc.spec.publishNotReadyAddresses && p.addresses?.length)));
    if (!ready) out.push(`Service/${svc.metadata.name}: no ready endpoint`);
  }
  const groups = new Map<string, Set<string>>();
  for (const p of s.pods) {
    const g = p.metadata.labels?.[STORAGE_GROUP_LABEL];
    if (g === undefined || p.status?.phase !== 'Running') continue;
    groups.set(g, (groups.get(g) ?? new Set()).add(p.spec.nodeName ?? '(unscheduled)'));
  }
  for (const [g, nodes] of groups) if (nodes.size > 1) out.push(`storage group ${g}: pods on ${[...nodes].sort().join(', ')} (one node expected)`);
  return out;
}

/** Failures that no wait can cure: a failed Job, a pod refused by admission, a claim that lost its volume. */
function hopeless(s: Snapshot, events: Any[]): string[] {
  const out: string[] = [];
  for (const j of s.jobs) if (condition(j, 'Failed')) out.push(`Job/${j.metadata.name} failed: ${(j.status.conditions ?? []).map((c: Any) => c.message).join('; ')}`);
  for (const e of events) {
    if (e.reason === 'FailedCreate' && /violates PodSecurity|is invalid/.test(e.message ?? '')) {
      out.push(`${e.involvedObject.kind}/${e.involvedObject.name}: ${e.reason}: ${e.message}`);
    }
  }
  for (const p of s.claims) if (p.status?.phase === 'Lost') out.push(`PersistentVolumeClaim/${p.metadata.name}: Lost`);
  return [...new Set(out)];
}

function describeEvents(events: Any[]): string[] {
  return events
    .slice()
    .sort((a, b) => String(a.lastTimestamp ?? a.eventTime ?? '').localeCompare(String(b.lastTimestamp ?? b.eventTime ?? '')))
    .filter((e) => e.type === 'Warning' || /Failed|Error|Invalid|Forbidden/i.test(e.reason ?? ''))
    .slice(-40)
    .map((e) => `  ${e.type} ${e.involvedObject.kind}/${e.involvedObject.name}: ${e.reason}: ${e.message}${e.count > 1 ? ` (x${e.count})` : ''}`);
}

export class NotReady extends Error {}

/** Waits until the namespace is ready; returns what it holds then. */
export async function waitReady(c: Cluster, ns: string, timeoutMs: number): Promise<Observed> {
  const deadline = Date.now() + timeoutMs;
  let polls = 0;
  for (;;) {
    const s = await snapshot(c, ns);
    const pending = notReady(s);
    // Events cost one more request: read them every few polls, and at the end.
    const events = pending.length > 0 && (polls++ % 4 === 3 || Date.now() > deadline) ? await list(c, `/api/v1/namespaces/${ns}/events`) : [];
    const fatal = hopeless(s, events);
    if (fatal.length > 0) throw new NotReady([`namespace ${ns}: cannot become ready:`, ...fatal.map((f) => `  ${f}`), 'events:', ...describeEvents(events)].join('\n'));
    if (pending.length === 0) {
      return {
        pods: s.pods.length,
        ready: s.pods.filter((p) => condition(p, 'Ready') && ['ReplicaSet', 'StatefulSet'].includes(p.metadata.ownerReferences?.[0]?.kind)).length,
        jobs: s.jobs.filter((j) => condition(j, 'Complete')).length,
        claims: s.claims.filter((p) => p.status?.phase === 'Bound').length,
      };
    }
    if (Date.now() > deadline) {
      const all = await list(c, `/api/v1/namespaces/${ns}/events`);
      throw new NotReady([`namespace ${ns}: not ready after ${Math.round(timeoutMs / 1000)} s:`, ...pending.map((p) => `  ${p}`), 'events:', ...describeEvents(all)].join('\n'));
    }
    await sleep(400);
  }
}
