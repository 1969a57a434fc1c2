/**
 * The normalized compose project: what the compose front end (read → interpolate → merge →
 * validate → normalize) hands to the model. It knows compose, not Kubernetes. Every short syntax
 * is expanded to its long form, durations are milliseconds, byte sizes are bytes, and every value
 * has been validated. Maps are plain objects whose keys are sorted by the normalizer.
 */
import type { DockerfileFacts } from './read';

/** Where a value came from, for diagnostics in later stages. */
export interface Source {
  /** File as the user named it (relative to the working directory when inside it). */
  readonly file: string;
  /** Dotted path, e.g. `services.web.environment.DATABASE_URL`. */
  readonly path: string;
}

/**
 * A reference to a variable that is classified as secret. Its value is never resolved at synth
 * time: it stays a reference until the model turns it into a `secretKeyRef`.
 */
export interface SecretVarRef {
  readonly secretVariable: string;
  /** `${V}`, `${V:?msg}`, `${V?msg}`, `${V:-default}`, `${V-default}` with a non-empty default → true; `${V:-}` / `${V-}` → false. */
  readonly required: boolean;
  /** True when the interpolation carried a non-empty default that was ignored (the value is never written). */
  readonly defaultIgnored: boolean;
}

/** An interpolated string: literal text and secret-variable references, in order. `['a']` is plain text. */
export type TemplatePart = string | SecretVarRef;
export type Template = readonly TemplatePart[];

export interface EnvEntry {
  readonly name: string;
  /** `null` means "declared without a value" (`- FOO` with FOO unset everywhere): compose drops it. */
  readonly value: Template | null;
  /** Names of the non-secret variables interpolated into this value (empty for a literal). */
  readonly fromVariables: readonly string[];
  /** `environment` (inline in the compose file) or `env_file` (the env file's path is in source.file). */
  readonly origin: 'environment' | 'env_file';
  readonly source: Source;
  /** How an `environment` entry is written: `- KEY=value` (list) or `KEY: value` (mapping); fix texts follow it. */
  readonly form?: 'list' | 'mapping';
}

export interface PortSpec {
  readonly target: number;
  /** Host port (the first one of a range); undefined when not published. */
  readonly published?: number;
  /** The last host port when a host range is published to one container port (`"8000-8002:80"`). */
  readonly publishedEnd?: number;
  readonly hostIp?: string;
  readonly protocol: 'tcp' | 'udp' | 'sctp';
  /** Long syntax `name`. */
  readonly name?: string;
  readonly appProtocol?: string;
  readonly mode?: 'host' | 'ingress';
}

export type VolumeMountSpec =
  | {
      readonly type: 'volume';
      /** Named volume (a key of `project.volumes`); undefined for an anonymous volume (`- /data`). */
      readonly source?: string;
      readonly target: string;
      readonly readOnly: boolean;
      readonly subpath?: string;
      readonly nocopy?: boolean;
      readonly sourceInfo: Source;
    }
  | {
      readonly type: 'bind';
      /** Absolute host path, resolved against the project directory. */
      readonly source: string;
      /** The source exactly as written (e.g. `./nginx.conf`). */
      readonly sourceAsWritten: string;
      readonly target: string;
      readonly readOnly: boolean;
      readonly createHostPath: boolean;
      readonly sourceInfo: Source;
    }
  | {
      readonly type: 'tmpfs';
      readonly target: string;
      readonly readOnly: boolean;
      /** Bytes. */
      readonly size?: number;
      /** File mode (octal as written, e.g. 0o1777). */
      readonly mode?: number;
      readonly sourceInfo: Source;
    }
  | {
      readonly type: 'npipe' | 'cluster' | 'image';
      readonly source?: string;
      readonly target: string;
      readonly readOnly: boolean;
      readonly sourceInfo: Source;
    };

/** A service's use of a top-level `secrets:` or `configs:` entry (long form). */
export interface FileGrant {
  /** Name of the top-level secret/config. */
  readonly source: string;
  /** Absolute target path in the container (secrets default to `/run/secrets/<source>`, configs to `/<source>`). */
  readonly target: string;
  readonly uid?: string;
  readonly gid?: string;
  /** File mode; compose file modes are octal (`0440` → 0o440 = 288). */
  readonly mode?: number;
}

