/**
 * Pod Security for every pod: which compose keys need host access (errors naming the level they
 * need, unless `x-k8s.podSecurity` allows it: pod-security.ts), which user the pod runs as, and
 * which capabilities it keeps.
 */
import { ComposeService } from '../../compose';
import { Diagnostics, show } from '../../diagnostics';
import { dockerfileUser } from './dockerfile-user';
import { ServiceX } from '../extensions';
import { ImageProfile } from '../images';
import { Container } from '../types';
import { capabilityLevel, capabilityName, capabilityReason, HostAccess } from './pod-security';
import type { UserPlan } from './user-plan';

/** UID/GID used when neither compose nor the image profile tells which user the image runs as. */
export const FALLBACK_UID = 65532;

/** `user: root` / UID 0: allowed from Pod Security "baseline" on; the pod runs as 0 (else the fallback UID, after the error). */
function rootUser(s: ComposeService, access: HostAccess, gid: number): UserPlan {
  const ok = access.require(
    `services.${s.name}.user`,
    `user ${show(s.user)} (root)`,
    'baseline',
    'restricted forbids root',
    'use the non-root UID:GID the image provides (e.g. "1000:1000")',
  );
  return ok ? { uid: 0, gid } : { uid: FALLBACK_UID, gid: FALLBACK_UID };
}

/**
 * The numeric user an image is known to run as when no profile describes it (e.g. the last `USER`
 * of a `build:` service's Dockerfile, when it is numeric). `source` names where it was read.
 */
export interface ImageUser {
  readonly uid: number;
  readonly gid?: number;
  readonly source: string;
}

/** How to find the image's user, for the warnings that ask for `user:`. */
const FIND_USER = `docker image inspect -f '{{.Config.User}}' IMAGE gives the image's USER; for a name, docker run --rm --entrypoint id IMAGE gives its numbers`;

/**
 * Compose `user` (`"1000:1000"`, `"1000"`, `"app"`), else x-k8s.runAsUser, else a `build:`
 * service's Dockerfile USER, else the image's known user (`imageUser`), else the image profile,
 * else FALLBACK_UID with a warning (code image-user).
 */
export function planUser(s: ComposeService, x: ServiceX, profile: ImageProfile | undefined, access: HostAccess, d: Diagnostics, imageUser?: ImageUser): UserPlan {
  const path = `services.${s.name}.user`;
  if (s.user !== undefined && /^:?$/.test(s.user.trim())) {
    d.warn(s.source.file, path, `user ${show(s.user)} is empty (unset variables?); ignored`);
  } else if (s.user !== undefined) {
    const m = /^([0-9]+)(?::([0-9]+))?$/.exec(s.user);
    if (m) {
      const uid = Number(m[1]);
      // Docker puts a bare UID in group 0; Kubernetes "restricted" wants a non-root group too.
      const gid = m[2] !== undefined ? Number(m[2]) : uid;
      if (uid === 0) return rootUser(s, access, m[2] !== undefined ? gid : 0);
      if (gid === 0) {
        // Allowed by Pod Security "restricted"; images built for arbitrary UIDs rely on the root group.
        d.warn(s.source.file, path, `runs with group 0 (root group) ${show(s.user)}; kept because the image's files may need it, but prefer a non-zero GID`);
      }
      return { uid, gid };
    }
    const root = /^root(?::(.*))?$/.exec(s.user);
    if (root) return rootUser(s, access, root[1] !== undefined && /^[0-9]+$/.test(root[1]) ? Number(root[1]) : 0);
    const uid = x.runAsUser ?? profile?.uid ?? FALLBACK_UID;
    d.warn(
      s.source.file,
      path,
      `user ${show(s.user)} is a name; Kubernetes needs a numeric UID to enforce non-root, so the pod runs as ${uid}; write the numeric "UID:GID" of that user instead (${FIND_USER})`,
      // Needs attention only when nothing says which user that is.
      x.runAsUser === undefined && !profile ? 'image-user' : undefined,
      s.name,
    );
    return { uid, gid: profile && uid === profile.uid ? profile.gid : uid };
  }
  if (x.runAsUser !== undefined) return { uid: x.runAsUser, gid: x.runAsUser };
  // A build: service runs what its Dockerfile builds.
  if (s.build?.image) return dockerfileUser(s, s.build.image, FALLBACK_UID, d);
  if (imageUser) return { uid: imageUser.uid, gid: imageUser.gid ?? imageUser.uid };
  if (profile) return { uid: profile.uid, gid: profile.gid };
  d.warn(
    s.source.file,
    `services.${s.name}`,
    `the image's user is unknown and compose sets no user, so the pod runs as UID/GID ${FALLBACK_UID} (Kubernetes can enforce non-root only for a numeric user: an image whose USER is a name fails to start with runAsNonRoot alone); set user: "UID:GID" to the image's user (${FIND_USER}), or x-k8s.profile when it is an official image under another name`,
    'image-user',
    s.name,
  );
  return { uid: FALLBACK_UID, gid: FALLBACK_UID };
}

