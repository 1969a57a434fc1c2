/**
 * `x-k8s`: the one place for Kubernetes-only settings, on a service, a volume, or the top level.
 * Validated like the rest of the compose file: every problem is reported with its path.
 */
import { Diagnostics, show } from '../diagnostics';

export interface ServiceX {
  readonly kind?: 'deployment' | 'statefulset' | 'daemonset' | 'job';
  readonly role?: 'migration';
  readonly serviceType?: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'Headless';
  /** A command run in an init container of this service (its image, its environment) until it succeeds. */
  readonly migrationGate?: { readonly command: readonly string[] };
  /** Default true: the root filesystem is read-only, with emptyDirs for the paths the image writes. */
  readonly readOnlyRootFilesystem?: boolean;
  /** Extra writable paths (emptyDir) for images that write outside their volumes. */
  readonly writablePaths?: readonly string[];
  /** Numeric UID for images whose user we do not know and compose does not set. */
  readonly runAsUser?: number;
  readonly imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
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
  readonly gateImages?: { readonly wait?: string; readonly jobWait?: string };
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
const uid: Check = (v) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? undefined : `invalid user ${show(v)}; expected a numeric UID greater than 0`);
const strList: Check = (v) =>
  Array.isArray(v) && v.every((x) => typeof x === 'string') ? undefined : `invalid value ${show(v)}; expected a list of strings`;
const command: Check = (v) =>
  typeof v === 'string' || (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string'))
    ? undefined
    : `invalid command ${show(v)}; expected a string or a list of strings`;
const mapping = (fields: Record<string, Check>): Check => (v, path) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return `invalid value ${show(v)}; expected a mapping`;
  for (const k of Object.keys(v)) if (!(k in fields)) return `unknown key ${show(k)} in ${path}; expected one of ${Object.keys(fields).join(', ')}`;
  return undefined;
};

const SERVICE_FIELDS: Record<string, Check> = {
  kind: oneOf('deployment', 'statefulset', 'daemonset', 'job'),
  role: oneOf('migration'),
  serviceType: oneOf('ClusterIP', 'NodePort', 'LoadBalancer', 'Headless'),
  migrationGate: mapping({ command }),
  readOnlyRootFilesystem: bool,
  writablePaths: strList,
  runAsUser: uid,
  imagePullPolicy: oneOf('Always', 'IfNotPresent', 'Never'),
};
const VOLUME_FIELDS: Record<string, Check> = {
  size: quantity,
  storageClass: str,
  accessMode: oneOf('ReadWriteOnce', 'ReadWriteMany', 'ReadOnlyMany', 'ReadWriteOncePod'),
  existingClaim: str,
};
const PROJECT_FIELDS: Record<string, Check> = {
  secretVariables: strList,
  secretProvider: oneOf('external', 'external-secrets', 'inline'),
  secretStore: str,
  gateImages: mapping({ wait: str, jobWait: str }),
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
