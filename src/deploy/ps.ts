/** `cdk8s-compose ps`: per service of the project's ApplySet, its workload, ready/desired, restarts, age, image and why it is not ready. */
import { DeployIo } from './io';
import { Kube, list, Obj } from './kube';
import { liveSet, members } from './members';
import { objectState, podsOf, restartsOf, serviceOf } from './status';

export interface PsRow {
  readonly service: string;
  readonly workload: string;
  readonly ready: string;
  readonly restarts: number;
  readonly age: string;
  readonly image: string;
  readonly reason: string;
}

/** `45s`, `12m`, `3h`, `2d` (as kubectl shows an age). */
export function age(since: string | Date | undefined, now: number): string {
  if (since === undefined) return '';
  const s = Math.max(0, Math.floor((now - new Date(since).getTime()) / 1000));
  return s < 120 ? `${s}s` : s < 7200 ? `${Math.floor(s / 60)}m` : s < 172800 ? `${Math.floor(s / 3600)}h` : `${Math.floor(s / 86400)}d`;
}

/** Why the pods of a service are not ready: the first waiting or terminated reason, else a false condition. */
function reasonOf(pods: readonly Obj[]): string {
  for (const p of pods) {
    for (const s of [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])]) {
      if (s.state?.waiting?.reason) return `${s.name}: ${s.state.waiting.reason}`;
      if (s.state?.terminated && s.state.terminated.exitCode !== 0) return `${s.name}: ${s.state.terminated.reason ?? 'exited'} (${s.state.terminated.exitCode})`;
    }
    const c = (p.status?.conditions ?? []).find((x: Obj) => x.status !== 'True' && x.reason);
    if (c) return `${c.type}: ${c.reason}`;
  }
  return '';
}

export async function psRows(kube: Kube, project: string, ns: string, now: number): Promise<PsRow[] | undefined> {
  const set = await liveSet(kube, project, ns);
  if (!set.parent) return undefined;
  const all = await members(kube, set.id, ns, set.groupKinds.filter((g) => ['Deployment.apps', 'StatefulSet.apps', 'Job.batch'].includes(g)));
  const pods = await list(kube, 'v1', 'Pod', ns);
  return all
    .map((w) => {
      const mine = podsOf(pods, serviceOf(w)).filter((p) => w.kind !== 'Job' || p.metadata.labels?.['job-name'] === w.metadata.name);
      const st = objectState(w, { live: new Map(), pods, events: [] });
      const containers = w.spec?.template?.spec?.containers ?? [];
      return {
        service: serviceOf(w),
        workload: `${w.kind}/${w.metadata.name}`,
        ready: `${st.ready}/${st.desired}`,
        restarts: restartsOf(mine),
        age: age(w.metadata.creationTimestamp, now),
        image: containers.map((c: Obj) => c.image).join(','),
        reason: st.waiting === '' ? '' : st.failed ?? (reasonOf(mine) || st.waiting.replace(/^[^:]*: /, '')),
      };
    })
    .sort((a, b) => (a.service === b.service ? (a.workload < b.workload ? -1 : 1) : a.service < b.service ? -1 : 1));
}

export function psTable(rows: readonly PsRow[]): string {
  const head = ['SERVICE', 'WORKLOAD', 'READY', 'RESTARTS', 'AGE', 'IMAGE', 'REASON'];
  const cells = rows.map((r) => [r.service, r.workload, r.ready, String(r.restarts), r.age, r.image, r.reason]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  return [head, ...cells].map((c) => c.map((x, i) => (i === c.length - 1 ? x : x.padEnd(widths[i]))).join('  ').trimEnd()).join('\n') + '\n';
}

export async function ps(kube: Kube, project: string, ns: string, json: boolean, io: DeployIo): Promise<number> {
  const rows = await psRows(kube, project, ns, Date.now());
  if (rows === undefined) {
    if (json) io.stdout('[]\n');
    io.stderr(`ps: project ${project} is not deployed in namespace ${ns} (no ApplySet parent Secret there); run cdk8s-compose up\n`);
    return json ? 0 : 1;
  }
  io.stdout(json ? `${JSON.stringify(rows, null, 2)}\n` : psTable(rows));
  return 0;
}
