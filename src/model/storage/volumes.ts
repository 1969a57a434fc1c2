/**
 * Where a service's files live on Kubernetes: named volumes → claims (standalone, or per-replica
 * volumeClaimTemplates for StatefulSets), anonymous volumes, tmpfs and the Dockerfile's VOLUMEs →
 * emptyDir, bind mounts as binds.ts decides (dropped where the image holds them, ConfigMaps, claims),
 * volumes over image content filled from the image (image-fill.ts), compose configs/secrets →
 * ConfigMap/Secret files, plus an emptyDir for every path the image must write when its root
 * filesystem is read-only.
 */
import * as fs from 'fs';
import { classifyHostPath, isCdiDevice, ComposeProject, ComposeService, ComposeVolume, VolumeMountSpec } from '../../compose';
import { Diagnostics, show } from '../../diagnostics';
import { MAX_CONFIG_BYTES } from './bind-files';
import { heldByImage, planBind } from './binds';
import { isInside } from './project-path';
import { readVolumeX } from '../extensions';
import { Fill, fillsFromImage } from './image-fill';
import { planImageVolumes } from './image-volumes';
import { StorageNames, volumeIdentity } from './identity';
import { anonymousClaim, anonymousDataPath, warnAnonymousEmptyDir } from './anon-volumes';
import { VOLUME_LABELS } from '../kompose';
import { toDnsLabel, truncateName } from '../names';
import { bytesToQuantity } from '../quantities';
import { Claim, ConfigMapModel, PodVolume, SecretContract, VolumeMount } from '../types';
import type { MountContext } from './mount-context';

/** Size of a claim when neither `x-k8s.size` nor the `kompose.volume.size` label gives one. */
export const DEFAULT_CLAIM_SIZE = '1Gi';
/** Size limit of the emptyDir behind each writable path of a read-only root filesystem. */
export const WRITABLE_PATH_SIZE = '256Mi';

/** Claims for the project's named volumes, keyed by compose volume name. */
export function planClaims(project: ComposeProject, d: Diagnostics, names?: StorageNames): Map<string, Claim> {
  const claims = new Map<string, Claim>();
  const byClaimName = new Map<string, string>();
  // Volumes that no service mounts (e.g. only one left out by profiles) become no claim: no warnings about them.
  const used = new Set(Object.values(project.services).flatMap((s) => s.volumes.flatMap((m) => (m.type === 'volume' && m.source !== undefined ? [m.source] : []))));
  for (const v of Object.values(project.volumes)) {
    const quiet = new Diagnostics();
    const c = planClaim(v, used.has(v.name) ? d : quiet);
    d.addAll(quiet.errors);
    const other = byClaimName.get(c.name);
    if (other !== undefined && !c.external) {
      d.error(v.source.file, `volumes.${v.name}`, `volumes ${show(other)} and ${show(v.name)} would both become the claim ${show(c.name)} on Kubernetes; rename one of them`);
    }
    const reported = other !== undefined && !c.external;
    byClaimName.set(c.name, v.name);
    // Two volumes on one claim name are reported once, above.
    if (!c.external && !reported && used.has(v.name)) names?.claim(c.name, volumeIdentity(v.name), `the volume ${show(v.name)}`, v.source.file, `volumes.${v.name}`);
    claims.set(v.name, c);
  }
  return claims;
}

function planClaim(v: ComposeVolume, d: Diagnostics): Claim {
  const x = readVolumeX(v.extensions['x-k8s'], v.source.file, `volumes.${v.name}.x-k8s`, d);
  for (const k of Object.keys(v.labels)) {
    if (k.startsWith('kompose.') && !VOLUME_LABELS.has(k)) d.warn(v.source.file, `volumes.${v.name}.labels.${k}`, `unknown kompose label ${show(k)}; it is ignored (see the README for the kompose labels cdk8s-compose reads)`);
  }
  const size = x.size ?? v.labels['kompose.volume.size'] ?? DEFAULT_CLAIM_SIZE;
  if (x.size === undefined && v.labels['kompose.volume.size'] === undefined && !v.external && x.existingClaim === undefined) {
    d.warn(v.source.file, `volumes.${v.name}`, `no size given; the claim requests ${DEFAULT_CLAIM_SIZE}; set x-k8s: {size: 10Gi} on the volume`);
  }
  const storageClassName = x.storageClass ?? v.labels['kompose.volume.storage-class-name'];
  const external = v.external || x.existingClaim !== undefined;
  const name = x.existingClaim ?? (v.external ? v.externalName ?? v.name : toDnsLabel(v.name));
  if (Object.keys(v.driverOpts).length > 0) {
    d.warn(v.source.file, `volumes.${v.name}.driver_opts`, 'not translated: driver options (an NFS export, a device) belong to the storage class or a pre-created claim on Kubernetes; set x-k8s.storageClass or x-k8s.existingClaim');
  }
  if (v.driver !== undefined && v.driver !== 'local') {
    d.warn(v.source.file, `volumes.${v.name}.driver`, `volume driver ${show(v.driver)} is not translated; the claim uses the cluster's storage class (set x-k8s.storageClass)`);
  }
  return {
    name,
    volume: v.name,
    size,
    accessModes: [x.accessMode ?? 'ReadWriteOnce'],
    ...(storageClassName ? { storageClassName } : {}),
    external,
    labels: {},
  };
}

