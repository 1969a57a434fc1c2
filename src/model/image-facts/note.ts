/**
 * The report's line about where a service's image facts came from (DESIGN "Image facts": the report
 * names the source of each fact per service), and the image reference pinned to the locked digest.
 */
import type { ComposeService } from '../../compose';
import type { LockFile } from '../../lockfile';
import { lockEntryOf, type ServiceImageFacts } from './facts';

/** Where the user came from, by the precedence of planUser (security/security.ts). */
function userSource(s: ComposeService, runAsUser: number | undefined, f: ServiceImageFacts): string | undefined {
  if (s.user !== undefined && s.user.trim() !== '' && s.user.trim() !== ':') return 'compose';
  if (runAsUser !== undefined) return 'x-k8s.runAsUser';
  if (s.build !== undefined) return 'Dockerfile';
  if (f.imageUser) return 'lock';
  if (f.profile) return f.rootInConfig ? 'profile; the lock says root' : 'profile';
  return f.rootInConfig ? 'default; the lock says root' : undefined;
}

/** Where the profile and the lock both speak and differ (the lock wins, DESIGN "Image facts"). */
export function profileDisagreements(f: ServiceImageFacts): string[] {
  const p = f.profile;
  if (!p || !f.entry) return [];
  const out: string[] = [];
  if (f.imageUser && f.imageUser.uid !== p.uid) out.push(`the lock's user ${f.imageUser.uid} differs from the profile's ${p.uid} (the lock wins)`);
  if (p.port !== undefined && f.ports.length > 0 && !f.ports.some((x) => x.port === p.port)) out.push(`the image exposes no port ${p.port}, the profile's`);
  const unknown = p.dataPaths.filter((d) => f.volumes.length > 0 && !f.volumes.includes(d));
  if (unknown.length > 0) out.push(`the image declares no VOLUME at the profile's data path ${unknown.join(', ')}`);
  return out;
}

/**
 * `image facts: user 1001 (lock), ports 8080/tcp (lock), …; profile postgres (derived image: …)`,
 * or undefined when neither a lock entry nor a profile speaks.
 */
export function imageFactsNote(s: ComposeService, f: ServiceImageFacts, uid: number, runAsUser: number | undefined): string | undefined {
  if (!f.entry && !f.profile) return undefined;
  const parts: string[] = [];
  const user = userSource(s, runAsUser, f);
  if (user !== undefined) parts.push(`user ${uid} (${user})`);
  if (f.ports.length > 0) parts.push(`ports ${f.ports.map((p) => `${p.port}/${p.protocol}`).join(', ')} (lock)`);
  if (f.volumes.length > 0) parts.push(`data ${f.volumes.join(', ')} (lock)`);
  if (f.entry?.facts.healthcheck) parts.push(s.healthcheck !== undefined ? 'healthcheck (compose; the image has one too)' : 'healthcheck (lock)');
  if (f.version !== undefined) parts.push(`version ${f.version} (lock)`);
  if (f.profile) parts.push(`profile ${f.profile.name} (${f.profileMatch})`);
  parts.push(...profileDisagreements(f));
  if (f.entry) parts.push(`locked ${f.entry.platform} ${f.entry.digest.slice(0, 19)}`);
  return `image facts: ${parts.join('; ')}`;
}

/**
 * The service with its locked image pinned (`name:tag@sha256:…`, the digest the tag pointed at: an
 * index for multi-platform images) when `pin`; unchanged when it is not locked or has a digest. An
 * image pinned so is immutable: pulled IfNotPresent, no warning about its tag (images/image-choice.ts).
 */
export function withPinnedImage(s: ComposeService, lock: LockFile | undefined, pin: boolean): ComposeService {
  const entry = lockEntryOf(s, lock);
  return pin && entry !== undefined && s.image !== undefined && !s.image.includes('@') ? { ...s, image: `${s.image}@${entry.digest}` } : s;
}
