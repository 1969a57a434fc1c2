/**
 * `x-k8s`: the one place for Kubernetes-only settings, on a service, a volume, or the top level.
 * Validated like the rest of the compose file: every problem is reported with its path.
 */
import { didYouMean } from '../compose';
import { Diagnostics, show } from '../diagnostics';
import { isProfileName, PROFILE_NAMES, ProfileName } from './images';

export interface ServiceX {
  readonly kind?: 'deployment' | 'statefulset' | 'daemonset' | 'job';
  readonly role?: 'migration';
  readonly serviceType?: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'Headless';
  /** A command run in an init container of this service (its image, its environment) until it succeeds. */
  readonly migrationGate?: { readonly command: readonly string[] };
  /**
   * true: read-only root filesystem, with emptyDirs for /tmp and the paths the image writes; false:
   * writable. Default: read-only where the write paths are known (an image profile, writablePaths,
   * compose `read_only: true`, or the top-level x-k8s.readOnlyRootFilesystem), else writable.
   */
  readonly readOnlyRootFilesystem?: boolean;
  /** The paths the image writes outside its volumes (an emptyDir each); giving them makes the root read-only. */
  readonly writablePaths?: readonly string[];
  /** The image profile (src/model/image-profiles.ts) to use for an image that does not match one by name. */
  readonly profile?: ProfileName;
  /** Numeric UID for images whose user we do not know and compose does not set. */
  readonly runAsUser?: number;
  readonly imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  /** HorizontalPodAutoscaler: replicas between min and max, at `cpu` percent of the CPU request. */
  readonly autoscale?: { readonly min?: number; readonly max: number; readonly cpu?: number };
  /** An Ingress to the service's Service. */
  readonly ingress?: {
    readonly host: string | readonly string[];
    readonly path?: string;
    readonly port?: number;
    readonly tls?: boolean | string;
    readonly className?: string;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  /** A Gateway API HTTPRoute to the service's Service (src/model/routes.ts). */
  readonly route?: RouteX;
  /**
   * Environment names whose literal secret value is accepted on purpose (throwaway demos). The value
   * is still never written: it becomes a key of the project's Secret (written only by `--secrets inline`).
   */
  readonly allowLiteralSecrets?: readonly string[];
  /** Restrict egress to DNS, services on shared networks, the API server for gates, and these CIDRs. */
  readonly egress?: { readonly allow?: readonly string[] };
  /** Bind mounts to translate otherwise: target path → `emptyDir` or a claim. */
  readonly mounts?: Readonly<Record<string, unknown>>;
  /** Host access by opt-in (pod-security.ts); default: none, the pod passes Pod Security "restricted". */
  readonly podSecurity?: 'baseline' | 'privileged';
  /** Mount paths whose volumes an init container fills from the image on the first start (as Docker fills an empty volume). */
  readonly fillFromImage?: readonly string[];
}

/** `x-k8s.route`: only `hosts` is required; the rest defaults as documented in src/model/routes.ts. */
export interface RouteX {
  readonly hosts: string | readonly string[];
  readonly path?: string;
  /** The Service port (as for x-k8s.ingress). */
  readonly port?: number;
  /** The parent Gateway, `NAMESPACE/NAME`. */
  readonly gateway?: string;
  /** The Gateway listener. */
  readonly sectionName?: string;
  /** The namespace the gateway's data plane runs in: the only one its NetworkPolicy admits. */
  readonly gatewayNamespace?: string;
}

export interface VolumeX {
  readonly size?: string;
  readonly storageClass?: string;
  readonly accessMode?: 'ReadWriteOnce' | 'ReadWriteMany' | 'ReadOnlyMany' | 'ReadWriteOncePod';
  /** Use this existing claim instead of creating one. */
  readonly existingClaim?: string;
}

export interface ProjectX {
  readonly secretVariables?: readonly string[];
  /** Default of `--secrets`. */
  readonly secretProvider?: 'external' | 'external-secrets' | 'inline';
  /** Default of `--secret-store`. */
  readonly secretStore?: string;
  /** Namespace of the ingress controller: published ports accept traffic only from there. */
  readonly ingressNamespace?: string;
  readonly gateImages?: { readonly wait?: string; readonly jobWait?: string };
  /** Default of every service's x-k8s.readOnlyRootFilesystem. */
  readonly readOnlyRootFilesystem?: boolean;
  /** Default parent Gateway of the routes, `NAMESPACE/NAME` (`--gateway` wins). */
  readonly gateway?: string;
  /** Namespace of the gateway's data plane: routed ports accept traffic only from there. */
  readonly gatewayNamespace?: string;
}

type Check = (value: unknown, path: string) => string | undefined;

const oneOf = (...allowed: string[]): Check => (v) =>
  typeof v === 'string' && allowed.includes(v) ? undefined : `invalid value ${show(v)}; expected one of ${allowed.join(', ')}`;
const bool: Check = (v) => (typeof v === 'boolean' ? undefined : `invalid value ${show(v)}; expected true or false`);
const str: Check = (v) => (typeof v === 'string' && v !== '' ? undefined : `invalid value ${show(v)}; expected a non-empty string`);
const quantity: Check = (v) =>
  typeof v === 'string' && /^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$/.test(v)
    ? undefined
    : `invalid size ${show(v)}; expected a quantity like "10Gi" or "500Mi"`;
const profileName: Check = (v) =>
  typeof v === 'string' && isProfileName(v)
    ? undefined
    : `unknown image profile ${show(v)}${didYouMean(String(v), PROFILE_NAMES, `; expected one of ${PROFILE_NAMES.join(', ')}`)}`;
const uid: Check = (v) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? undefined : `invalid user ${show(v)}; expected a numeric UID greater than 0`);
const strList: Check = (v) =>
  Array.isArray(v) && v.every((x) => typeof x === 'string') ? undefined : `invalid value ${show(v)}; expected a list of strings`;
