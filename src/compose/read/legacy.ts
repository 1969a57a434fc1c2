/**
 * Compose file format v1: services written at the top level, without `services:` (docker-compose
 * 1.x before 2016). Such a file would give one "unknown top-level key" error per service; it gets
 * one error that says what it is and how to wrap it instead.
 */
import type { Diagnostics } from '../../diagnostics';
import { show } from '../../diagnostics';
import { getKey, hasKey, isMap, untag, type YamlMap } from '../yaml-value';

/** Keys of the compose file format v2/v3 and later (the top level of every other format). */
const TOP_LEVEL_KEYS = new Set(['version', 'name', 'include', 'services', 'networks', 'volumes', 'secrets', 'configs', 'models']);

/** Keys only a service has; a top-level mapping holding one of them is a v1 service. */
const SERVICE_KEYS = ['image', 'build', 'command', 'ports', 'environment', 'links', 'volumes_from', 'restart', 'entrypoint'];

/** The top-level keys that are v1 services (sorted), or an empty list. */
export function legacyServices(tree: YamlMap): string[] {
  if (hasKey(tree, 'services')) return [];
  return Object.keys(tree)
    .filter((k) => !TOP_LEVEL_KEYS.has(k) && !k.startsWith('x-'))
    .filter((k) => {
      const v = untag(getKey(tree, k) ?? null);
      return isMap(v) && SERVICE_KEYS.some((s) => hasKey(v, s));
    })
    .sort();
}

/** Records the one error for a v1 file; true when the file is one (then nothing else of it is checked). */
export function reportLegacyFormat(tree: YamlMap, file: string, diags: Diagnostics): boolean {
  const services = legacyServices(tree);
  if (services.length === 0) return false;
  const first = services[0];
  diags.error(
    file,
    undefined,
    `the file uses the Compose file format v1 (services at the top level: ${services.map((s) => show(s)).join(', ')}), which Compose no longer reads; wrap them under "services:": add a line "services:" at the top and indent every service by two spaces ("${first}:" becomes "  ${first}:")`,
  );
  return true;
}
