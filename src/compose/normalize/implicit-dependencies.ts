/**
 * `depends_on` completed with the dependencies compose adds on its own for `links`, `service:`
 * namespaces and `volumes_from` (merge/references.ts `implicitDependencies`): each is
 * `{condition: service_started, required: true}` with compose's `restart`. An explicit
 * `depends_on` entry for the same service wins. Dependencies on services that are not active are
 * left out, as for `depends_on` (profiles.ts reported them).
 */
import { implicitDependencies as implicitNames } from '../merge';
import type { DependsOn } from '../types';
import type { YamlMap } from '../yaml-value';

export function implicitDependencies(service: YamlMap, explicit: Readonly<Record<string, DependsOn>>, active: ReadonlySet<string>): Record<string, DependsOn> {
  const implicit = implicitNames(service);
  // Nothing to add: the explicit ones, already in sorted order (sortedRecord).
  if (implicit.length === 0) return { ...explicit };
  const out: Record<string, DependsOn> = { ...explicit };
  for (const { name, restart } of implicit) {
    if (active.has(name) && out[name] === undefined) out[name] = { condition: 'service_started', required: true, restart };
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
