/** The `x-` extensions of a compose mapping, as the normalized project keeps them. */
import { sortedRecord } from '../syntax';
import { stripTags, type YamlMap } from '../yaml-value';

/**
 * The `x-` keys of a mapping (a service, a top-level resource, the file), tags stripped, sorted.
 * Only those keys are paired (most mappings have none): no pair per key, no iterator.
 */
export function extensionsOf(map: YamlMap): Record<string, unknown> {
  const entries: [string, unknown][] = [];
  const keys = Object.keys(map);
  for (let i = 0; i < keys.length; i++) if (keys[i].startsWith('x-')) entries.push([keys[i], stripTags(map[keys[i]])]);
  return sortedRecord(entries);
}
