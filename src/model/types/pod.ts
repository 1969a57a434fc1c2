/** The model of one pod: containers, their environment, probes, ports, mounts and the pod volumes. */

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
