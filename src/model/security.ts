/**
 * Pod Security "restricted" for every pod: which compose keys cannot be honoured (errors naming the
 * key), which user the pod runs as, and which capabilities it keeps.
 */
import { ComposeService } from '../compose/types';
import { Diagnostics, show } from '../diagnostics';
import { dockerfileUser } from './dockerfile-user';
import { ServiceX } from './extensions';
import { ImageProfile } from './images';

/** UID/GID used when neither compose nor the image profile tells which user the image runs as. */
export const FALLBACK_UID = 65532;

export interface UserPlan {
  readonly uid: number;
  readonly gid: number;
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
export function planUser(s: ComposeService, x: ServiceX, profile: ImageProfile | undefined, d: Diagnostics, imageUser?: ImageUser): UserPlan {
  const path = `services.${s.name}.user`;
  if (s.user !== undefined && /^:?$/.test(s.user.trim())) {
    d.warn(s.source.file, path, `user ${show(s.user)} is empty (unset variables?); ignored`);
  } else if (s.user !== undefined) {
    const m = /^([0-9]+)(?::([0-9]+))?$/.exec(s.user);
    if (m) {
      const uid = Number(m[1]);
      // Docker puts a bare UID in group 0; Kubernetes "restricted" wants a non-root group too.
      const gid = m[2] !== undefined ? Number(m[2]) : uid;
      if (uid === 0) {
        d.error(s.source.file, path, `runs as root ${show(s.user)}; Pod Security "restricted" forbids root: use the non-root UID:GID the image provides (e.g. "1000:1000")`);
        return { uid: FALLBACK_UID, gid: FALLBACK_UID };
      }
      if (gid === 0) {
        // Allowed by Pod Security "restricted"; images built for arbitrary UIDs rely on the root group.
        d.warn(s.source.file, path, `runs with group 0 (root group) ${show(s.user)}; kept because the image's files may need it, but prefer a non-zero GID`);
      }
      return { uid, gid };
    }
    if (s.user === 'root' || s.user.startsWith('root:')) {
      d.error(s.source.file, path, `runs as root ${show(s.user)}; Pod Security "restricted" forbids root: use the non-root UID:GID the image provides (e.g. "1000:1000")`);
      return { uid: FALLBACK_UID, gid: FALLBACK_UID };
    }
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

/** Capabilities Pod Security "restricted" allows a container to add. */
const ALLOWED_CAPS = new Set(['NET_BIND_SERVICE']);

/** Reports every compose key that would break Pod Security "restricted"; returns the capabilities to add. */
export function checkRestricted(s: ComposeService, d: Diagnostics): string[] {
  const file = s.source.file;
  const at = (k: string) => `services.${s.name}.${k}`;
  const fix = 'Pod Security "restricted" forbids it; remove it (a pod cannot be given host access)';
  if (s.privileged) d.error(file, at('privileged'), `privileged: true is not allowed; ${fix}`);
  if (s.networkMode !== undefined) {
    if (s.networkMode === 'host') d.error(file, at('network_mode'), `network_mode "host" is not allowed; ${fix}`);
    else if (s.networkMode.startsWith('service:') || s.networkMode.startsWith('container:'))
      d.error(file, at('network_mode'), `network_mode ${show(s.networkMode)} (a shared network namespace) cannot be translated; run the two processes as separate services that talk over the network`);
    else if (s.networkMode === 'none') d.warn(file, at('network_mode'), 'network_mode "none" is not translated; the pod gets the cluster network (restrict it with a NetworkPolicy)');
  }
  if (s.pid === 'host') d.error(file, at('pid'), `pid "host" is not allowed; ${fix}`);
  if (s.ipc === 'host') d.error(file, at('ipc'), `ipc "host" is not allowed; ${fix}`);
  if (s.devices.length > 0) d.error(file, at('devices'), `devices ${show(s.devices[0])} cannot be mounted; ${fix}`);
  for (const [i, opt] of s.securityOpt.entries()) {
    if (/^(seccomp|apparmor)[:=]unconfined$/.test(opt)) d.error(file, `${at('security_opt')}[${i}]`, `${show(opt)} is not allowed; Pod Security "restricted" requires the RuntimeDefault profile`);
  }
  const add: string[] = [];
  for (const [i, raw] of s.capAdd.entries()) {
    const cap = raw.toUpperCase().replace(/^CAP_/, '');
    if (ALLOWED_CAPS.has(cap)) add.push(cap);
    else d.error(file, `${at('cap_add')}[${i}]`, `capability ${show(raw)} is not allowed; Pod Security "restricted" allows adding only NET_BIND_SERVICE`);
  }
  return [...new Set(add)].sort();
}
