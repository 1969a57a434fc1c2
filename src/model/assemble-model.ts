/**
 * The last step of planning a model: checks across services (shared ReadWriteOnce claims, name
 * collisions), the Secret contracts with the workloads that read them, the secret provider and
 * the network policies, and the AppModel with every list sorted by name.
 */
import { ComposeProject } from '../compose';
import { Diagnostics } from '../diagnostics';
import { checkCollisions, headlessName } from './collisions';
import { dedupeConfigMaps } from './storage';
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
  /** The Secrets of the compose `secrets:` that are not variables, by name. */
  readonly otherSecrets: ReadonlyMap<string, SecretContract>;
  readonly workloads: Workload[];
  /** The claims the project creates, by name, and the workloads that mount each claim. */
  readonly standaloneClaims: ReadonlyMap<string, Claim>;
  readonly claimUsers: ReadonlyMap<string, readonly string[]>;
  /** Every ConfigMap planned (a name may repeat; see dedupeConfigMaps). */
  readonly configMaps: ConfigMapModel[];
  readonly jobReaders: JobReader[];
  /** ConfigMaps the project reads but does not create (missing files supplied out of band). */
  readonly outOfBandConfigMaps: ReadonlySet<string>;
}

/** Whether a workload reads the Secret (an env var of any container, or a volume). */
function readsSecret(w: Workload, secret: string): boolean {
  const containers = [...w.pod.initContainers, ...w.pod.containers];
  return (
    containers.some((c) => c.env.some((e) => 'secretKeyRef' in e && e.secretKeyRef.name === secret)) ||
    w.pod.volumes.some((v) => 'secret' in v && v.secret.secretName === secret)
  );
}

/** A ReadWriteOnce claim the project creates that several workloads mount is a warning. */
function warnSharedClaims(parts: ModelParts, d: Diagnostics): void {
  for (const [claim, users] of parts.claimUsers) {
    const c = parts.standaloneClaims.get(claim);
    if (c && users.length > 1 && c.accessModes.every((m) => m === 'ReadWriteOnce')) {
      d.warn(parts.mainFile, `volumes.${c.volume}`, `mounted by ${users.join(', ')}; a ReadWriteOnce claim can be mounted by pods on one node only; give it x-k8s: {accessMode: ReadWriteMany} if they run on different nodes`);
    }
  }
}

/** Assembles the model from the planned services (sorts `workloads`, `configMaps` and `jobReaders` in place). */
export function assembleModel(parts: ModelParts, d: Diagnostics): AppModel {
  const { project, px, options, mainFile, projectLabel, variableSecret, secretKeys, workloads, configMaps, jobReaders, outOfBandConfigMaps } = parts;
  warnSharedClaims(parts, d);

  const contracts: SecretContract[] = [...parts.otherSecrets.values()];
  if (secretKeys.size > 0) contracts.push({ name: variableSecret, keys: secretKeys.entries(), external: false, usedBy: [] });
  const secrets = contracts.map((c) => ({ ...c, usedBy: workloads.filter((w) => readsSecret(w, c.name)).map((w) => w.name).sort() }));
  const secretProvider = planSecretProvider(project, px, options, secrets, mainFile, d);
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
    podSecurity: workloads.reduce<PodSecurityLevel>((level, w) => weakest(level, w.podSecurity?.level ?? 'restricted'), 'restricted'),
  };
}