export interface MountPlan {
  readonly volumes: PodVolume[];
  readonly mounts: VolumeMount[];
  /** StatefulSet volumeClaimTemplates. */
  readonly claimTemplates: Claim[];
  /** Standalone claims this pod mounts (by claim name). */
  readonly claims: Claim[];
  readonly configMaps: ConfigMapModel[];
  /** Secrets made from bind sources with secret content (binds.ts). */
  readonly secrets: SecretContract[];
  /** ConfigMaps the pod reads that the output does not hold (missing file-shaped bind sources). */
  readonly outOfBandConfigMaps: { readonly name: string; readonly key: string; readonly path: string }[];
  /** Sum of emptyDir size limits, for ephemeral-storage. */
  emptyDirBytes: number;
  /** Mount paths in use (for image env such as PGDATA). */
  readonly mountPaths: Set<string>;
  /** Volumes to fill from the image's content on the first start (one init container each). */
  readonly fills: Fill[];
  /** Device nodes are mounted as hostPaths: the container must run privileged to use them. */
  devicesMounted: boolean;
}

function configKey(fileName: string): string {
  const k = fileName.replace(/[^-._a-zA-Z0-9]/g, '_');
  return k === '' || k === '.' || k === '..' ? 'file' : k;
}

/** Plans every volume and mount of one service's main container. */
export function planMounts(ctx: MountContext, mountOverrides: Readonly<Record<string, unknown>>): MountPlan {
  const { service: s, d } = ctx;
  const plan: MountPlan = { volumes: [], mounts: [], claimTemplates: [], claims: [], configMaps: [], secrets: [], outOfBandConfigMaps: [], emptyDirBytes: 0, mountPaths: new Set(), fills: [], devicesMounted: false };
  const usedNames = new Set<string>();
  const volName = (base: string): string => {
    let n = truncateName(toDnsLabel(base), 50);
    for (let i = 2; usedNames.has(n); i++) n = `${truncateName(toDnsLabel(base), 47)}-${i}`;
    usedNames.add(n);
    return n;
  };
  const addEmptyDir = (base: string, target: string, sizeBytes?: number, memory = false, readOnly = false): string => {
    const name = volName(base);
    const size = sizeBytes !== undefined ? bytesToQuantity(sizeBytes) : WRITABLE_PATH_SIZE;
    plan.emptyDirBytes += sizeBytes ?? 256 * 1024 * 1024;
    plan.volumes.push({ name, emptyDir: { ...(memory ? { medium: 'Memory' as const } : {}), sizeLimit: size } });
    plan.mounts.push({ name, mountPath: target, ...(readOnly ? { readOnly: true } : {}) });
    plan.mountPaths.add(target);
    return name;
  };
  const fill = (volume: string, target: string, what: string, where: VolumeMountSpec['sourceInfo'], subPath?: string): void => {
    if (fillsFromImage(ctx, target, what, where)) plan.fills.push({ volume, path: target, ...(subPath ? { subPath } : {}) });
  };

  /** Mounts a claim (a volumeClaimTemplate in a multi-replica StatefulSet); returns the pod volume's name. */
  const mountClaim = (claim: Claim, base: string, m: Extract<VolumeMountSpec, { type: 'volume' }>): string => {
    const name = volName(base);
    if (ctx.statefulSet && !claim.external) {
      plan.claimTemplates.push({ ...claim, name });
    } else {
      plan.volumes.push({ name, persistentVolumeClaim: { claimName: claim.name, ...(m.readOnly ? { readOnly: true } : {}) } });
      plan.claims.push(claim);
    }
    plan.mounts.push({ name, mountPath: m.target, ...(m.readOnly ? { readOnly: true } : {}), ...(m.subpath ? { subPath: m.subpath } : {}) });
    plan.mountPaths.add(m.target);
    return name;
  };

  const mounts = [...s.volumes, ...s.tmpfs];
  // Bind mounts of the build context that the image holds: dropped, with the anonymous volumes under them.
  const held = new Map<string, string>();
  for (const m of mounts) if (m.type === 'bind' && mountOverrides[m.target] === undefined && heldByImage(s, m)) held.set(m.target, m.sourceAsWritten);
  const heldOver = (target: string) => [...held.keys()].find((t) => isInside(target, t));
  for (const m of mounts) {
    const override = mountOverrides[m.target];
    if (override !== undefined) {
      const volume = applyOverride(ctx, plan, m, override, volName, addEmptyDir);
      if (ctx.fillFromImage?.includes(m.target)) plan.fills.push({ volume, path: m.target });
      continue;
    }
    switch (m.type) {
      case 'volume': {
        if (m.source === undefined) {
          const over = heldOver(m.target);
          if (over !== undefined) {
            d.warn(
              m.sourceInfo.file,
              m.sourceInfo.path,
              `anonymous volume ${show(m.target)} lies under ${show(over)}, where the bind mount ${show(held.get(over))} was dropped because the image holds it; dropped too, so that what the image has there (e.g. installed dependencies) is not hidden by an empty volume`,
            );
            break;
          }
          if (anonymousDataPath(ctx, m.target) === undefined) {
            warnAnonymousEmptyDir(ctx, m.target, m.sourceInfo);
            const name = addEmptyDir(`anon${m.target}`, m.target, undefined, false, m.readOnly);
            if (!m.nocopy) fill(name, m.target, 'anonymous volume', m.sourceInfo);
            break;
          }
          const name = mountClaim(anonymousClaim(ctx, m.target, m.sourceInfo), `anon${m.target}`, m);
          if (!m.nocopy) fill(name, m.target, 'anonymous volume', m.sourceInfo);
          break;
        }
        const claim = ctx.claims.get(m.source);
        if (!claim) break; // the front end reports undeclared volumes
        const name = mountClaim(claim, m.source, m);
        if (!m.nocopy && !claim.external) fill(name, m.target, `named volume ${show(m.source)}`, m.sourceInfo, m.subpath);
        break;
      }
      case 'tmpfs':
        addEmptyDir(`tmpfs${m.target}`, m.target, m.size, true);
        break;
      case 'bind': {
        if (held.has(m.target)) {
          d.warn(m.sourceInfo.file, m.sourceInfo.path, `bind mount ${show(m.sourceAsWritten)} is copied to ${show(m.target)} by the Dockerfile ${show(s.build?.image?.dockerfile)}; dropped (the image holds it: rebuild the image to change it)`);
          break;
        }
        // The node's own paths first: the Docker socket, time-zone files, system paths.
        if (!planHostBind(ctx, plan, m, volName)) break;
        const r = planBind(ctx, m, volName);
        if (r.configMap) plan.configMaps.push(r.configMap);
        if (r.secret) plan.secrets.push(r.secret);
        if (r.outOfBandConfigMap) plan.outOfBandConfigMaps.push(r.outOfBandConfigMap);
        if (r.claim && r.volume && ctx.statefulSet) plan.claimTemplates.push({ ...r.claim, name: r.volume.name });
        else if (r.claim) plan.claims.push(r.claim);
        if (r.volume && !(r.claim && ctx.statefulSet)) plan.volumes.push(r.volume);
        if (r.mount) {
          plan.mounts.push(r.mount);
          plan.mountPaths.add(m.target);
        }
        break;
      }
      default:
        d.error(m.sourceInfo.file, m.sourceInfo.path, `volume type ${show(m.type)} cannot be translated; use a named volume, a bind-mounted project file, or tmpfs`);
    }
  }

  // The Dockerfile's VOLUMEs: Docker makes an anonymous volume there unless compose mounts one.
  for (const v of s.build?.image?.volumes ?? []) {
    if (plan.mountPaths.has(v) || heldOver(v) !== undefined || mountOverrides[v] !== undefined) continue;
    const name = addEmptyDir(`vol${v}`, v);
    fill(name, v, `VOLUME ${show(v)} of the Dockerfile`, { file: s.source.file, path: `services.${s.name}.build` });
  }

  planImageVolumes(ctx, plan, (v) => heldOver(v) !== undefined || mountOverrides[v] !== undefined, volName, { file: s.source.file, path: `services.${s.name}.image`, service: s.name });

  if (s.shmSize !== undefined && !plan.mountPaths.has('/dev/shm')) addEmptyDir('dshm', '/dev/shm', s.shmSize, true);
  planDevices(ctx, plan, volName);

  for (const grant of s.configs) planFileGrant(ctx, plan, grant, 'config', volName);
  for (const grant of s.secrets) planFileGrant(ctx, plan, grant, 'secret', volName);

  for (const p of ctx.writablePaths) {
    if ([...plan.mountPaths].some((m) => isInside(p, m))) continue;
    addEmptyDir(p === '/tmp' ? 'tmp' : `rw${p}`, p);
  }
  return plan;
}