const command: Check = (v) =>
  typeof v === 'string' || (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string'))
    ? undefined
    : `invalid command ${show(v)}; expected a string or a list of strings`;
/** A mapping whose keys are `fields`, each value checked; the first problem is reported. */
const mapping = (fields: Record<string, Check>): Check => (v, path) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return `invalid value ${show(v)}; expected a mapping`;
  for (const [k, x] of Object.entries(v)) {
    const check = fields[k];
    if (!check) return `unknown key ${show(k)} in ${path}; expected one of ${Object.keys(fields).join(', ')}`;
    const problem = check(x, `${path}.${k}`);
    if (problem) return problem;
  }
  return undefined;
};

const positiveInt: Check = (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 ? undefined : `invalid value ${show(v)}; expected a whole number of at least 1`);
const percent: Check = (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 100 ? undefined : `invalid value ${show(v)}; expected a percentage from 1 to 100`);
const port: Check = (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535 ? undefined : `invalid port ${show(v)}; expected a number from 1 to 65535`);
const absPath: Check = (v) => (typeof v === 'string' && v.startsWith('/') ? undefined : `invalid path ${show(v)}; expected a path starting with "/"`);
const boolOrStr: Check = (v) => (typeof v === 'boolean' || (typeof v === 'string' && v !== '') ? undefined : `invalid value ${show(v)}; expected true, false or a TLS Secret name`);
const hostname = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const hostList: Check = (v) =>
  (typeof v === 'string' && hostname.test(v)) || (Array.isArray(v) && v.length > 0 && v.every((h) => typeof h === 'string' && hostname.test(h)))
    ? undefined
    : `invalid host ${show(v)}; expected a DNS name like "app.example.com" or a list of them`;
const stringMap: Check = (v) =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string')
    ? undefined
    : `invalid value ${show(v)}; expected a mapping of strings`;