export type DependsOnCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface DependsOn {
  readonly condition: DependsOnCondition;
  /** Compose default true. */
  readonly required: boolean;
  readonly restart: boolean;
}

export interface Healthcheck {
  /**
   * The test as exec argv: `CMD a b` → `['a','b']`; `CMD-SHELL cmd` and the string form →
   * `['sh','-c',cmd]`. Absent when disabled.
   */
  readonly test?: readonly Template[];
  /** The form the user wrote, for faithful translation and reports. */
  readonly form?: 'CMD' | 'CMD-SHELL' | 'string';
  /** `disable: true` or `test: ["NONE"]`. */
  readonly disabled: boolean;
  /** Milliseconds. Compose defaults (30s, 30s, 3, 0s, 5s) are NOT filled in here; the model does that. */
  readonly interval?: number;
  readonly timeout?: number;
  readonly retries?: number;
  readonly startPeriod?: number;
  readonly startInterval?: number;
}

export interface ResourceSpec {
  /** CPUs as a number (`"0.5"` → 0.5). */
  readonly cpus?: number;
  /** Bytes. */
  readonly memory?: number;
  readonly pids?: number;
}

export interface DeploySpec {
  readonly mode?: 'replicated' | 'global' | 'replicated-job' | 'global-job';
  readonly replicas?: number;
  readonly limits?: ResourceSpec;
  readonly reservations?: ResourceSpec;
  readonly restartPolicy?: {
    readonly condition?: 'none' | 'on-failure' | 'any';
    /** Milliseconds. */
    readonly delay?: number;
    readonly maxAttempts?: number;
    readonly window?: number;
  };
  readonly updateConfig?: {
    readonly parallelism?: number;
    readonly delay?: number;
    readonly order?: 'stop-first' | 'start-first';
    readonly failureAction?: string;
    readonly monitor?: number;
    readonly maxFailureRatio?: number;
  };
  readonly labels: Readonly<Record<string, string>>;
  readonly placement?: unknown;
  readonly endpointMode?: string;
}

export interface BuildSpec {
  /** Absolute path of the build context (a URL is kept as written). */
  readonly context: string;
  readonly dockerfile?: string;
  readonly target?: string;
  readonly args: Readonly<Record<string, string>>;
  /** What the Dockerfile tells about the built image; undefined when it cannot be read (a URL context, a missing file). */
  readonly image?: BuiltImage;
}

/** The image a `build:` builds, from its Dockerfile and `.dockerignore` (src/compose/build-image.ts). */
export interface BuiltImage extends DockerfileFacts {
  /** The Dockerfile for messages: relative to the project folder, or `services.NAME.build.dockerfile_inline`. */
  readonly dockerfile: string;
  /** Absolute build context folder. */
  readonly context: string;
  /** `.dockerignore` patterns. */
  readonly ignore: readonly string[];
}

/** A device request (`gpus`, `deploy.resources.reservations.devices`). */
export interface DeviceRequest {
  /** E.g. `["gpu"]`, `["gpu", "utility"]`; `gpus` entries default to `["gpu"]`. */
  readonly capabilities: readonly string[];
  /** A number, or `"all"` (also when neither `count` nor `device_ids` is written). */
  readonly count: number | 'all';
  /** Whether `count` was written (`gpus: all` counts as written). */
  readonly countWritten: boolean;
  readonly deviceIds: readonly string[];
  readonly driver?: string;
  /** Dotted path, e.g. `services.ml.gpus[0]`. */
  readonly path: string;
}

/** One `post_start` / `pre_stop` hook. */
export interface LifecycleHook {
  /** Exec form; a string is split like a shell would. */
  readonly command: readonly Template[];
  readonly user?: string;
  /** Default false. */
  readonly privileged: boolean;
  readonly workingDir?: string;
  /** The hook's own environment, in compose order (secret variables stay references). */
  readonly environment: readonly EnvEntry[];
  readonly source: Source;
}

