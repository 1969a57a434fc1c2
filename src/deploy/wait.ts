/**
 * Waiting for one wave: polls its objects, the namespace's pods and events; prints one line per
 * service (redrawn in place on a terminal, a new line on a change otherwise); on a failure or at
 * the deadline, the diagnosis of each service that is not ready.
 */
import { diagnose } from './diagnose';
import { DeployIo } from './io';
import { Kube, list, Obj, read, sleep } from './kube';
import { keyOf } from './members';
import { ProgressView } from './progress';
import { serviceOf, serviceStates, WATCHED_KINDS } from './status';

/** Waits until every object of `wave` is ready; returns the diagnosis lines (empty: ready). */
export async function waitFor(kube: Kube, ns: string, wave: readonly Obj[], deadline: number, io: DeployIo): Promise<string[]> {
  const watched = wave.filter((o) => WATCHED_KINDS.includes(o.kind));
  if (watched.length === 0) return [];
  const view = new ProgressView(io.stderr, io.tty, io.columns);
  for (let poll = 0; ; poll++) {
    const live = new Map<string, Obj>();
    for (const o of watched) {
      const x = await read(kube, o.apiVersion, o.kind, o.metadata.name, ns);
      if (x) live.set(keyOf(o), x);
    }
    const pods = await list(kube, 'v1', 'Pod', ns);
    const events = poll % 3 === 2 || Date.now() > deadline ? await list(kube, 'v1', 'Event', ns) : [];
    const states = serviceStates(watched, { live, pods, events });
    view.show(states);
    const failed = states.filter((s) => s.failed);
    const pending = states.filter((s) => s.waiting !== '');
    const timedOut = Date.now() > deadline;
    if (failed.length === 0 && pending.length === 0) return [];
    if (failed.length > 0 || timedOut) {
      const all = events.length > 0 ? events : await list(kube, 'v1', 'Event', ns);
      const bad = failed.length > 0 ? failed : pending;
      const out = [timedOut && failed.length === 0 ? `not ready before the timeout (--timeout):` : 'cannot become ready:'];
      for (const s of bad) {
        const objs = watched.filter((o) => serviceOf(o) === s.service).map((o) => live.get(keyOf(o)) ?? o);
        out.push(...diagnose(s.service, s.failed ?? s.waiting, ns, objs, pods, all));
      }
      return out;
    }
    await sleep(1000);
  }
}