const CIDR = /^(([0-9]{1,3}\.){3}[0-9]{1,3}\/[0-9]{1,2}|[0-9a-fA-F:]+\/[0-9]{1,3})$/;
const cidrList: Check = (v) =>
  Array.isArray(v) && v.every((c) => typeof c === 'string' && CIDR.test(c)) ? undefined : `invalid value ${show(v)}; expected a list of CIDRs like "10.0.0.0/8"`;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const namespace: Check = (v) =>
  typeof v === 'string' && v.length <= 63 && DNS_LABEL.test(v) ? undefined : `invalid namespace ${show(v)}; expected a DNS label like "envoy-gateway-system"`;
/** `NAMESPACE/NAME` of a Gateway (a namespace is a DNS label, a Gateway name a DNS subdomain). */
export const GATEWAY_REF = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\/([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)$/;
const gatewayRef: Check = (v) =>
  typeof v === 'string' && GATEWAY_REF.test(v) && v.split('/')[0].length <= 63 && v.split('/')[1].length <= 253
    ? undefined
    : `invalid gateway ${show(v)}; expected NAMESPACE/NAME of a Gateway, like "infra/public"`;
const sectionName: Check = (v) =>
  typeof v === 'string' && v.length <= 253 && hostname.test(v) && !v.startsWith('*')
    ? undefined
    : `invalid sectionName ${show(v)}; expected the name of a listener of the Gateway, like "https"`;
/** The rules the HTTPRoute CRD applies to a PathPrefix value (its x-kubernetes-validations). */
const routePath: Check = (v) => {
  const bad = (why: string) => `invalid path ${show(v)}; ${why}`;
  if (typeof v !== 'string' || !v.startsWith('/')) return bad('expected a path starting with "/"');
  if (v.length > 1024) return bad('expected at most 1024 characters');
  for (const s of ['//', '/./', '/../', '%2f', '%2F', '#']) if (v.includes(s)) return bad(`a route path must not contain "${s}"`);
  if (v.endsWith('/..') || v.endsWith('/.')) return bad('a route path must not end in "/." or "/.."');
  if (!/^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})+$/.test(v)) return bad('expected only URL path characters (others percent-encoded)');
  return undefined;
};
const routeHosts: Check = (v) => {
  const list = typeof v === 'string' ? [v] : Array.isArray(v) && v.length > 0 ? v : undefined;
  if (!list) return `invalid hosts ${show(v)}; expected a list of DNS names like [app.example.com]`;
  const bad = list.find((h) => typeof h !== 'string' || !hostname.test(h) || h.length > 253);
  if (bad !== undefined) return `invalid host ${show(bad)}; expected a lowercase DNS name like "app.example.com" (or "*.example.com")`;
  return list.length > 16 ? `invalid hosts: ${list.length} host names; an HTTPRoute takes at most 16` : undefined;
};
const mountMap: Check = (v) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return `invalid value ${show(v)}; expected a mapping of container paths to emptyDir or {claim: NAME, size: 1Gi}`;
  for (const [target, how] of Object.entries(v)) {
    if (!target.startsWith('/')) return `invalid path ${show(target)}; expected a container path starting with "/"`;
    const claim = how as { claim?: unknown; size?: unknown };
    if (how !== 'emptyDir' && !(typeof how === 'object' && how !== null && typeof claim.claim === 'string' && (claim.size === undefined || quantity(claim.size, target) === undefined))) {
      return `invalid value ${show(how)} for ${target}; expected emptyDir or {claim: NAME, size: 1Gi}`;
    }
  }
  return undefined;
};