export interface ComposeService {
  /** Service name exactly as in the compose file. */
  readonly name: string;
  /** The file that defines it (the first one, for merged services). */
  readonly source: Source;
  readonly image?: string;
  readonly build?: BuildSpec;
  /** Exec form; the string form is split like a shell would (quotes respected). */
  readonly entrypoint?: readonly Template[];
  readonly command?: readonly Template[];
  readonly workingDir?: string;
  readonly user?: string;
  /**
   * In compose order (NOT sorted: DESIGN wants env in compose order): `env_file` entries first in file
   * order, then `environment` entries in the order written; an `environment` entry replaces an
   * `env_file` entry of the same name in place.
   */
  readonly environment: readonly EnvEntry[];
  readonly ports: readonly PortSpec[];
  /** `expose:` container ports (numbers; ranges expanded). */
  readonly expose: readonly { readonly port: number; readonly protocol: 'tcp' | 'udp' | 'sctp' }[];
  readonly volumes: readonly VolumeMountSpec[];
  /** Service-level `tmpfs:` (short form), as tmpfs mounts. */
  readonly tmpfs: readonly VolumeMountSpec[];
  readonly secrets: readonly FileGrant[];
  readonly configs: readonly FileGrant[];
  /** `depends_on`, plus the dependencies compose adds for `links`, `service:` namespaces and `volumes_from`. */
  readonly dependsOn: Readonly<Record<string, DependsOn>>;
  /** `links` as written (`db`, `db:alias`). */
  readonly links: readonly string[];
  readonly healthcheck?: Healthcheck;
  /** `gpus` and `deploy.resources.reservations.devices`, in that order. */
  readonly deviceRequests: readonly DeviceRequest[];
  /** `post_start` / `pre_stop` hooks in order (empty when not written). */
  readonly postStart: readonly LifecycleHook[];
  readonly preStop: readonly LifecycleHook[];
  readonly deploy?: DeploySpec;
  /** `no` | `always` | `on-failure[:N]` | `unless-stopped`; undefined when not written (compose's default "no" is not a signal). */
  readonly restart?: string;
  /** Networks the service is attached to, with aliases. An implicit `default` when none is listed. */
  readonly networks: Readonly<Record<string, { readonly aliases: readonly string[]; readonly ipv4Address?: string }>>;
  readonly networkMode?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly profiles: readonly string[];
  readonly readOnly: boolean;
  readonly privileged: boolean;
  readonly capAdd: readonly string[];
  readonly capDrop: readonly string[];
  readonly securityOpt: readonly string[];
  /** Milliseconds. */
  readonly stopGracePeriod?: number;
  readonly stopSignal?: string;
  readonly init?: boolean;
  /** Bytes. */
  readonly memLimit?: number;
  readonly memReservation?: number;
  readonly cpus?: number;
  readonly shmSize?: number;
  readonly pid?: string;
  readonly ipc?: string;
  readonly devices: readonly string[];
  /** `use_api_socket: true`: Docker mounts its API socket (never rendered: nodes run containerd). */
  readonly useApiSocket?: boolean;
  readonly hostname?: string;
  readonly domainname?: string;
  readonly extraHosts: Readonly<Record<string, string>>;
  readonly dns: readonly string[];
  readonly sysctls: Readonly<Record<string, string>>;
  readonly ulimits: Readonly<Record<string, unknown>>;
  readonly pullPolicy?: string;
  readonly platform?: string;
  readonly containerName?: string;
  readonly tty: boolean;
  readonly stdinOpen: boolean;
  readonly scale?: number;
  /** `x-*` keys of the service, `x-k8s` among them, interpolated but otherwise as written. */
  readonly extensions: Readonly<Record<string, unknown>>;
  /**
   * Keys the user wrote that the front end accepted but the model may not translate
   * (e.g. `logging`, `dns`): the model decides which of them produce a "not translated" warning.
   */
  readonly keys: readonly string[];
}

