/**
 * The config-hash annotation of a pod template: a hash of the data of the ConfigMaps the pod reads,
 * so that a change rolls the pods (ConfigMap files mounted with subPath and env values are never
 * refreshed in place) and re-runs an init Job (its name hashes the template).
 */
import { createHash, Hash } from 'crypto';
import { canonicalJson, sha256Hex } from './canonical-json';
import { ConfigMapModel, PodSpec } from './types';

/** Pod-template annotation with a hash of the data of the ConfigMaps the pod reads. */
export const CONFIG_HASH_ANNOTATION = 'cdk8s-compose.io/config-hash';

/** Length of the hash in the annotation's value (hex digits of SHA-256). */
const CONFIG_HASH_LENGTH = 16;

/** Names of the ConfigMaps the pod reads: as volumes, `envFrom` or `configMapKeyRef` (any container). */
export function referencedConfigMaps(pod: PodSpec): Set<string> {
  const names = new Set<string>();
  for (const v of pod.volumes) if ('configMap' in v) names.add(v.configMap.name);
  for (const containers of [pod.initContainers, pod.containers]) {
    for (const c of containers) {
      for (const e of c.envFrom) names.add(e.configMapRef.name);
      for (const e of c.env) if ('configMapKeyRef' in e) names.add(e.configMapKeyRef.name);
    }
  }
  return names;
}

/**
 * `{ CONFIG_HASH_ANNOTATION: hash }` over the ConfigMaps of `configMaps` that the pod reads (sorted
 * by name), or `{}` when it reads none.
 */
export function configHashAnnotation(pod: PodSpec, configMaps: readonly ConfigMapModel[]): Record<string, string> {
  const read = referencedConfigMaps(pod);
  // A pod that reads none (most) needs no look at the project's ConfigMaps.
  if (read.size === 0) return {};
  if (read.size === 1) {
    const hash = oneNameHash(configMaps, [...read][0]);
    return hash !== undefined ? { [CONFIG_HASH_ANNOTATION]: hash.slice(0, CONFIG_HASH_LENGTH) } : {};
  }
  // The ConfigMaps of those names, in the list's order (as a filter of the list gives them).
  const readMaps = placesOf(configMaps, read)
    .map((i) => configMaps[i])
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  // canonicalJson of the list of { name, data, binaryData }, each ConfigMap's part written once
  // (services that mount one folder each plan a ConfigMap of the same name, all read by the later pods).
  return readMaps.length > 0 ? { [CONFIG_HASH_ANNOTATION]: sha256Hex(`[${readMaps.map(hashedJson).join(',')}]`).slice(0, CONFIG_HASH_LENGTH) } : {};
}

/**
 * The hash for a pod that reads one name: the same text as above (`[` + the ConfigMaps of that name
 * in the list's order, joined by `,` + `]`; a sort by one name keeps their order), hashed as it grows.
 * Services that mount one folder each plan a ConfigMap of its name and the later pods read them all,
 * so the text grows with every service: a running hash per list and name takes each ConfigMap in
 * once, and each pod copies the running state to finish it. A state whose ConfigMaps are no longer
 * the list's (a list changed in place) is started again.
 */
function oneNameHash(configMaps: readonly ConfigMapModel[], name: string): string | undefined {
  let places = indexOf(configMaps, false).get(name) ?? [];
  if (!places.every((i) => configMaps[i].name === name)) places = indexOf(configMaps, true).get(name) ?? [];
  if (places.length === 0) return undefined;
  let runs = runningHashes.get(configMaps);
  if (runs === undefined) runningHashes.set(configMaps, (runs = new Map()));
  let run = runs.get(name);
  if (run === undefined || run.maps.length > places.length || !run.maps.every((c, j) => c === configMaps[places[j]])) {
    runs.set(name, (run = { maps: [], hash: createHash('sha256').update('[') }));
  }
  for (let j = run.maps.length; j < places.length; j++) {
    const c = configMaps[places[j]];
    run.hash.update(j > 0 ? `,${hashedJson(c)}` : hashedJson(c));
    run.maps.push(c);
  }
  return run.hash.copy().update(']').digest('hex');
}
const runningHashes = new WeakMap<readonly ConfigMapModel[], Map<string, { maps: ConfigMapModel[]; hash: Hash }>>();

/** canonicalJson of what the hash covers of a ConfigMap (its name and data), made once per ConfigMap. */
function hashedJson(c: ConfigMapModel): string {
  let json = hashedJsons.get(c);
  if (json === undefined) hashedJsons.set(c, (json = canonicalJson({ name: c.name, data: c.data, binaryData: c.binaryData })));
  return json;
}
const hashedJsons = new WeakMap<ConfigMapModel, string>();

/**
 * The places in `configMaps` of the ConfigMaps named in `names`, in order. build.ts asks once per
 * service while it appends to one list (a filter of the whole list each time was quadratic), so the
 * places by name are kept per list and extended as it grows. The lists are only appended to; one
 * that is shorter than its index, or has another name at a kept place, is indexed again.
 */
function placesOf(configMaps: readonly ConfigMapModel[], names: ReadonlySet<string>): number[] {
  const find = (byName: Map<string, number[]>) => {
    const places: number[] = [];
    for (const name of names) for (const i of byName.get(name) ?? []) places.push(i);
    return places;
  };
  let places = find(indexOf(configMaps, false));
  if (!places.every((i) => names.has(configMaps[i].name))) places = find(indexOf(configMaps, true));
  return places.sort((a, b) => a - b);
}

function indexOf(configMaps: readonly ConfigMapModel[], fresh: boolean): Map<string, number[]> {
  let index = configMapIndexes.get(configMaps);
  if (fresh || index === undefined || index.size > configMaps.length) {
    index = { byName: new Map(), size: 0 };
    configMapIndexes.set(configMaps, index);
  }
  for (; index.size < configMaps.length; index.size++) {
    const name = configMaps[index.size].name;
    const list = index.byName.get(name);
    if (list) list.push(index.size);
    else index.byName.set(name, [index.size]);
  }
  return index.byName;
}
const configMapIndexes = new WeakMap<readonly ConfigMapModel[], { byName: Map<string, number[]>; size: number }>();