type AddEmptyDir = (base: string, target: string, sizeBytes?: number, memory?: boolean, readOnly?: boolean) => string;

/** Applies an x-k8s.mounts entry; returns the pod volume's name. */
function applyOverride(ctx: MountContext, plan: MountPlan, m: VolumeMountSpec, override: unknown, volName: (b: string) => string, addEmptyDir: AddEmptyDir): string {
  if (override === 'emptyDir') return addEmptyDir(`data${m.target}`, m.target);
  const o = override as { claim: string; size?: string; accessMode?: Claim['accessModes'][number]; storageClass?: string };
  const claim: Claim = {
    name: toDnsLabel(o.claim),
    volume: o.claim,
    size: o.size ?? DEFAULT_CLAIM_SIZE,
    accessModes: [o.accessMode ?? 'ReadWriteOnce'],
    ...(o.storageClass ? { storageClassName: o.storageClass } : {}),
    external: false,
    labels: {},
  };
  ctx.names?.claim(claim.name, `pinned:${claim.name}`, `the claim ${show(o.claim)} pinned by x-k8s.mounts`, m.sourceInfo.file, m.sourceInfo.path);
  const name = volName(o.claim);
  if (ctx.statefulSet) plan.claimTemplates.push({ ...claim, name });
  else {
    plan.volumes.push({ name, persistentVolumeClaim: { claimName: claim.name } });
    plan.claims.push(claim);
  }
  plan.mounts.push({ name, mountPath: m.target });
  plan.mountPaths.add(m.target);
  return name;
}

