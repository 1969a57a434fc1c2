/**
 * Which top-level volumes, networks, secrets and configs the active services use. Compose keeps
 * only those (compose-go `Project.WithoutUnnecessaryResources`, applied by every docker compose
 * command after profiles): an entry no active service uses is never created, so it is dropped here
 * too. Used means: a service network, a named volume mount, a service secret or a build secret, a
 * service config.
 */
import { servicesOf } from '../merge';
import { sortedRecord } from '../syntax';
import type { ComposeService } from '../types';
import { getKey, isMap, untag, type YamlMap } from '../yaml-value';

export interface UsedResources {
  readonly volumes: ReadonlySet<string>;
  readonly networks: ReadonlySet<string>;
  readonly secrets: ReadonlySet<string>;
  readonly configs: ReadonlySet<string>;
}

/** `build.secrets` entries (`name` or `{source: name}`) of a service in the merged tree. */
function buildSecrets(tree: YamlMap, service: string): string[] {
  const def = untag(servicesOf(tree)[service] ?? null);
  const build = isMap(def) ? untag(getKey(def, 'build') ?? null) : null;
  const list = isMap(build) ? untag(getKey(build, 'secrets') ?? null) : null;
  if (!Array.isArray(list)) return [];
  return list.map(untag).flatMap((s) => {
    const source = isMap(s) ? untag(getKey(s, 'source') ?? null) : s;
    return typeof source === 'string' ? [source] : [];
  });
}

export function usedResources(services: Readonly<Record<string, ComposeService>>, tree: YamlMap): UsedResources {
  const volumes = new Set<string>();
  const networks = new Set<string>();
  const secrets = new Set<string>();
  const configs = new Set<string>();
  // Indexed loops: for-of makes an iterator result object per step until the code is optimized.
  const list = Object.values(services);
  for (let i = 0; i < list.length; i++) {
    const s = list[i];
    const names = Object.keys(s.networks);
    for (let j = 0; j < names.length; j++) networks.add(names[j]);
    for (let j = 0; j < s.volumes.length; j++) {
      const v = s.volumes[j];
      if (v.type === 'volume' && v.source !== undefined) volumes.add(v.source);
    }
    for (let j = 0; j < s.secrets.length; j++) secrets.add(s.secrets[j].source);
    for (let j = 0; j < s.configs.length; j++) configs.add(s.configs[j].source);
    const built = buildSecrets(tree, s.name);
    for (let j = 0; j < built.length; j++) secrets.add(built[j]);
  }
  return { volumes, networks, secrets, configs };
}

/**
 * The entries of `record` (a {@link sortedRecord}) whose key is in `keep`, in the same order; built
 * by sortedRecord (faster than Object.fromEntries for the few keys of most records).
 */
export function onlyUsed<T>(record: Readonly<Record<string, T>>, keep: ReadonlySet<string>): Record<string, T> {
  return sortedRecord(Object.entries(record).filter(([k]) => keep.has(k)));
}
