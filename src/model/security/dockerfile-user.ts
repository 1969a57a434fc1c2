/**
 * The user a `build:` service runs as when compose sets no `user:`: the Dockerfile's last effective
 * USER. A numeric USER is used as it is; a name cannot be enforced by Kubernetes (runAsNonRoot
 * fails at the kubelet for a named user), and root is forbidden by Pod Security "restricted".
 */
import type { BuiltImage, ComposeService } from '../../compose';
import { Diagnostics, show } from '../../diagnostics';
import { imageProfile } from '../images';
import type { UserPlan } from './user-plan';

/** `FALLBACK` is the UID/GID used when the Dockerfile's user is root or a name (security.ts FALLBACK_UID). */
export function dockerfileUser(s: ComposeService, image: BuiltImage, FALLBACK: number, d: Diagnostics): UserPlan {
  const at = `services.${s.name}`;
  const df = show(image.dockerfile);
  const user = image.user;
  const hardening = `add a non-root USER to the Dockerfile (e.g. USER 10001:10001) and COPY --chown=10001:10001 the files it must write, or set user: "UID:GID" on the service`;
  if (user === undefined) {
    const base = imageProfile(image.baseImage);
    if (base) return { uid: base.uid, gid: base.gid };
    d.warn(
      s.source.file,
      at,
      `the Dockerfile ${df} sets no USER, so the image runs as the user of ${show(image.baseImage)} (root for most images), which Pod Security "restricted" forbids; the pod runs as UID/GID ${FALLBACK}: ${hardening}`,
      'image-user',
      s.name,
    );
    return { uid: FALLBACK, gid: FALLBACK };
  }
  const numeric = /^([0-9]+)(?::([0-9]+))?$/.exec(user);
  const root = user === 'root' || user.startsWith('root:') || (numeric !== null && Number(numeric[1]) === 0);
  if (root) {
    d.warn(
      s.source.file,
      at,
      `the Dockerfile ${df} leaves the user as root (USER ${show(user)}), which Pod Security "restricted" forbids; the pod runs as UID/GID ${FALLBACK}, which cannot write the files the build left to root: ${hardening}`,
      'image-user',
      s.name,
    );
    return { uid: FALLBACK, gid: FALLBACK };
  }
  if (numeric) {
    const uid = Number(numeric[1]);
    return { uid, gid: numeric[2] !== undefined ? Number(numeric[2]) : uid };
  }
  const name = user.split(':')[0];
  d.warn(
    s.source.file,
    at,
    `the Dockerfile ${df} sets USER ${show(user)}, a name; Kubernetes needs a numeric UID to enforce non-root, so the pod runs as UID/GID ${FALLBACK}: set user: "UID:GID" on the service to the numbers of ${name} in the image (docker run --rm --entrypoint id IMAGE ${name}), or write the USER with numbers`,
    'image-user',
    s.name,
  );
  return { uid: FALLBACK, gid: FALLBACK };
}