function planFileGrant(
  ctx: MountContext,
  plan: MountPlan,
  grant: ComposeService['secrets'][number],
  kind: 'config' | 'secret',
  volName: (b: string) => string,
): void {
  const { project, d } = ctx;
  const def = kind === 'config' ? project.configs[grant.source] : project.secrets[grant.source];
  if (!def) return;
  const name = volName(`${kind}-${grant.source}`);
  const key = configKey(grant.source);
  const item = { key, path: key, ...(grant.mode !== undefined ? { mode: grant.mode } : {}) };
  if (kind === 'config') {
    let cmName: string;
    if (def.external) cmName = def.externalName ?? def.name;
    else {
      cmName = toDnsLabel(def.name);
      let data: string | undefined;
      if (def.content !== undefined) data = def.content;
      else if (def.file !== undefined) {
        try {
          const buf = fs.readFileSync(def.file);
          if (buf.length > MAX_CONFIG_BYTES) d.error(def.source.file, `${def.source.path}.file`, `config file is larger than ${MAX_CONFIG_BYTES / 1024} KiB; too big for a ConfigMap`);
          data = buf.toString('utf8');
        } catch {
          // A missing file is a warning (missing-files.ts): the ConfigMap is created out of band.
          if (fs.existsSync(def.file)) d.error(def.source.file, `${def.source.path}.file`, `config file ${show(def.file)} cannot be read`);
        }
      } else if (def.environment !== undefined) {
        data = project.variables.get(def.environment) ?? '';
      }
      if (data !== undefined && !plan.configMaps.some((c) => c.name === cmName)) plan.configMaps.push({ name: cmName, data: { [key]: data }, origin: `configs.${def.name}` });
    }
    plan.volumes.push({ name, configMap: { name: cmName, items: [item] } });
  } else {
    const secretName = def.external
      ? def.externalName ?? def.name
      : def.environment !== undefined
        ? ctx.variableSecret
        : toDnsLabel(`${project.name}-${def.name}`);
    const secretKey = def.environment !== undefined && !def.external ? def.environment : key;
    plan.volumes.push({ name, secret: { secretName, items: [{ ...item, key: secretKey }] } });
  }
  plan.mounts.push({ name, mountPath: grant.target, readOnly: true, subPath: key });
  plan.mountPaths.add(grant.target);
}

