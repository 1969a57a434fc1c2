/**
 * The index the output check works from, built in one pass over the objects: objects by namespace,
 * kind and name, and by kind; every pod template with its namespace and its containers; pod
 * templates by label (per label key that a selector asks for, built on first use).
 *
 * Why one pass and parts kept: each check used to walk every object again, and every pod template's
 * containers again (three times per template, plus once per Service port for the serving ports), and
 * to look the namespace of an object up each time. The check runs once per synth, over thousands of
 * objects, so that repetition was most of its cost.
 */
import type { K8sObject } from '../output/render';
import { groupOf, isMap, mapOf, mapsOf, namespaceOf, stringMap, type Json } from './objects';

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

/** A container, init container or ephemeral container of a pod spec. */
export class ContainerRef {
  constructor(
    readonly container: Json,
    /** `container`, `initContainer` or `ephemeralContainer`. */
    private readonly singular: string,
    /** A main container, or a sidecar (an init container with `restartPolicy: Always`, which serves like one). */
    readonly serving: boolean,
  ) {}

  /** `container "web"`, `initContainer "wait-for-db"`: made only when a message needs it. */
  get label(): string {
    return `${this.singular} ${JSON.stringify(this.container.name ?? '?')}`;
  }
}

const CONTAINER_FIELDS = [
  ['initContainers', 'initContainer'],
  ['containers', 'container'],
  ['ephemeralContainers', 'ephemeralContainer'],
] as const;

/** Every container, init container and ephemeral container of a pod spec, in that order. */
export function containersOf(spec: Json): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const [field, singular] of CONTAINER_FIELDS) {
    const list = spec[field];
    if (!Array.isArray(list)) continue;
    for (const container of list) {
      if (!isMap(container)) continue;
      const serving = field === 'containers' || (field === 'initContainers' && container.restartPolicy === 'Always');
      out.push(new ContainerRef(container, singular, serving));
    }
  }
  return out;
}

/** The pod template of a workload (or a Pod itself), with what the checks read of it. */
export class PodTemplate {
  /** The containers of `spec`. */
  readonly containers: readonly ContainerRef[];
  private serving?: Json[];

  constructor(
    readonly owner: K8sObject,
    /** The owner's namespace (undefined: the unset namespace). */
    readonly ns: string | undefined,
    /** String-valued labels of the template. */
    readonly labels: Readonly<Record<string, string>>,
    readonly spec: Json,
  ) {
    this.containers = containersOf(spec);
  }

  /** Container ports that receive traffic: of main containers and sidecars (made on first use). */
  get servingPorts(): readonly Json[] {
    if (this.serving === undefined) {
      this.serving = [];
      for (const c of this.containers) if (c.serving) this.serving.push(...mapsOf(c.container.ports));
    }
    return this.serving;
  }
}

export function podTemplateOf(o: K8sObject, ns: string | undefined = namespaceOf(o)): PodTemplate | undefined {
  if (TEMPLATE_KINDS[o.kind] === undefined || TEMPLATE_KINDS[o.kind] !== groupOf(o.apiVersion)) return undefined;
  const spec = mapOf(o.spec);
  const template = o.kind === 'Pod' ? o : o.kind === 'CronJob' ? mapOf(mapOf(mapOf(spec.jobTemplate).spec).template) : mapOf(spec.template);
  return new PodTemplate(o, ns, stringMap(mapOf(template.metadata).labels), mapOf(template.spec));
}

const NONE: readonly never[] = [];

/** Appends `item` to the list of `key`, keeping the items' order. */
function pushTo<T>(map: Map<string, T[]>, key: string, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}

/** The objects by namespace, kind and name. */
export class Inventory {
  private readonly byKind = new Map<string, K8sObject[]>();
  /**
   * Per kind (made on the first `get` of that kind): objects by namespace (`''`: unset) and name, the
   * last one of a repeated identity. Nested maps, not one map by joined keys: no key string is made
   * per object, and only the few kinds that references name are indexed at all.
   */
  private readonly byName = new Map<string, Map<string, Map<string, K8sObject>>>();
  /** Per label key: pod templates by namespace and value of that label (made when a selector first uses the key). */
  private readonly byLabel = new Map<string, Map<string, PodTemplate[]>>();
  private byKindAndName?: Map<string, K8sObject[]>;
  readonly templates: readonly PodTemplate[];

  constructor(readonly objects: readonly K8sObject[]) {
    const templates: PodTemplate[] = [];
    for (const o of objects) {
      pushTo(this.byKind, o.kind, o);
      const t = podTemplateOf(o);
      if (t) templates.push(t);
    }
    this.templates = templates;
  }

  /** Pod templates in namespace `ns` whose labels include every entry of a non-empty selector, in their order. */
  templatesMatching(ns: string | undefined, selector: Readonly<Record<string, string>>): PodTemplate[] {
    const entries = Object.entries(selector);
    // The smallest bucket: `instance=<project>` holds every template, `name=<service>` one or two.
    let candidates: readonly PodTemplate[] | undefined;
    for (const [k, v] of entries) {
      const list = this.labelIndex(k).get(`${ns ?? ''}\u0000${v}`) ?? NONE;
      if (candidates === undefined || list.length < candidates.length) candidates = list;
    }
    return (candidates ?? NONE).filter((t) => entries.every(([a, b]) => t.labels[a] === b));
  }

  /** Pod templates by `namespace\0value` of label `k`, each list in template order. */
  private labelIndex(k: string): Map<string, PodTemplate[]> {
    let index = this.byLabel.get(k);
    if (index !== undefined) return index;
    index = new Map();
    for (const t of this.templates) {
      const v = t.labels[k];
      // Labels hold strings only (stringMap): anything else is inherited, not a label.
      if (typeof v !== 'string') continue;
      pushTo(index, `${t.ns ?? ''}\u0000${v}`, t);
    }
    this.byLabel.set(k, index);
    return index;
  }

  /** The object of that kind and name in namespace `ns` (undefined = the unset namespace). */
  get(ns: string | undefined, kind: string, name: string): K8sObject | undefined {
    let index = this.byName.get(kind);
    if (index === undefined) {
      index = new Map();
      for (const o of this.ofKind(kind)) {
        const key = namespaceOf(o) ?? '';
        let names = index.get(key);
        if (names === undefined) index.set(key, (names = new Map()));
        names.set(o.metadata.name, o);
      }
      this.byName.set(kind, index);
    }
    return index.get(ns ?? '')?.get(name);
  }

  /** Objects of that kind and name in any other namespace (for hints in messages). */
  elsewhere(ns: string | undefined, kind: string, name: string): K8sObject[] {
    return (this.kindAndName().get(`${kind}\u0000${name}`) ?? []).filter((o) => namespaceOf(o) !== ns);
  }

  /** The objects of a kind, in their order. */
  ofKind(kind: string): readonly K8sObject[] {
    return this.byKind.get(kind) ?? NONE;
  }

  private kindAndName(): Map<string, K8sObject[]> {
    if (this.byKindAndName === undefined) {
      this.byKindAndName = new Map();
      for (const o of this.objects) pushTo(this.byKindAndName, `${o.kind}\u0000${o.metadata.name}`, o);
    }
    return this.byKindAndName;
  }
}
