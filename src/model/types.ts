/**
 * The application model: plain typed data with every decision taken (workload kinds, names,
 * probes, resources, secret references, gates). The charts translate it one-to-one into
 * Kubernetes objects; they decide nothing. This module knows neither YAML nor cdk8s.
 */

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job';

/** What a workload is for; becomes `app.kubernetes.io/component`. */
export type Component = 'app' | 'database' | 'cache' | 'queue' | 'proxy' | 'worker' | 'migration' | 'job';

export type Quantity = string;

export interface Resources {
  readonly requests: { readonly cpu: Quantity; readonly memory: Quantity; readonly 'ephemeral-storage': Quantity };
  /** Extended resources (`nvidia.com/gpu`) are limits only: their requests default to the limits. */
  readonly limits: { readonly cpu?: Quantity; readonly memory: Quantity; readonly 'ephemeral-storage': Quantity; readonly [extended: string]: Quantity | undefined };
}

export type EnvVar =
  | { readonly name: string; readonly value: string }
  | {
      readonly name: string;
      readonly secretKeyRef: { readonly name: string; readonly key: string; readonly optional: boolean };
    }
  | {
      readonly name: string;
      readonly configMapKeyRef: { readonly name: string; readonly key: string; readonly optional?: boolean };
    };

export type ProbeHandler =
  | { readonly exec: { readonly command: readonly string[] } }
  | {
      readonly httpGet: {
        readonly path: string;
        readonly port: number | string;
        readonly scheme: 'HTTP' | 'HTTPS';
        readonly httpHeaders?: readonly { readonly name: string; readonly value: string }[];
      };
    }
  | { readonly tcpSocket: { readonly port: number | string } };

export interface Probe {
  readonly handler: ProbeHandler;
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly failureThreshold: number;
  readonly successThreshold?: number;
  readonly initialDelaySeconds?: number;
}

export interface ContainerPort {
  /** IANA service name (≤ 15 characters, lowercase letters, digits and single hyphens). */
  readonly name: string;
  readonly containerPort: number;
  readonly protocol: 'TCP' | 'UDP' | 'SCTP';
}

export interface VolumeMount {
  readonly name: string;
  readonly mountPath: string;
  readonly readOnly?: boolean;
  readonly subPath?: string;
}

/** A lifecycle hook's exec action: argv, run in the container (no `$(VAR)` expansion). */
export interface ExecAction {
  readonly command: readonly string[];
}

export interface Container {
  readonly name: string;
  readonly image: string;
  readonly imagePullPolicy: 'Always' | 'IfNotPresent' | 'Never';
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly workingDir?: string;
  readonly env: readonly EnvVar[];
  /** ConfigMaps imported whole (non-secret `env_file` entries); `env` entries override them. */
  readonly envFrom: readonly { readonly configMapRef: { readonly name: string } }[];
  readonly ports: readonly ContainerPort[];
  readonly startupProbe?: Probe;
  readonly readinessProbe?: Probe;
  readonly livenessProbe?: Probe;
  readonly resources: Resources;
  readonly securityContext: {
    readonly readOnlyRootFilesystem: boolean;
    /** Only `NET_BIND_SERVICE` under Pod Security "restricted"; more with x-k8s.podSecurity. */
    readonly capabilitiesAdd: readonly string[];
    /** Default `["ALL"]`; a root container of an opted-in service keeps the runtime's defaults minus `cap_drop`. */
    readonly capabilitiesDrop?: readonly string[];
    /** Default false (x-k8s.podSecurity: privileged allows true). */
    readonly privileged?: boolean;
    /** Default true; false for a container that runs as root (x-k8s.podSecurity). */
    readonly runAsNonRoot?: boolean;
    /** Default false; left unset where Kubernetes refuses false (privileged, SYS_ADMIN). */
    readonly allowPrivilegeEscalation?: boolean;
    /** Default RuntimeDefault; Unconfined only with x-k8s.podSecurity: privileged. */
    readonly seccompProfile?: 'RuntimeDefault' | 'Unconfined';
    /** Container-level override of the pod's user (gate containers on other images). */
    readonly runAsUser?: number;
    readonly runAsGroup?: number;
  };
  readonly volumeMounts: readonly VolumeMount[];
  /** Compose `post_start` / `pre_stop` hooks. */
  readonly lifecycle?: { readonly postStart?: ExecAction; readonly preStop?: ExecAction };
  readonly tty?: boolean;
  readonly stdin?: boolean;
}

export type PodVolume =
  | { readonly name: string; readonly emptyDir: { readonly medium?: 'Memory'; readonly sizeLimit?: Quantity } }
  | { readonly name: string; readonly persistentVolumeClaim: { readonly claimName: string; readonly readOnly?: boolean } }
  | {
      readonly name: string;
      readonly configMap: {
        readonly name: string;
        readonly items?: readonly { readonly key: string; readonly path: string; readonly mode?: number }[];
        readonly defaultMode?: number;
      };
    }
  | {
      readonly name: string;
      readonly secret: {
        readonly secretName: string;
        readonly items?: readonly { readonly key: string; readonly path: string; readonly mode?: number }[];
        readonly defaultMode?: number;
        readonly optional?: boolean;
      };
    }
  | {
      /** A path of the node (system paths, device nodes): only with x-k8s.podSecurity: privileged. */
      readonly name: string;
      readonly hostPath: { readonly path: string };
    }
  | {
      /** API token for one container only (the Job gate): a bound service-account token and the cluster CA. */
      readonly name: string;
      readonly projectedServiceAccountToken: { readonly expirationSeconds: number };
    };

