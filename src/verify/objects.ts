/**
 * Plain helpers over synthesized Kubernetes objects for the output check: reading untyped JSON
 * safely, identities and namespaces, pod templates and their containers, label selectors, and an
 * index of the objects by namespace, kind and name.
 *
 * Namespaces: an object without `metadata.namespace` is in "the unset namespace", which equals only
 * another unset namespace (the folder may be applied to any namespace, so it is never `default`).
 */
import type { Diagnostic } from '../diagnostics';
import type { K8sObject } from '../output/render';

export type Json = Readonly<Record<string, unknown>>;

export function isMap(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The map at `v`, or an empty one. */
export function mapOf(v: unknown): Json {
  return isMap(v) ? v : {};
}

/** The elements of `v` that are maps (non-arrays give none). */
export function mapsOf(v: unknown): Json[] {
  return Array.isArray(v) ? v.filter(isMap) : [];
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** String-valued entries of a map (labels, selectors). */
export function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(mapOf(v))) if (typeof x === 'string') out[k] = x;
  return out;
}

/** The API group of an apiVersion: `''` for the core group (`v1`). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export function namespaceOf(o: K8sObject): string | undefined {
  return str(o.metadata.namespace);
}

/** `Kind/name`, the way objects are named in paths and messages. */
export function refOf(o: K8sObject): string {
  return `${o.kind}/${o.metadata.name}`;
}

/** ` in namespace NS` when the object has one (messages only). */
export function inNamespace(ns: string | undefined): string {
  return ns === undefined ? '' : ` in namespace ${ns}`;
}

/** An error about object `o`: the path is `Kind/name`, the message names both objects. */
export function problem(o: K8sObject, message: string): Diagnostic {
  return { severity: 'error', path: refOf(o), message };
}

/** `"http"` for names, `8000` for numbers. */
export function showPort(p: unknown): string {
  return typeof p === 'number' ? String(p) : JSON.stringify(p);
}

// ---------------------------------------------------------------------------------------------
// Pod templates

/** Kinds that carry a pod template, with the API group each belongs to (CRDs may reuse the names). */
const TEMPLATE_KINDS: Readonly<Record<string, string>> = {
  Deployment: 'apps',
  StatefulSet: 'apps',
  DaemonSet: 'apps',
  ReplicaSet: 'apps',
  Job: 'batch',
  CronJob: 'batch',
  Pod: '',
};

export interface PodTemplate {
  readonly owner: K8sObject;
  readonly labels: Readonly<Record<string, string>>;
  readonly spec: Json;
}

export function podTemplateOf(o: K8sObject): PodTemplate | undefined {
  if (TEMPLATE_KINDS[o.kind] === undefined || TEMPLATE_KINDS[o.kind] !== groupOf(o.apiVersion)) return undefined;
  const spec = mapOf(o.spec);
  const template = o.kind === 'Pod' ? o : o.kind === 'CronJob' ? mapOf(mapOf(mapOf(spec.jobTemplate).spec).template) : mapOf(spec.template);
  return { owner: o, labels: stringMap(mapOf(template.metadata).labels), spec: mapOf(template.spec) };
}

export interface ContainerRef {
  readonly container: Json;
  /** `container "web"`, `initContainer "wait-for-db"`, for messages. */
  readonly label: string;
  /** A sidecar: an init container with `restartPolicy: Always`, which serves like a main container. */
  readonly serving: boolean;
}

const CONTAINER_FIELDS = [
  ['initContainers', 'initContainer'],
  ['containers', 'container'],
  ['ephemeralContainers', 'ephemeralContainer'],
] as const;

/** Every container, init container and ephemeral container of a pod spec. */
export function containersOf(spec: Json): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const [field, singular] of CONTAINER_FIELDS) {
    const list = spec[field];
    if (!Array.isArray(list)) continue;
    for (const container of list) {
      if (!isMap(container)) continue;
      const label = `${singular} ${JSON.stringify(container.name ?? '?')}`;
      const serving = field === 'containers' || (field === 'initContainers' && container.restartPolicy === 'Always');
      out.push({ container, label, serving });
    }
  }
  return out;
}

/** `http=8000/TCP, 9090/UDP` — a container's declared ports, for messages. */
export function showContainerPorts(container: Json): string {
  const ports = mapsOf(container.ports).map((p) => `${p.name !== undefined ? `${String(p.name)}=` : ''}${String(p.containerPort)}/${String(p.protocol ?? 'TCP')}`);
  return ports.length > 0 ? ports.join(', ') : 'none';
}

// ---------------------------------------------------------------------------------------------
// Selectors

/** A plain map selector (Service `spec.selector`, `matchLabels`): every pair is among the labels. */
export function mapMatches(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(selector).every(([k, v]) => Object.prototype.hasOwnProperty.call(labels, k) && labels[k] === v);
}