/** The Kubernetes way to what the Docker API socket is mounted for. */
export const DOCKER_SOCKET_FIX =
  'nodes run containerd, so there is no Docker API to mount; use the Kubernetes way instead: the Kubernetes API through a ServiceAccount with RBAC (e.g. Traefik\'s Kubernetes provider instead of its Docker provider, a Kubernetes API client instead of a Docker client); remove it';

/**
 * Binds of the node's own paths, decided before project files: the Docker socket (refused in every
 * mode), time-zone files (dropped: set TZ), system paths (a hostPath with x-k8s.podSecurity:
 * privileged, an error otherwise). False when the bind is done with; true when it is none of them.
 */
function planHostBind(ctx: MountContext, plan: MountPlan, m: Extract<VolumeMountSpec, { type: 'bind' }>, volName: (b: string) => string): boolean {
  const { d, project } = ctx;
  const where = m.sourceInfo;
  const host = classifyHostPath(m.source);
  if (host.kind === 'docker-socket') {
    d.error(where.file, where.path, `the Docker API socket ${show(m.sourceAsWritten)} cannot be mounted on Kubernetes: ${DOCKER_SOCKET_FIX}`);
    return false;
  }
  if (host.kind === 'time-zone') {
    d.warn(
      where.file,
      where.path,
      `bind mount ${show(m.sourceAsWritten)} (the host's time zone) is dropped: a pod cannot read the node's time zone file, and nodes usually run in UTC; set the zone with the environment variable TZ instead (e.g. TZ: Europe/Berlin) if the image reads it`,
    );
    return false;
  }
  if (host.kind !== 'system' || isInside(m.source, project.workingDir)) return true;
  const allowed = ctx.access.require(
    where.path,
    `bind mount of the node's system path ${show(m.sourceAsWritten)}`,
    'privileged',
    `${host.root === '/' ? 'the root of the node' : `${host.root} belongs to the node`}; only a hostPath volume can mount it`,
    'remove it',
  );
  if (!allowed) return false;
  const name = volName(`host${m.source === '/' ? '-root' : m.source}`);
  plan.volumes.push({ name, hostPath: { path: m.source } });
  plan.mounts.push({ name, mountPath: m.target, ...(m.readOnly ? { readOnly: true } : {}) });
  plan.mountPaths.add(m.target);
  return false;
}

/** `devices`: device nodes as hostPath volumes of a privileged container (x-k8s.podSecurity: privileged). */
function planDevices(ctx: MountContext, plan: MountPlan, volName: (b: string) => string): void {
  const { service: s, d } = ctx;
  s.devices.forEach((spec, i) => {
    const at = `services.${s.name}.devices[${i}]`;
    const [source, target = source] = spec.split(':');
    if (isCdiDevice(spec)) {
      d.error(
        s.source.file,
        at,
        `CDI device ${show(spec)} cannot be rendered: Kubernetes hands out such devices through a device plugin; install the plugin and request its resource (e.g. nvidia.com/gpu: 1) in the container's resources with a kustomize patch, and remove the device`,
      );
      return;
    }
    const allowed = ctx.access.require(
      at,
      `device ${show(spec)}`,
      'privileged',
      'Kubernetes mounts a device node only as a hostPath volume of a privileged container, or through a device plugin',
      'remove it (or give the device through a device plugin)',
    );
    if (!allowed) return;
    const name = volName(`dev${source}`);
    plan.volumes.push({ name, hostPath: { path: source } });
    plan.mounts.push({ name, mountPath: target });
    plan.mountPaths.add(target);
    plan.devicesMounted = true;
  });
  if (plan.devicesMounted && !s.privileged) {
    d.warn(
      s.source.file,
      `services.${s.name}.devices`,
      'device nodes are mounted as hostPath volumes and the container runs privileged: without a device plugin, only a privileged container may open a device node; with a plugin for the device, request its resource instead',
    );
  }
}
