/**
 * Consistency inside one workload: the controller's selector selects its own pod template, probes
 * target ports the container declares, and every volume mount names a volume of the pod.
 */
import type { Diagnostic } from '../diagnostics';
import {
  containersOf, Inventory, labelSelectorIsEmpty, labelSelectorMatches, mapOf, mapsOf, problem, refOf, showContainerPorts, showPort, showSelector,
  str, type Json, type PodTemplate,
} from './objects';

/** Controllers whose selector is required (a Job's and a CronJob's are generated unless given). */
const SELECTOR_REQUIRED = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

function selectorOf(t: PodTemplate): unknown {
  const spec = mapOf(t.owner.spec);
  return t.owner.kind === 'CronJob' ? mapOf(mapOf(spec.jobTemplate).spec).selector : spec.selector;
}

/** A controller's selector is present, not empty, and matches its own template labels. */
export function checkSelectors(inv: Inventory): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const t of inv.templates) {
    if (t.owner.kind === 'Pod') continue;
    const selector = selectorOf(t);
    const labels = `${Object.entries(t.labels).map(([k, v]) => `${k}=${v}`).join(',') || 'none'}`;
    if (selector === undefined || selector === null) {
      if (SELECTOR_REQUIRED.has(t.owner.kind)) out.push(problem(t.owner, `${refOf(t.owner)} has no spec.selector; it must select the labels of its pod template (${labels})`));
      continue;
    }
    const sel = mapOf(selector);
    if (labelSelectorIsEmpty(sel)) {
      out.push(problem(t.owner, `${refOf(t.owner)} has an empty spec.selector; it must select the labels of its pod template (${labels})`));
    } else if (!labelSelectorMatches(sel, t.labels)) {
      out.push(problem(t.owner, `${refOf(t.owner)} selector ${showSelector(sel)} does not match the labels of its own pod template (${labels})`));
    }
  }
  return out;
}

const PROBES = ['startupProbe', 'readinessProbe', 'livenessProbe'] as const;
const HANDLERS = ['httpGet', 'tcpSocket', 'grpc'] as const;

/** httpGet/tcpSocket/grpc probes target a port number or name that their container declares. */
export function checkProbes(inv: Inventory): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const t of inv.templates) {
    for (const { container, label } of containersOf(t.spec)) {
      const ports = mapsOf(container.ports);
      for (const probe of PROBES) {
        for (const handler of HANDLERS) {
          const action = mapOf(mapOf(container[probe])[handler]);
          const port = action.port;
          if (port === undefined) continue;
          const declared = typeof port === 'number' ? ports.some((p) => p.containerPort === port) : ports.some((p) => p.name === port);
          if (declared) continue;
          out.push(problem(t.owner, `${refOf(t.owner)} ${label} ${probe}.${handler} targets port ${showPort(port)}, which the container does not declare (its ports: ${showContainerPorts(container)})`));
        }
      }
    }
  }
  return out;
}

/** Every volumeMount and volumeDevice names a volume of the pod (or a claim template of the StatefulSet). */
export function checkVolumeMounts(inv: Inventory): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const t of inv.templates) {
    const isSts = t.owner.kind === 'StatefulSet';
    const names = new Set(mapsOf(t.spec.volumes).map((v) => str(v.name)));
    if (isSts) for (const c of mapsOf(mapOf(t.owner.spec).volumeClaimTemplates)) names.add(str(mapOf(c.metadata).name));
    for (const { container, label } of containersOf(t.spec)) {
      const uses: [Json, string][] = [
        ...mapsOf(container.volumeMounts).map((m): [Json, string] => [m, 'mounts']),
        ...mapsOf(container.volumeDevices).map((m): [Json, string] => [m, 'uses the device of']),
      ];
      for (const [use, verb] of uses) {
        const name = str(use.name);
        if (name !== undefined && names.has(name)) continue;
        const what = isSts ? `neither a volume of the pod nor a volumeClaimTemplate of ${refOf(t.owner)}` : 'no volume of the pod';
        out.push(problem(t.owner, `${refOf(t.owner)} ${label} ${verb} volume ${showPort(use.name ?? '')}, which is ${what}`));
      }
    }
  }
  return out;
}
