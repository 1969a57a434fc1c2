/**
 * The last step of planning a model: checks across services (shared ReadWriteOnce claims, name
 * collisions), the Secret contracts with the workloads that read them, the secret provider and
 * the network policies, and the AppModel with every list sorted by name.
 */
import { ComposeProject } from '../compose';
import { Diagnostics } from '../diagnostics';
import { checkCollisions, headlessName } from './collisions';
import { dedupeConfigMaps, GROUP_LABEL, GROUP_TOPOLOGY, planClaimGroups } from './storage';
import { SecretKeys, planSecretProvider, SecretProviderOptions } from './values';
import { ProjectX } from './extensions';
import { planNetworkPolicies } from './network';
import { PodSecurityLevel, weakest } from './security';
import { AppModel, Claim, ConfigMapModel, JobReader, SecretContract, Workload } from './types';

export interface ModelParts {
  readonly project: ComposeProject;
  readonly px: ProjectX;
  readonly options: SecretProviderOptions & { readonly namespace?: string };
  /** The first compose file: where project-level problems are reported. */
  readonly mainFile: string;
  readonly projectLabel: string;
  /** Name of the Secret holding the variables the services read as secrets, and its keys. */
  readonly variableSecret: string;
  readonly secretKeys: SecretKeys;
  /** Secret values found by value-identity.ts (memory only), for the inline provider. */
  readonly secretValueOf?: (key: string) => string | undefined;
  /** The Secrets of the compose `secrets:` that are not variables, by name. */
  readonly otherSecrets: ReadonlyMap<string, SecretContract>;
  readonly workloads: Workload[];
  /** The claims the project creates, by name, and the workloads that mount each claim. */
  readonly standaloneClaims: ReadonlyMap<string, Claim>;
  readonly claimUsers: ReadonlyMap<string, readonly string[]>;
  /** Every ConfigMap planned (a name may repeat; see dedupeConfigMaps). */
  readonly configMaps: ConfigMapModel[];
  readonly jobReaders: JobReader[];
  /** Compose volumes that are existing claims (external), by volume name. */
  readonly volumeClaims: ReadonlyMap<string, Claim>;
  /** ConfigMaps the project reads but does not create (missing files supplied out of band). */
  readonly outOfBandConfigMaps: ReadonlySet<string>;
}

/** The Secrets a workload reads (an env var of any container, or a volume), by name. */
function secretsReadBy(w: Workload): Set<string> {
  const names = new Set<string>();
  for (const containers of [w.pod.initContainers, w.pod.containers]) {
    for (const c of containers) for (const e of c.env) if ('secretKeyRef' in e) names.add(e.secretKeyRef.name);
  }
  for (const v of w.pod.volumes) if ('secret' in v) names.add(v.secret.secretName);
  return names;
}

/** Secret name → the names of the workloads that read it, in one pass over the workloads. */
function secretReaders(workloads: readonly Workload[]): Map<string, string[]> {
  const readers = new Map<string, string[]>();
  for (const w of workloads) {
    for (const secret of secretsReadBy(w)) {
      const list = readers.get(secret);
      if (list) list.push(w.name);
      else readers.set(secret, [w.name]);
    }
  }
  return readers;
}

/**
 * Shared ReadWriteOnce claims: the workloads connected through them run on one node (a group label
 * and one required pod affinity, storage/claim-groups.ts). Jobs and DaemonSets cannot join a group:
 * a claim they share is a warning.
 */
function groupSharedClaims(parts: ModelParts, d: Diagnostics): void {
  const { workloads } = parts;
  const outside = new Set(workloads.filter((w) => w.kind === 'Job' || w.kind === 'DaemonSet').map((w) => w.service));
  for (const [claim, users] of parts.claimUsers) {
    const c = parts.standaloneClaims.get(claim);
    const left = [...new Set(users)].filter((u) => outside.has(u));
    if (c && new Set(users).size > 1 && left.length > 0 && c.accessModes.every((m) => m === 'ReadWriteOnce')) {
      d.warn(
        parts.mainFile,
        c.source === undefined ? `volumes.${c.volume}` : undefined,
        `the ReadWriteOnce claim ${c.name} is mounted by ${[...new Set(users)].join(', ')}; ${left.join(', ')} (a Job or DaemonSet) cannot be kept on the node of the others, and a ReadWriteOnce claim is attached to one node at a time; give it x-k8s: {accessMode: ReadWriteMany} (a storage class that supports it)`,
      );
    }
  }
  for (const g of planClaimGroups(parts.standaloneClaims, parts.claimUsers, outside)) {
    for (let i = 0; i < workloads.length; i++) {
      const w = workloads[i];
      if (!g.workloads.includes(w.service) || outside.has(w.service)) continue;
      workloads[i] = {
        ...w,
        podLabels: { ...w.podLabels, [GROUP_LABEL]: g.id },
        pod: { ...w.pod, sameNode: { label: GROUP_LABEL, value: g.id, topologyKey: GROUP_TOPOLOGY } },
      };
    }
  }
}

/** The existing claims that some workload mounts, with the workloads that mount them. */
function existingClaimsOf(parts: ModelParts): Pick<AppModel, 'existingClaims'> {
  const list = [...parts.volumeClaims.values()]
    .filter((c) => c.external && (parts.claimUsers.get(c.name)?.length ?? 0) > 0)
    .map((c) => ({ name: c.name, volume: c.volume, usedBy: [...new Set(parts.claimUsers.get(c.name))].sort() }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return list.length > 0 ? { existingClaims: list } : {};
}

/** Assembles the model from the planned services (sorts `workloads`, `configMaps` and `jobReaders` in place). */
export function assembleModel(parts: ModelParts, d: Diagnostics): AppModel {
  const { project, px, options, mainFile, projectLabel, variableSecret, secretKeys, workloads, configMaps, jobReaders, outOfBandConfigMaps } = parts;
  groupSharedClaims(parts, d);

  const contracts: SecretContract[] = [...parts.otherSecrets.values()];
  if (secretKeys.size > 0) contracts.push({ name: variableSecret, keys: secretKeys.entries(), external: false, usedBy: [] });
  const readers = secretReaders(workloads);
  const secrets = contracts.map((c) => ({ ...c, usedBy: [...(readers.get(c.name) ?? [])].sort() }));
  const secretProvider = planSecretProvider(project, px, options, secrets, mainFile, d, parts.secretValueOf);
  const networkPolicies = planNetworkPolicies(projectLabel, workloads, px.ingressNamespace);
  checkCollisions({ project: projectLabel, workloads, claims: [...parts.standaloneClaims.values()], configMaps, secrets, jobReaders, networkPolicies }, headlessName, mainFile, d);
  const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return {
    project: projectLabel,
    ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
    workloads: workloads.sort(byName),
    claims: [...parts.standaloneClaims.values()].sort(byName),
    configMaps: dedupeConfigMaps(configMaps, d).sort(byName),
    secrets: secrets.sort(byName),
    jobReaders: jobReaders.sort(byName),
    networkPolicies,
    secretProvider,
    ...(outOfBandConfigMaps.size > 0 ? { outOfBandConfigMaps: [...outOfBandConfigMaps].sort() } : {}),
    ...existingClaimsOf(parts),
    podSecurity: workloads.reduce<PodSecurityLevel>((level, w) => weakest(level, w.podSecurity?.level ?? 'restricted'), 'restricted'),
  };
}