/** The host access a service's compose keys ask for, as far as its `x-k8s.podSecurity` allows. */
export interface SecurityPlan {
  /** Capabilities to add (Kubernetes spelling), sorted. */
  readonly capabilitiesAdd: string[];
  /** `cap_drop` (Kubernetes spelling), sorted: honoured for containers that run as root. */
  readonly capabilitiesDrop: string[];
  readonly privileged: boolean;
  readonly hostNetwork: boolean;
  readonly hostPID: boolean;
  readonly hostIPC: boolean;
  readonly seccompUnconfined: boolean;
  readonly apparmorUnconfined: boolean;
}

/** Checks every compose key that Pod Security "restricted" forbids against the opt-in; returns what to render. */
export function planSecurity(s: ComposeService, access: HostAccess, d: Diagnostics): SecurityPlan {
  const file = s.source.file;
  const at = (k: string) => `services.${s.name}.${k}`;
  const remove = 'remove it';
  const privileged = s.privileged && access.require(at('privileged'), 'privileged: true', 'privileged', 'the container gets every capability and device of the node', remove);
  let hostNetwork = false;
  if (s.networkMode !== undefined) {
    if (s.networkMode === 'host') hostNetwork = access.require(at('network_mode'), 'network_mode "host"', 'privileged', "the pod shares the node's network", remove);
    else if (s.networkMode.startsWith('service:') || s.networkMode.startsWith('container:'))
      d.error(file, at('network_mode'), `network_mode ${show(s.networkMode)} (a shared network namespace) cannot be translated; run the two processes as separate services that talk over the network`);
    else if (s.networkMode === 'none') d.warn(file, at('network_mode'), 'network_mode "none" is not translated; the pod gets the cluster network (restrict it with a NetworkPolicy)');
  }
  const hostPID = s.pid === 'host' && access.require(at('pid'), 'pid "host"', 'privileged', "the pod sees the node's processes", remove);
  const hostIPC = s.ipc === 'host' && access.require(at('ipc'), 'ipc "host"', 'privileged', "the pod shares the node's IPC namespace", remove);
  let seccompUnconfined = false;
  let apparmorUnconfined = false;
  for (const [i, opt] of s.securityOpt.entries()) {
    const m = /^(seccomp|apparmor)[:=]unconfined$/.exec(opt);
    if (!m) continue;
    const allowed = access.require(`${at('security_opt')}[${i}]`, show(opt), 'privileged', `baseline requires the ${m[1] === 'seccomp' ? 'RuntimeDefault seccomp' : 'default AppArmor'} profile`, remove);
    if (allowed && m[1] === 'seccomp') seccompUnconfined = true;
    if (allowed && m[1] === 'apparmor') apparmorUnconfined = true;
  }
  const add: string[] = [];
  for (const [i, raw] of s.capAdd.entries()) {
    const cap = capabilityName(raw);
    if (cap === 'ALL') {
      if (access.require(`${at('cap_add')}[${i}]`, `capability ${show(raw)}`, 'privileged', 'baseline allows adding only the capabilities of its list', remove)) add.push(cap);
      continue;
    }
    if (access.require(`${at('cap_add')}[${i}]`, `capability ${show(raw)}`, capabilityLevel(cap), capabilityReason(cap), remove)) add.push(cap);
  }
  return {
    capabilitiesAdd: [...new Set(add)].sort(),
    capabilitiesDrop: [...new Set(s.capDrop.map(capabilityName))].sort(),
    privileged,
    hostNetwork,
    hostPID,
    hostIPC,
    seccompUnconfined,
    apparmorUnconfined,
  };
}

/**
 * The main container's security context beyond the read-only root: restricted's settings, relaxed
 * only where the plan needs it. A container that runs as root (an opted-in `user: root`) keeps the
 * container runtime's default capabilities, as under Docker, minus `cap_drop`; every other
 * container drops ALL. Device nodes (hostPath) are usable only by a privileged container.
 */
export function containerSecurity(plan: SecurityPlan, root: boolean, devices: boolean): Omit<Container['securityContext'], 'readOnlyRootFilesystem'> {
  const privileged = plan.privileged || devices;
  return {
    capabilitiesAdd: plan.capabilitiesAdd,
    ...(root ? { capabilitiesDrop: plan.capabilitiesDrop, runAsNonRoot: false } : {}),
    ...(privileged ? { privileged: true } : {}),
    // Kubernetes refuses allowPrivilegeEscalation: false next to privileged or SYS_ADMIN.
    ...(privileged || plan.capabilitiesAdd.includes('SYS_ADMIN') || plan.capabilitiesAdd.includes('ALL') ? { allowPrivilegeEscalation: true } : {}),
    ...(plan.seccompUnconfined ? { seccompProfile: 'Unconfined' as const } : {}),
  };
}
