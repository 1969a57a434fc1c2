/** The model of a workload: its kind, component, pod, exposure, gates and the RBAC of its gates. */
import type { HttpRouteModel, IngressModel, PublishedPort, ServiceExposure } from './network';
import type { ContainerPort, PodSpec } from './pod';
import type { Claim } from './storage';

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job';

/** What a workload is for; becomes `app.kubernetes.io/component`. */
export type Component = 'app' | 'database' | 'cache' | 'queue' | 'proxy' | 'worker' | 'migration' | 'job';

export interface Workload {
  /** Object name (DNS-1123), the compose service name normalized; for init Jobs `<service>-<hash>`. */
  readonly name: string;
  /** The compose service it comes from. */
  readonly service: string;
  readonly kind: WorkloadKind;
  readonly component: Component;
  /** Always written (except under an HPA). */
  readonly replicas: number;
  /** Version label value (the image tag), when it is a valid label value. */
  readonly version?: string;
  readonly annotations: Readonly<Record<string, string>>;
  readonly pod: PodSpec;
  readonly exposure?: ServiceExposure;
  /** StatefulSet: per-replica claims. */
  readonly claimTemplates: readonly Claim[];
  /** Deployment rollout. */
  readonly strategy?: { readonly type: 'Recreate' } | { readonly type: 'RollingUpdate'; readonly maxSurge: number | string; readonly maxUnavailable: number | string };
  /** Job settings. */
  readonly job?: {
    readonly backoffLimit: number;
    readonly activeDeadlineSeconds?: number;
    /** `init`: others wait for it (migration); `task`: nothing waits. */
    readonly role: 'init' | 'task';
  };
  /** Compose networks this workload is attached to. */
  readonly networks: readonly string[];
  /** How compose keys were translated where the objects do not show it (for the report). */
  readonly notes: readonly string[];
  /** What the pods wait for before they start (one init container each, the schema gate shared). */
  readonly gates: readonly Gate[];
  /** Pod-template annotations: compose's `annotations`, the hash of the configuration the pods read. */
  readonly podAnnotations: Readonly<Record<string, string>>;
  /** Pod labels beyond the recommended ones (network membership). */
  readonly podLabels: Readonly<Record<string, string>>;
  /** Container ports published by compose (`ports:` with a host port): reachable from anywhere. */
  readonly publishedPorts: readonly ContainerPort[];
  /** HorizontalPodAutoscaler; when set, the Deployment leaves `replicas` to it. */
  readonly autoscale?: { readonly min: number; readonly max: number; readonly cpu: number };
  readonly ingress?: IngressModel;
  /** Gateway API HTTPRoute to the workload's Service (x-k8s.route, or the Ingress settings under --gateway). */
  readonly route?: HttpRouteModel;
  /** The compose `ports:` entries with a host port, as compose publishes them (the report says how each is reached). */
  readonly published: readonly PublishedPort[];
  /** Egress restricted to peers on shared networks, DNS, and these CIDRs (x-k8s.egress). */
  readonly egress?: { readonly cidrs: readonly string[] };
  /** Set when the service opted in to host access (x-k8s.podSecurity): the level and what needs it. */
  readonly podSecurity?: { readonly level: 'baseline' | 'privileged'; readonly reasons: readonly string[] };
  /** The other compose services whose containers run in this pod (network_mode service:/container:, kompose.service.group). */
  readonly members?: readonly string[];
  /** The Services of `kompose.service.group` members: their own names, selecting this pod. */
  readonly memberServices?: readonly { readonly name: string; readonly exposure: ServiceExposure }[];
}

/**
 * A startup gate: `service` waits until that Service accepts connections; `job` polls that init Job
 * through the API; `schema` runs x-k8s.migrationGate in place of waiting for that Job.
 */
export type Gate =
  | { readonly kind: 'service'; readonly service: string; readonly port: number }
  | { readonly kind: 'job'; readonly job: string }
  | { readonly kind: 'schema'; readonly job: string };

/** RBAC that lets one gate read one Job. */
export interface JobReader {
  /** ServiceAccount, Role and RoleBinding name. */
  readonly name: string;
  /** The waiting workload's ServiceAccount. */
  readonly serviceAccount: string;
  readonly jobNames: readonly string[];
}