export interface PodSpec {
  readonly serviceAccountName: string;
  readonly securityContext: {
    /** Default true; false when the pod runs as root (x-k8s.podSecurity). */
    readonly runAsNonRoot?: boolean;
    readonly runAsUser: number;
    readonly runAsGroup: number;
    readonly fsGroup?: number;
    readonly fsGroupChangePolicy?: 'OnRootMismatch' | 'Always';
    readonly sysctls?: readonly { readonly name: string; readonly value: string }[];
  };
  readonly initContainers: readonly Container[];
  readonly containers: readonly Container[];
  readonly volumes: readonly PodVolume[];
  readonly restartPolicy: 'Always' | 'Never' | 'OnFailure';
  readonly terminationGracePeriodSeconds?: number;
  readonly hostname?: string;
  readonly hostAliases?: readonly { readonly ip: string; readonly hostnames: readonly string[] }[];
  /** Spread replicas over nodes and zones (soft). */
  readonly spread: boolean;
  /** Host namespaces (x-k8s.podSecurity: privileged); hostNetwork comes with `dnsPolicy: ClusterFirstWithHostNet`. */
  readonly hostNetwork?: boolean;
  readonly hostPID?: boolean;
  readonly hostIPC?: boolean;
}

export interface ServicePort {
  readonly name: string;
  readonly port: number;
  readonly targetPort: number | string;
  readonly protocol: 'TCP' | 'UDP' | 'SCTP';
  readonly nodePort?: number;
}

export interface ServiceExposure {
  readonly type: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  readonly ports: readonly ServicePort[];
  /** `clusterIP: None`. */
  readonly headless: boolean;
}

export interface Claim {
  /** Object name of the claim (or of the volumeClaimTemplate). */
  readonly name: string;
  /** The compose volume it comes from. */
  readonly volume: string;
  readonly size: Quantity;
  readonly accessModes: readonly ('ReadWriteOnce' | 'ReadWriteMany' | 'ReadOnlyMany' | 'ReadWriteOncePod')[];
  readonly storageClassName?: string;
  /** An existing claim: referenced, never emitted. */
  readonly external: boolean;
  readonly labels: Readonly<Record<string, string>>;
}

export interface ConfigMapModel {
  readonly name: string;
  readonly data: Readonly<Record<string, string>>;
  /** Files that are not UTF-8 text, base64-encoded. */
  readonly binaryData?: Readonly<Record<string, string>>;
  /** What it was made from, for the report (e.g. `./nginx/nginx.conf`). */
  readonly origin: string;
}

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
  /** Pod-template annotations (the hash of the configuration the pods read). */
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
}

export interface IngressModel {
  readonly hosts: readonly string[];
  readonly path: string;
  /** Service port name the Ingress sends traffic to. */
  readonly servicePort: string;
  readonly className?: string;
  /** TLS Secret name (certificates are the cluster's business: cert-manager or a pre-created Secret). */
  readonly tlsSecret?: string;
  readonly annotations: Readonly<Record<string, string>>;
}

/** A Gateway API HTTPRoute (gateway.networking.k8s.io/v1) in the project's namespace. */
export interface HttpRouteModel {
  /** Object name: the compose service name. */
  readonly name: string;
  /** The Gateway it attaches to. */
  readonly parent: { readonly namespace: string; readonly name: string; readonly sectionName?: string };
  readonly hostnames: readonly string[];
  /** The PathPrefix of its one rule. */
  readonly path: string;
  /** Service port number of the backendRef (a route names ports by number). */
  readonly servicePort: number;
  /** Name of that Service port, which is also the name of the container port behind it. */
  readonly portName: string;
  /** The only namespace the NetworkPolicy admits to the routed port; undefined: any source. */
  readonly gatewayNamespace?: string;
  /** The setting it comes from. */
  readonly origin: 'x-k8s.route' | 'x-k8s.ingress' | 'kompose.service.expose';
}

/** A port compose publishes on the host (`"8080:80"`). */
export interface PublishedPort {
  /** The host port compose used (8080). */
  readonly published: number;
  /** The container port (80). */
  readonly containerPort: number;
  readonly protocol: 'TCP' | 'UDP' | 'SCTP';
  /**
   * What it carries, as far as the model knows: `http` (an HTTP healthcheck, an image profile, or a
   * route or Ingress asked for), `other` (UDP/SCTP, or the port of a database, cache or queue image),
   * `unknown` (a TCP port with no evidence either way).
   */
  readonly carries: 'http' | 'other' | 'unknown';
}

