/** The whole application model. */
import type { NetworkPolicyModel } from './network';
import type { SecretContract, SecretProvider } from './secrets';
import type { Claim, ConfigMapModel } from './storage';
import type { JobReader, Workload } from './workload';

export interface AppModel {
  /** Project name as a DNS-1123 label (the `app.kubernetes.io/part-of` value). */
  readonly project: string;
  readonly namespace?: string;
  readonly workloads: readonly Workload[];
  /** Standalone claims (mounted by Deployments/Jobs/DaemonSets). */
  readonly claims: readonly Claim[];
  readonly configMaps: readonly ConfigMapModel[];
  readonly secrets: readonly SecretContract[];
  readonly jobReaders: readonly JobReader[];
  readonly networkPolicies: readonly NetworkPolicyModel[];
  readonly secretProvider: SecretProvider;
  /** The Pod Security level the namespace must allow: the weakest any service asked for (restricted by default). */
  readonly podSecurity: 'restricted' | 'baseline' | 'privileged';
  /** ConfigMaps the pods read but that are not written: their config file is missing (missing-files.ts). */
  readonly outOfBandConfigMaps?: readonly string[];
}
