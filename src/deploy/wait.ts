/**
 * Waiting for one wave: polls its objects, the namespace's pods and events; prints one line per
 * service (redrawn in place on a terminal, a new line on a change otherwise); on a failure or at
 * the deadline, the diagnosis of each service that is not ready.
 */
import { diagnose } from './diagnose';
import { DeployIo } from './io';
import { Kube, list, Obj, read, sleep } from './kube';
import { keyOf } from './members';
import { serviceOf, ServiceState, serviceStates, WATCHED_KINDS } from './status';

function line(s: ServiceState): string {
  const mark = s.failed ? '✗' : s.waiting === '' ? '✓' : '…';
  return `${mark} ${s.service.padEnd(20)} ${`${s.ready}/${s.desired}`.padEnd(5)} restarts ${String(s.restarts).padEnd(3)} ${s.failed ?? (s.waiting === '' ? 'ready' : s.waiting)}`;
}

/** Waits until every object of `wave` is ready; returns the diagnosis lines (empty: ready). */
export async function waitFor(kube: Kube, ns: string, wave: readonly Obj[], deadline: number, io: DeployIo): Promise<string[]> {
  const watched = wave.filter((o) => WATCHED_KINDS.includes(o.kind));
  if (watched.length === 0) return [];
  let shown: string[] = [];
  for (let poll = 0; ; poll++) {
    const live = new Map<string, Obj>();
    for (const o of watched) {
      const x = await read(kube, o.apiVersion, o.kind, o.metadata.name, ns);
      if (x) live.set(keyOf(o), x);
    }
    const pods = await list(kube, 'v1', 'Pod', ns);
    const events = poll % 3 === 2 || Date.now() > deadline ? await list(kube, 'v1', 'Event', ns) : [];
    const states = serviceStates(watched, { live, pods, events });
    const lines = states.map(line);
    if (io.tty) {
      io.stderr(`${shown.length > 0 ? `\x1b[${shown.length}A` : ''}${lines.map((l) => `\x1b[2K${l}\n`).join('')}`);
    } else {
      for (const l of lines) if (!shown.includes(l)) io.stderr(`${l}\n`);
    }
    shown = lines;
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
