/**
 * Consistency inside one workload: the controller's selector selects its own pod template, probes
 * target ports the container declares, and every volume mount names a volume of the pod.
 */
import type { Diagnostic } from '../diagnostics';
import type { Inventory, PodTemplate } from './inventory';
import { isMap, labelSelectorIsEmpty, labelSelectorMatches, mapOf, mapsOf, problem, refOf, showContainerPorts, showPort, showSelector, str, type Json } from './objects';

/** Controllers whose selector is required (a Job's and a CronJob's are generated unless given). */
const SELECTOR_REQUIRED = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

function selectorOf(t: PodTemplate): unknown {
  const spec = mapOf(t.owner.spec);
  return t.owner.kind === 'CronJob' ? mapOf(mapOf(spec.jobTemplate).spec).selector : spec.selector;
}

/** `a=1,b=2` or `none`: a template's labels for messages (made only for a finding). */
function labelsText(t: PodTemplate): string {
  return Object.entries(t.labels).map(([k, v]) => `${k}=${v}`).join(',') || 'none';
}

/** A controller's selector is present, not empty, and matches its own template labels. */
export function checkSelectors(inv: Inventory): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const t of inv.templates) {
    if (t.owner.kind === 'Pod') continue;
    const selector = selectorOf(t);
    if (selector === undefined || selector === null) {
      if (SELECTOR_REQUIRED.has(t.owner.kind)) out.push(problem(t.owner, `${refOf(t.owner)} has no spec.selector; it must select the labels of its pod template (${labelsText(t)})`));
      continue;
    }
    const sel = mapOf(selector);
    if (labelSelectorIsEmpty(sel)) {
      out.push(problem(t.owner, `${refOf(t.owner)} has an empty spec.selector; it must select the labels of its pod template (${labelsText(t)})`));
    } else if (!labelSelectorMatches(sel, t.labels)) {
      out.push(problem(t.owner, `${refOf(t.owner)} selector ${showSelector(sel)} does not match the labels of its own pod template (${labelsText(t)})`));
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
    for (const c of t.containers) {
      const container = c.container;
      let ports: Json[] | undefined;
      for (const probe of PROBES) {
        const handlers = container[probe];
        if (!isMap(handlers)) continue;
        for (const handler of HANDLERS) {
          const action = handlers[handler];
          const port = isMap(action) ? action.port : undefined;
          if (port === undefined) continue;
          ports ??= mapsOf(container.ports);
          const declared = typeof port === 'number' ? ports.some((p) => p.containerPort === port) : ports.some((p) => p.name === port);
          if (declared) continue;
          out.push(problem(t.owner, `${refOf(t.owner)} ${c.label} ${probe}.${handler} targets port ${showPort(port)}, which the container does not declare (its ports: ${showContainerPorts(container)})`));
        }
      }
    }
  }
  return out;
}

/** The fields of a container that name pod volumes, with the verb of messages. */
const VOLUME_USES = [
  ['volumeMounts', 'mounts'],
  ['volumeDevices', 'uses the device of'],
] as const;

/** Every volumeMount and volumeDevice names a volume of the pod (or a claim template of the StatefulSet). */
export function checkVolumeMounts(inv: Inventory): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const t of inv.templates) {
    const isSts = t.owner.kind === 'StatefulSet';
    let names: Set<string | undefined> | undefined;
    for (const c of t.containers) {
      for (const [field, verb] of VOLUME_USES) {
        const uses = c.container[field];
        if (!Array.isArray(uses)) continue;
        for (const use of uses) {
          if (!isMap(use)) continue;
          if (names === undefined) {
            names = new Set(mapsOf(t.spec.volumes).map((v) => str(v.name)));
            if (isSts) for (const ct of mapsOf(mapOf(t.owner.spec).volumeClaimTemplates)) names.add(str(mapOf(ct.metadata).name));
          }
          const name = str(use.name);
          if (name !== undefined && names.has(name)) continue;
          const what = isSts ? `neither a volume of the pod nor a volumeClaimTemplate of ${refOf(t.owner)}` : 'no volume of the pod';
          out.push(problem(t.owner, `${refOf(t.owner)} ${c.label} ${verb} volume ${showPort(use.name ?? '')}, which is ${what}`));
        }
      }
    }
  }
  return out;
}