export interface ComposeVolume {
  readonly name: string;
  /** `name:` — the real volume name (for external volumes the existing one). */
  readonly externalName?: string;
  readonly external: boolean;
  readonly driver?: string;
  readonly driverOpts: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly extensions: Readonly<Record<string, unknown>>;
  readonly source: Source;
}

export interface ComposeNetwork {
  readonly name: string;
  readonly external: boolean;
  readonly internal: boolean;
  readonly driver?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly extensions: Readonly<Record<string, unknown>>;
  readonly source: Source;
}

/** Top-level `secrets:` / `configs:` entry. Exactly one of file / environment / content / external. */
export interface ComposeFileObject {
  readonly name: string;
  /** Absolute path for `file:`. */
  readonly file?: string;
  /** Variable name for `environment:`. */
  readonly environment?: string;
  /** Inline `content:` (configs only). */
  readonly content?: string;
  readonly external: boolean;
  readonly externalName?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly extensions: Readonly<Record<string, unknown>>;
  readonly source: Source;
}

export interface ComposeProject {
  /** Project name, normalized as compose does (lowercase, `[a-z0-9_-]`, starts with a letter or digit). */
  readonly name: string;
  /** Absolute project directory (the directory of the first compose file, or --project-directory). */
  readonly workingDir: string;
  /** The compose files read, in order, as the user named them. */
  readonly files: readonly string[];
  /** Active services (profiles applied), keyed and sorted by name. */
  readonly services: Readonly<Record<string, ComposeService>>;
  readonly volumes: Readonly<Record<string, ComposeVolume>>;
  readonly networks: Readonly<Record<string, ComposeNetwork>>;
  readonly secrets: Readonly<Record<string, ComposeFileObject>>;
  readonly configs: Readonly<Record<string, ComposeFileObject>>;
  /** Top-level `x-*` keys (e.g. `x-k8s`), interpolated. */
  readonly extensions: Readonly<Record<string, unknown>>;
  /**
   * The variables interpolation used (.env / --env-file, then the process environment wins).
   * Held for the explicitly insecure development mode only; never written to output.
   */
  readonly variables: ReadonlyMap<string, string>;
  /** Variables classified as secret (kept as references, never resolved). Sorted. */
  readonly secretVariables: readonly string[];
}

/** What a load read, for the report: paths relative to the project folder. */
export interface ProjectInputs {
  /**
   * Compose files in merge order: `main` (the first), `override` (the override file read
   * automatically next to it), `merged` (further -f / COMPOSE_FILE files), then `include` and
   * `extends` files.
   */
  readonly composeFiles: readonly { readonly file: string; readonly role: 'main' | 'override' | 'merged' | 'include' | 'extends' }[];
  /** The project's variables files (.env or --env-file) that exist (`usedBy` empty), then service env_files. */
  readonly envFiles: readonly { readonly file: string; readonly usedBy: readonly string[] }[];
  /** Enabled profiles, sorted. */
  readonly profiles: readonly string[];
  /** Services left out because none of their profiles is enabled. */
  readonly leftOut: readonly { readonly service: string; readonly profiles: readonly string[] }[];
}

/** What the CLI / the chart passes to the front end. */
export interface LoadOptions {
  /** Compose files in order (`-f`); empty → `COMPOSE_FILE` or the default names in `cwd`. */
  readonly files: readonly string[];
  /** Working directory for relative paths; default `process.cwd()`. */
  readonly cwd?: string;
  /** `--env-file` files (replace the default `.env` of the project directory). */
  readonly envFiles?: readonly string[];
  /** `--profile`; empty → `COMPOSE_PROFILES`. */
  readonly profiles?: readonly string[];
  /** `-p`; overrides `name:` and `COMPOSE_PROJECT_NAME`. */
  readonly projectName?: string;
  /** The process environment to use; default `process.env`. Tests pass their own. */
  readonly environment?: Readonly<Record<string, string | undefined>>;
  /** Extra variable names to treat as secret (in addition to the name rules and `x-k8s.secretVariables`). */
  readonly secretVariables?: readonly string[];
}