const SERVICE_FIELDS: Record<string, Check> = {
  kind: oneOf('deployment', 'statefulset', 'daemonset', 'job'),
  role: oneOf('migration'),
  serviceType: oneOf('ClusterIP', 'NodePort', 'LoadBalancer', 'Headless'),
  migrationGate: mapping({ command }),
  autoscale: (v, p) =>
    mapping({ min: positiveInt, max: positiveInt, cpu: percent })(v, p) ??
    ((v as { max?: unknown }).max === undefined ? `missing max in ${p}; expected {min: 2, max: 5, cpu: 70}` : undefined),
  ingress: (v, p) =>
    mapping({ host: hostList, path: absPath, port: port, tls: boolOrStr, className: str, annotations: stringMap })(v, p) ??
    ((v as { host?: unknown }).host === undefined ? `missing host in ${p}; expected {host: app.example.com}` : undefined),
  route: (v, p) =>
    mapping({ hosts: routeHosts, path: routePath, port, gateway: gatewayRef, sectionName, gatewayNamespace: namespace })(v, p) ??
    ((v as { hosts?: unknown }).hosts === undefined ? `missing hosts in ${p}; expected {hosts: [app.example.com]}` : undefined),
  mounts: mountMap,
  fillFromImage: (v) =>
    Array.isArray(v) && v.every((p) => typeof p === 'string' && p.startsWith('/')) ? undefined : `invalid value ${show(v)}; expected a list of container paths starting with "/"`,
  egress: (v, p) => mapping({ allow: cidrList })(v, p),
  allowLiteralSecrets: strList,
  readOnlyRootFilesystem: bool,
  writablePaths: (v) => strList(v, '') ?? ((v as string[]).every((p) => p.startsWith('/')) ? undefined : `invalid path ${show((v as string[]).find((p) => !p.startsWith('/')))}; expected container paths starting with "/"`),
  profile: profileName,
  runAsUser: uid,
  imagePullPolicy: oneOf('Always', 'IfNotPresent', 'Never'),
  podSecurity: oneOf('baseline', 'privileged'),
};
const VOLUME_FIELDS: Record<string, Check> = {
  size: quantity,
  storageClass: str,
  accessMode: oneOf('ReadWriteOnce', 'ReadWriteMany', 'ReadOnlyMany', 'ReadWriteOncePod'),
  existingClaim: str,
};
const PROJECT_FIELDS: Record<string, Check> = {
  ingressNamespace: str,
  secretVariables: strList,
  secretProvider: oneOf('external', 'external-secrets', 'inline'),
  secretStore: str,
  gateImages: mapping({ wait: str, jobWait: str }),
  readOnlyRootFilesystem: bool,
  gateway: gatewayRef,
  gatewayNamespace: namespace,
};

function read<T>(raw: unknown, fields: Record<string, Check>, file: string, path: string, d: Diagnostics): T {
  if (raw === undefined || raw === null) return {} as T;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    d.error(file, path, `invalid value ${show(raw)}; expected a mapping of Kubernetes settings`);
    return {} as T;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    const check = fields[k];
    if (!check) {
      d.error(file, `${path}.${k}`, `unknown key ${show(k)}; expected one of ${Object.keys(fields).join(', ')}`);
      continue;
    }
    const problem = check(v, `${path}.${k}`);
    if (problem) d.error(file, `${path}.${k}`, problem);
    else out[k] = v;
  }
  return out as T;
}

export function readServiceX(raw: unknown, file: string, path: string, d: Diagnostics): ServiceX {
  const x = read<Record<string, unknown>>(raw, SERVICE_FIELDS, file, path, d);
  const gate = x.migrationGate as { command?: unknown } | undefined;
  if (gate && gate.command !== undefined) {
    const cmd = typeof gate.command === 'string' ? ['sh', '-c', gate.command] : (gate.command as string[]);
    return { ...x, migrationGate: { command: cmd } } as ServiceX;
  }
  return x as ServiceX;
}

export function readVolumeX(raw: unknown, file: string, path: string, d: Diagnostics): VolumeX {
  return read<VolumeX>(raw, VOLUME_FIELDS, file, path, d);
}

export function readProjectX(raw: unknown, file: string, path: string, d: Diagnostics): ProjectX {
  return read<ProjectX>(raw, PROJECT_FIELDS, file, path, d);
}

/** The keys `x-k8s` accepts on a service, a volume and the top level (documented in the README). */
export const X_K8S_KEYS = {
  service: Object.keys(SERVICE_FIELDS),
  volume: Object.keys(VOLUME_FIELDS),
  project: Object.keys(PROJECT_FIELDS),
} as const;
