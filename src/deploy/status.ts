/**
 * Readiness of the objects of one wave, per service: Jobs complete, rollouts available, claims
 * bound. Pure: it reads snapshots the caller lists, so the rules are testable without a cluster.
 */
import type { Obj } from './kube';

export const SERVICE_LABEL = 'app.kubernetes.io/name';
/** The kinds up waits for. */
export const WATCHED_KINDS: readonly string[] = ['Deployment', 'StatefulSet', 'Job', 'PersistentVolumeClaim', 'ExternalSecret'];

export interface ServiceState {
  readonly service: string;
  /** What it waits for: "Deployment/backend 0/1 available", "" when ready. */
  readonly waiting: string;
  readonly ready: number;
  readonly desired: number;
  readonly restarts: number;
  /** No wait can cure it (a failed Job, a pod refused by admission). */
  readonly failed?: string;
}

export interface Snapshot {
  /** Live objects of the wave (Deployments, StatefulSets, Jobs, claims) by `Kind/name`. */
  readonly live: ReadonlyMap<string, Obj>;
  readonly pods: readonly Obj[];
  readonly events: readonly Obj[];
}

const condition = (o: Obj, type: string): Obj | undefined => (o.status?.conditions ?? []).find((c: Obj) => c.type === type && c.status === 'True');
const rolledOut = (o: Obj): boolean => (o.status?.observedGeneration ?? 0) >= (o.metadata.generation ?? 0);

export const serviceOf = (o: Obj): string => o.metadata?.labels?.[SERVICE_LABEL] ?? o.metadata.name;

export function podsOf(pods: readonly Obj[], service: string): Obj[] {
  return pods.filter((p) => p.metadata?.labels?.[SERVICE_LABEL] === service);
}

export const restartsOf = (pods: readonly Obj[]): number =>
  pods.reduce((n, p) => n + [...(p.status?.containerStatuses ?? []), ...(p.status?.initContainerStatuses ?? [])].reduce((m: number, s: Obj) => m + (s.restartCount ?? 0), 0), 0);

/** Whether a claim is used by a pod of the namespace (a WaitForFirstConsumer claim binds only then). */
function claimUsed(name: string, pods: readonly Obj[]): boolean {
  return pods.some((p) => (p.spec?.volumes ?? []).some((v: Obj) => v.persistentVolumeClaim?.claimName === name));
}

/** One object's readiness: [ready, desired, what it waits for, failure]. */
export function objectState(o: Obj, s: Snapshot): { ready: number; desired: number; waiting: string; failed?: string } {
  const id = `${o.kind}/${o.metadata.name}`;
  const st = o.status ?? {};
  switch (o.kind) {
    case 'Deployment': {
      const want = o.spec?.replicas ?? 1;
      const ok = rolledOut(o) && st.updatedReplicas === want && st.availableReplicas === want && (st.replicas ?? 0) === want;
      return { ready: st.availableReplicas ?? 0, desired: want, waiting: ok ? '' : `${id}: ${st.availableReplicas ?? 0}/${want} available, ${st.updatedReplicas ?? 0} updated` };
    }
    case 'StatefulSet': {
      const want = o.spec?.replicas ?? 1;
      const ok = rolledOut(o) && st.readyReplicas === want && st.updatedReplicas === want && st.currentRevision === st.updateRevision;
      return { ready: st.readyReplicas ?? 0, desired: want, waiting: ok ? '' : `${id}: ${st.readyReplicas ?? 0}/${want} ready, ${st.updatedReplicas ?? 0} updated` };
    }
    case 'Job': {
      const failed = condition(o, 'Failed');
      if (failed) return { ready: 0, desired: 1, waiting: `${id}: failed`, failed: `${id} failed: ${failed.reason ?? ''} ${failed.message ?? ''}`.trim() };
      const done = condition(o, 'Complete') !== undefined;
      return { ready: done ? 1 : 0, desired: 1, waiting: done ? '' : `${id}: running (${st.succeeded ?? 0} succeeded, ${st.failed ?? 0} failed)` };
    }
    case 'PersistentVolumeClaim': {
      const phase = st.phase ?? 'Pending';
      if (phase === 'Lost') return { ready: 0, desired: 1, waiting: `${id}: Lost`, failed: `${id} lost its volume` };
      const ok = phase === 'Bound' || !claimUsed(o.metadata.name, s.pods);
      return { ready: ok ? 1 : 0, desired: 1, waiting: ok ? '' : `${id}: ${phase}` };
    }
    case 'ExternalSecret': {
      // External Secrets Operator: Ready once the Secret is synced from the store.
      const ready = (st.conditions ?? []).find((c: Obj) => c.type === 'Ready');
      if (ready?.status === 'True') return { ready: 1, desired: 1, waiting: '' };
      return { ready: 0, desired: 1, waiting: `${id}: ${ready ? `${ready.reason ?? 'not ready'}${ready.message ? `: ${ready.message}` : ''}` : 'not synced (is the External Secrets Operator installed, and the store ready?)'}` };
    }
    default:
      return { ready: 1, desired: 1, waiting: '' };
  }
}

