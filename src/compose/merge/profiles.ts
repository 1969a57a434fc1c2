/**
 * Compose profiles: a service with `profiles:` is active only when one of its profiles is
 * enabled; a service without profiles is always active. Profiles are enabled by
 * `LoadOptions.profiles` (`--profile`), else by `COMPOSE_PROFILES` (comma-separated); `*`
 * enables every profile.
 */
import type { Diagnostics } from '../../diagnostics';
import { show } from '../../diagnostics';
import type { Origins } from './assemble';
import { servicesOf } from './extends';
import { dependencies } from './references';
import { getKey, isMap, keyPath, untag, type YamlMap } from '../yaml-value';

/** The enabled profiles: the option's when it names any, else `COMPOSE_PROFILES` split on commas. */
export function enabledProfiles(fromOptions: readonly string[] | undefined, composeProfiles: string | undefined): Set<string> {
  const names = fromOptions !== undefined && fromOptions.length > 0 ? fromOptions : (composeProfiles ?? '').split(',');
  return new Set(names.map((p) => p.trim()).filter((p) => p !== ''));
}

export function serviceProfiles(service: YamlMap): string[] {
  const profiles = untag(getKey(service, 'profiles') ?? null);
  return Array.isArray(profiles) ? profiles.map(untag).filter((p): p is string => typeof p === 'string') : [];
}

/**
 * The names of the active services. A required dependency of an active service on an inactive
 * one is an error (as in compose); a `required: false` one is reported and dropped later.
 */
export function activeServices(tree: YamlMap, enabled: ReadonlySet<string>, origins: Origins, diags: Diagnostics): Set<string> {
  const services = servicesOf(tree);
  const isActive = (name: string) => {
    const service = untag(services[name]);
    const profiles = isMap(service) ? serviceProfiles(service) : [];
    return profiles.length === 0 || enabled.has('*') || profiles.some((p) => enabled.has(p));
  };
  const active = new Set(Object.keys(services).filter(isActive));
  for (const name of [...active].sort()) {
    const service = untag(services[name]);
    if (!isMap(service)) continue;
    // An indexed loop: for-of makes an iterator result object per step until the code is optimized.
    const deps = dependencies(service);
    for (let i = 0; i < deps.length; i++) {
      const dep = deps[i];
      const target = untag(getKey(services, dep.name) ?? null);
      if (!isMap(target) || active.has(dep.name)) continue;
      const at = keyPath(`services.${name}.depends_on`, dep.name);
      const profiles = serviceProfiles(target).join(', ');
      if (dep.required) {
        diags.error(
          origins.fileOf(at),
          at,
          `service ${show(dep.name)} is not enabled (profiles: ${profiles}); enable one of its profiles with --profile or COMPOSE_PROFILES, or set "required: false"`,
        );
      } else {
        diags.warn(origins.fileOf(at), at, `dependency on service ${show(dep.name)} is dropped: it is not enabled (profiles: ${profiles})`);
      }
    }
  }
  return active;
}