/** Where the value of a Secret key comes from, in compose terms. */
export type SecretSource =
  | { readonly kind: 'variable'; readonly variable: string }
  | { readonly kind: 'env_file'; readonly file: string }
  /** `path`: relative to the project folder (`./secrets/db_password.txt`), never absolute. */
  | { readonly kind: 'file'; readonly path: string }
  /** A value written literally in the compose file (src/model/literal-secrets.ts): the entries that hold it. */
  | { readonly kind: 'literal'; readonly file: string; readonly uses: readonly LiteralUse[] }
  /** A compose secret declared `external: true`: the Secret exists already. */
  | { readonly kind: 'external'; readonly name: string };

/** An environment entry of the compose file that holds a literal secret value (whole, or a URL's password). */
export interface LiteralUse {
  readonly service: string;
  readonly variable: string;
  readonly file: string;
  readonly path: string;
  /** The hook whose `environment` holds it (`post_start[0]`), when not the service's own environment. */
  readonly hook?: string;
  /** The password of the URL (the `urlIndex`-th of the value), not the whole value. */
  readonly url: boolean;
  readonly urlIndex?: number;
}

function describeUse(u: LiteralUse): string {
  return `${u.path}${u.url ? ' (the password in the URL)' : ''}`;
}

/** How SECRETS.md and messages name a source. */
export function describeSource(s: SecretSource): string {
  switch (s.kind) {
    case 'variable':
      return `variable ${s.variable}`;
    case 'env_file':
      return `env_file ${s.file}`;
    case 'file':
      return `file ${s.path}`;
    case 'literal':
      return `literal in ${s.file}: rotate it and move it to .env; ${s.uses.length > 1 ? `one value shared by ${s.uses.map(describeUse).join(', ')}` : `written in ${s.uses.map(describeUse).join(', ')}`}`;
    case 'external':
      return `external secret ${s.name}`;
  }
}

/**
 * A startup gate: `service` waits until that Service accepts connections; `job` polls that init Job
 * through the API; `schema` runs x-k8s.migrationGate in place of waiting for that Job.
 */
export type Gate =
  | { readonly kind: 'service'; readonly service: string; readonly port: number }
  | { readonly kind: 'job'; readonly job: string }
  | { readonly kind: 'schema'; readonly job: string };

/** A Secret the manifests reference; in `external` mode it must be created out of band. */
export interface SecretContract {
  readonly name: string;
  readonly keys: readonly {
    readonly key: string;
    readonly required: boolean;
    readonly source: SecretSource;
  }[];
  /** Declared `external: true` in compose: it exists already, no provider object is made for it. */
  readonly external: boolean;
  /** Workloads that read it. */
  readonly usedBy: readonly string[];
}

/** RBAC that lets one gate read one Job. */
export interface JobReader {
  /** ServiceAccount, Role and RoleBinding name. */
  readonly name: string;
  /** The waiting workload's ServiceAccount. */
  readonly serviceAccount: string;
  readonly jobNames: readonly string[];
}

export type NetworkPort = { readonly port: number | string; readonly protocol: 'TCP' | 'UDP' | 'SCTP' };

/** Traffic allowed to (ingress) or from (egress) a set of pods. */
export interface NetworkPolicyModel {
  readonly name: string;
  /** Pods it applies to, by label. */
  readonly podSelector: Readonly<Record<string, string>>;
  /** ...and without these labels (`DoesNotExist`). */
  readonly podSelectorWithout?: readonly string[];
  readonly policyTypes: readonly ('Ingress' | 'Egress')[];
  readonly ingress: readonly {
    /** Pods (by label) allowed in; undefined = from anywhere. */
    readonly from?: readonly Readonly<Record<string, string>>[];
    /** Namespaces (by label) allowed in, instead of pods. */
    readonly fromNamespaces?: readonly Readonly<Record<string, string>>[];
    readonly ports: readonly NetworkPort[];
  }[];
  /** Egress rules; `[{}]`-like "to anywhere" is `{}` with neither peers nor ports. */
  readonly egress?: readonly {
    readonly toPods?: readonly Readonly<Record<string, string>>[];
    readonly toCidrs?: readonly string[];
    readonly ports?: readonly NetworkPort[];
  }[];
  readonly origin: string;
}

/**
 * Where the values of the referenced Secrets come from:
 * - `external` (default): created out of band (`kubectl create secret`, a CI step, a controller);
 *   nothing secret is emitted, SECRETS.md lists what to create;
 * - `external-secrets`: one ExternalSecret (external-secrets.io/v1) per Secret, read from a store;
 * - `inline`: development only, values from `.env` written into Secrets (refused without
 *   `--allow-insecure-secrets`, and always refused for production settings).
 */
export type SecretProvider =
  | { readonly kind: 'external' }
  | { readonly kind: 'external-secrets'; readonly store: { readonly kind: 'SecretStore' | 'ClusterSecretStore'; readonly name: string }; readonly refreshInterval: string }
  | { readonly kind: 'inline'; readonly values: Readonly<Record<string, Readonly<Record<string, string>>>> };

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