/** Admission refusals of the pods of `service` (Pod Security, invalid pods): waiting cannot cure them. */
function refused(names: readonly string[], events: readonly Obj[]): string | undefined {
  // The refusal is an event of the controller that creates the pods: the StatefulSet or Job itself, a Deployment's ReplicaSet (NAME-HASH).
  const mine = (n: string) => names.some((x) => n === x || /^[a-z0-9]+$/.test(n.slice(x.length + 1)) && n.startsWith(`${x}-`));
  const e = events.find((x) => x.reason === 'FailedCreate' && mine(String(x.involvedObject?.name ?? '')) && /violates PodSecurity|is invalid|forbidden/i.test(x.message ?? ''));
  return e ? `${e.involvedObject.kind}/${e.involvedObject.name}: ${e.message}` : undefined;
}

/** Per service of the wave, its state (sorted by service). */
export function serviceStates(objects: readonly Obj[], s: Snapshot): ServiceState[] {
  const by = new Map<string, Obj[]>();
  // A claim of no one service (a named volume) is shown as `volume NAME`.
  const keyOf = (o: Obj) =>
    o.kind === 'ExternalSecret' ? `secret ${o.metadata.name}` : o.kind === 'PersistentVolumeClaim' && !o.metadata?.labels?.[SERVICE_LABEL] ? `volume ${o.metadata.name}` : serviceOf(o);
  for (const o of objects) if (WATCHED_KINDS.includes(o.kind)) by.set(keyOf(o), [...(by.get(keyOf(o)) ?? []), o]);
  return [...by.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([service, os]) => {
      const states = os.map((o) => objectState(s.live.get(`${o.kind}/${o.metadata.name}`) ?? { ...o, status: undefined }, s));
      const workload = os.findIndex((o) => o.kind !== 'PersistentVolumeClaim');
      const main = states[workload < 0 ? 0 : workload];
      const failed = states.find((x) => x.failed)?.failed ?? refused(os.map((o) => o.metadata.name), s.events);
      return {
        service,
        waiting: states.map((x) => x.waiting).filter((w) => w !== '').join('; '),
        ready: main.ready,
        desired: main.desired,
        restarts: restartsOf(podsOf(s.pods, service)),
        ...(failed ? { failed } : {}),
      };
    });
}

export const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';

/** Objects by wave (the Argo CD sync-wave annotation synth writes), lowest first. */
export function waves(objects: readonly Obj[]): Obj[][] {
  const by = new Map<number, Obj[]>();
  for (const o of objects) {
    const w = Number(o.metadata?.annotations?.[SYNC_WAVE] ?? 0);
    by.set(w, [...(by.get(w) ?? []), o]);
  }
  return [...by.entries()].sort(([a], [b]) => a - b).map(([, os]) => os);
}