/** metav1.LabelSelector semantics (`matchLabels` and `matchExpressions`). */
export function labelSelectorMatches(selector: Json, labels: Readonly<Record<string, string>>): boolean {
  if (!mapMatches(stringMap(selector.matchLabels), labels)) return false;
  return mapsOf(selector.matchExpressions).every((e) => {
    const key = String(e.key);
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    const values = Array.isArray(e.values) ? e.values : [];
    switch (e.operator) {
      case 'In':
        return has && values.includes(labels[key]);
      case 'NotIn':
        return !has || !values.includes(labels[key]);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      default:
        return false;
    }
  });
}

/** True when a LabelSelector has neither matchLabels nor matchExpressions (it selects everything). */
export function labelSelectorIsEmpty(selector: Json): boolean {
  return Object.keys(mapOf(selector.matchLabels)).length === 0 && mapsOf(selector.matchExpressions).length === 0;
}

/** `a=1,b=2` (and `key In (x,y)` for expressions), for messages. */
export function showSelector(selector: Json): string {
  const parts = Object.entries(mapOf(selector.matchLabels ?? selector)).filter(([, v]) => typeof v === 'string').map(([k, v]) => `${k}=${String(v)}`);
  for (const e of mapsOf(selector.matchExpressions)) {
    const values = Array.isArray(e.values) ? ` (${e.values.join(',')})` : '';
    parts.push(`${String(e.key)} ${String(e.operator)}${values}`);
  }
  return parts.length > 0 ? parts.join(',') : '{}';
}

// ---------------------------------------------------------------------------------------------
// Index

/** The objects by namespace, kind and name. */
export class Inventory {
  private readonly byKey = new Map<string, K8sObject>();
  /** Pod templates by namespace and one `key=value` label: selectors are matched in linear time. */
  private readonly byLabel = new Map<string, PodTemplate[]>();
  readonly templates: readonly PodTemplate[];

  constructor(readonly objects: readonly K8sObject[]) {
    for (const o of objects) this.byKey.set(Inventory.key(namespaceOf(o), o.kind, o.metadata.name), o);
    this.templates = objects.map(podTemplateOf).filter((t): t is PodTemplate => t !== undefined);
    for (const t of this.templates) {
      for (const [k, v] of Object.entries(t.labels)) {
        const key = Inventory.key(namespaceOf(t.owner), k, v);
        const list = this.byLabel.get(key);
        if (list) list.push(t);
        else this.byLabel.set(key, [t]);
      }
    }
  }

  /** Pod templates in namespace `ns` whose labels include every entry of a non-empty selector. */
  templatesMatching(ns: string | undefined, selector: Readonly<Record<string, string>>): PodTemplate[] {
    const entries = Object.entries(selector);
    // The smallest bucket: `instance=<project>` holds every template, `name=<service>` one or two.
    let candidates: readonly PodTemplate[] | undefined;
    for (const [k, v] of entries) {
      const list = this.byLabel.get(Inventory.key(ns, k, v)) ?? [];
      if (candidates === undefined || list.length < candidates.length) candidates = list;
    }
    return (candidates ?? []).filter((t) => entries.every(([a, b]) => t.labels[a] === b));
  }

  private static key(ns: string | undefined, kind: string, name: string): string {
    return `${ns ?? ''}\u0000${kind}\u0000${name}`;
  }

  /** The object of that kind and name in namespace `ns` (undefined = the unset namespace). */
  get(ns: string | undefined, kind: string, name: string): K8sObject | undefined {
    return this.byKey.get(Inventory.key(ns, kind, name));
  }

  /** Objects of that kind and name in any other namespace (for hints in messages). */
  elsewhere(ns: string | undefined, kind: string, name: string): K8sObject[] {
    return (this.kindAndName().get(`${kind}\u0000${name}`) ?? []).filter((o) => namespaceOf(o) !== ns);
  }

  /** The objects of a kind, in their order. */
  ofKind(kind: string): K8sObject[] {
    if (this.byKind === undefined) this.byKind = groupBy(this.objects, (o) => o.kind);
    return [...(this.byKind.get(kind) ?? [])];
  }

  private byKind?: Map<string, K8sObject[]>;
  private byKindAndName?: Map<string, K8sObject[]>;
  private kindAndName(): Map<string, K8sObject[]> {
    return (this.byKindAndName ??= groupBy(this.objects, (o) => `${o.kind}\u0000${o.metadata.name}`));
  }
}

/** `items` by `key`, each list in the items' order. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** ` (ServiceAccount/app exists only in namespace x / without a namespace)` when that helps. */
export function elsewhereHint(found: readonly K8sObject[]): string {
  if (found.length === 0) return '';
  const where = found.map((o) => (namespaceOf(o) === undefined ? 'without a namespace' : `in namespace ${namespaceOf(o)!}`));
  return ` (${refOf(found[0])} exists only ${[...new Set(where)].join(' and ')})`;
}

/** True when `name` (in namespace `ns`) is among external names given as `name` or `namespace/name`. */
export function isExternal(ns: string | undefined, name: string, names: readonly string[] | undefined): boolean {
  return (names ?? []).some((n) => n === name || (ns !== undefined && n === `${ns}/${name}`));
}
