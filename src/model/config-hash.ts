/**
 * The config-hash annotation of a pod template: a hash of the data of the ConfigMaps the pod reads,
 * so that a change rolls the pods (ConfigMap files mounted with subPath and env values are never
 * refreshed in place) and re-runs an init Job (its name hashes the template).
 */
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
  const configData = configMaps
    .filter((c) => read.has(c.name))
    .map((c) => ({ name: c.name, data: c.data, binaryData: c.binaryData }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  return configData.length > 0 ? { [CONFIG_HASH_ANNOTATION]: sha256Hex(canonicalJson(configData)).slice(0, CONFIG_HASH_LENGTH) } : {};
}
