/**
 * Network aliases (`networks: {back: {aliases: [queue-primary]}}`) and link aliases (`links:
 * [db:store]`): compose resolves them to the service like its own name. An alias that is a valid
 * Service name (a lowercase DNS label starting with a letter) gets its own Service with the same
 * selector and ports. One that cannot be a Service name (dots, underscores, uppercase), or that
 * several services claim, or that is another service's name, is an attention item naming the alias,
 * the services that use it and what to set instead — never dropped silently.
 */
import { ComposeProject } from '../../compose';
import { Diagnostics, show } from '../../diagnostics';
import { isDnsLabel, toDnsLabel } from '../names';
import { NameUse, runsContainer } from './uses';

interface Claim {
  readonly target: string;
  /** `networks.NET.aliases` of the target, or `links` of the consumer. */
  readonly where: string;
}

/** Compose service → the alias Services it gets (sorted); attention items for the aliases that cannot be Services. */
export function planAliases(project: ComposeProject, names: ReadonlyMap<string, string>, uses: readonly NameUse[], d: Diagnostics): Map<string, string[]> {
  const claims = new Map<string, Claim[]>();
  const claim = (alias: string, c: Claim) => {
    const list = claims.get(alias);
    if (list) list.push(c);
    else claims.set(alias, [c]);
  };
  for (const n of Object.keys(project.services).sort()) {
    const s = project.services[n];
    if (!runsContainer(s)) continue;
    for (const [net, spec] of Object.entries(s.networks)) for (const a of spec.aliases) claim(a, { target: n, where: `services.${n}.networks.${net}.aliases` });
    for (const l of s.links) if (project.services[l.service]) claim(l.alias, { target: l.service, where: `services.${n}.links` });
  }
  const serviceNames = new Map<string, string>();
  for (const [n, dns] of names) {
    serviceNames.set(n, n);
    serviceNames.set(dns, n);
  }
  // The consumers that use each name, found in one pass over the uses (not one per alias).
  const consumersOf = new Map<string, Set<string>>();
  for (const u of uses) {
    const consumers = consumersOf.get(u.name);
    if (consumers) consumers.add(u.consumer);
    else consumersOf.set(u.name, new Set([u.consumer]));
  }
  const out = new Map<string, string[]>();
  const mainFile = project.files[0] ?? 'compose.yaml';
  for (const alias of [...claims.keys()].sort()) {
    const list = claims.get(alias)!;
    const targets = [...new Set(list.map((c) => c.target))].sort();
    const own = serviceNames.get(alias);
    // An alias that is the service's own name (or its Kubernetes name) adds nothing.
    if (targets.length === 1 && own === targets[0]) continue;
    const users = [...(consumersOf.get(alias) ?? [])].sort();
    const usedBy = users.length > 0 ? `used by ${users.join(', ')}` : 'used by no service of the project by that name';
    const where = [...new Set(list.map((c) => c.where))].join(', ');
    const file = project.services[targets[0]]?.source.file ?? mainFile;
    if (own !== undefined) {
      d.warn(file, list[0].where, `alias ${show(alias)} of ${targets.join(', ')} is the name of service ${show(own)}, which keeps it (${usedBy}); rename the alias`, 'network-alias', targets[0]);
      continue;
    }
    if (targets.length > 1) {
      d.warn(
        file,
        list[0].where,
        `alias ${show(alias)} is claimed by services ${targets.join(', ')} (${where}); one Kubernetes Service name cannot select both, so it gets no Service (${usedBy}); give each service its own alias and use that name`,
        'network-alias',
        targets[0],
      );
      continue;
    }
    if (!isDnsLabel(alias)) {
      const target = targets[0];
      const instead = toDnsLabel(alias);
      const taken = serviceNames.has(instead) || claims.has(instead);
      d.warn(
        file,
        list[0].where,
        `alias ${show(alias)} of ${target} cannot be a Kubernetes Service name (a lowercase DNS label: letters, digits and "-", starting with a letter), so the name does not resolve in the cluster (${usedBy}); use ${taken ? `the service name ${show(names.get(target) ?? target)}` : `the alias ${show(instead)} or the service name ${show(names.get(target) ?? target)}`} instead, in the alias and where it is used`,
        'network-alias',
        target,
      );
      continue;
    }
    out.set(targets[0], [...(out.get(targets[0]) ?? []), alias]);
  }
  return out;
}
