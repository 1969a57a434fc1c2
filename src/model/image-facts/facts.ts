/**
 * The facts of a service's image from the lock file, merged by the precedence of DESIGN.md ("Image
 * facts"): compose's own keys, then the lock (the image's configuration), then the Dockerfile (for
 * `build:`), then an image profile, then documented defaults. An empty or root `User` in the lock
 * never overrides a profile's user (official database images start as root and drop privileges in
 * their entrypoint). Only pulled images are locked: a `build:` service has no lock facts.
 */
import type { ComposeService, Healthcheck } from '../../compose';
import type { ImageFacts, LockEntry, LockFile } from '../../lockfile';
import { imageProfile, parseImage, profileFor, type ImageProfile, type ProfileName } from '../images';
import { toLabelValue } from '../names';
import type { ImageUser } from '../security';
import { derivedProfile } from './derived';

/** Where a fact came from, as the report names it. */
export type FactSource = 'compose' | 'lock' | 'Dockerfile' | 'profile';

/** A port the image's configuration exposes (`ExposedPorts`). */
export interface LockedPort {
  readonly port: number;
  readonly protocol: 'tcp' | 'udp' | 'sctp';
}

export interface ServiceImageFacts {
  /** The lock entry of the service's image (as written in compose), when locked. */
  readonly entry?: LockEntry;
  /** The image profile: named by x-k8s.profile, matched by the image's name, or recognised from the locked configuration. */
  readonly profile?: ImageProfile;
  /** How the profile matched, for the report (`derived image: Env PG_MAJOR, PGDATA`). */
  readonly profileMatch?: string;
  /** The non-root numeric user the image's configuration names. */
  readonly imageUser?: ImageUser;
  /** The image's configuration leaves the user empty or root. */
  readonly rootInConfig: boolean;
  /** `ExposedPorts`. */
  readonly ports: readonly LockedPort[];
  /** `Volumes`: where the image keeps data. */
  readonly volumes: readonly string[];
  /** The image's healthcheck in compose's form, when compose sets none (compose runs the image's). */
  readonly healthcheck?: Healthcheck;
  /** `org.opencontainers.image.version` when the tag names no version and it is a valid label value. */
  readonly version?: string;
}

/** The lock entry of a service's image: pulled images only, by the reference written in compose. */
export function lockEntryOf(s: ComposeService, lock: LockFile | undefined): LockEntry | undefined {
  return lock !== undefined && s.build === undefined && s.image !== undefined ? lock.images[s.image] : undefined;
}

/** `ExposedPorts` of the service's locked image (`8080/tcp`, `53/udp`), in the lock's order: a source of Service ports. */
export function lockedPorts(s: ComposeService, lock: LockFile | undefined): LockedPort[] {
  const entry = lockEntryOf(s, lock);
  if (!entry) return [];
  return entry.facts.exposedPorts.flatMap((p) => {
    const m = /^([0-9]+)(?:\/(tcp|udp|sctp))?$/i.exec(p);
    const port = m ? Number(m[1]) : NaN;
    return m && port >= 1 && port <= 65535 ? [{ port, protocol: (m[2]?.toLowerCase() ?? 'tcp') as LockedPort['protocol'] }] : [];
  });
}

const NS_PER_MS = 1e6;

/** The image's `Healthcheck` as compose would hold it (`CMD` argv, `CMD-SHELL` through sh -c; nanoseconds → milliseconds). */
export function lockedHealthcheck(facts: ImageFacts): Healthcheck | undefined {
  const h = facts.healthcheck;
  if (!h || h.test.length === 0) return undefined;
  const [form, ...rest] = h.test;
  let argv: string[];
  if (form === 'CMD') argv = rest;
  else if (form === 'CMD-SHELL') argv = ['sh', '-c', rest.join(' ')];
  else return undefined;
  if (argv.length === 0) return undefined;
  const ms = (ns: number | undefined) => (ns !== undefined ? { value: Math.round(ns / NS_PER_MS) } : undefined);
  const opt = (k: keyof Healthcheck, ns: number | undefined) => (ms(ns) ? { [k]: ms(ns)!.value } : {});
  return {
    test: argv.map((a) => [a]),
    form: form === 'CMD' ? 'CMD' : 'CMD-SHELL',
    disabled: false,
    ...opt('interval', h.interval),
    ...opt('timeout', h.timeout),
    ...opt('startPeriod', h.startPeriod),
    ...opt('startInterval', h.startInterval),
    ...(h.retries !== undefined ? { retries: h.retries } : {}),
  };
}

/** The label of the OCI image spec that carries the image's version. */
export const VERSION_LABEL = 'org.opencontainers.image.version';

/** A tag that names no version (`latest`, `stable`, none): the lock's version label may speak instead. */
export function tagSaysNothing(tag: string | undefined): boolean {
  return tag === undefined || !/[0-9]/.test(tag);
}

/** The facts for one service; `image` is the image the pod runs, `explicit` its x-k8s.profile. */
export function serviceImageFacts(s: ComposeService, image: string, lock: LockFile | undefined, explicit?: ProfileName): ServiceImageFacts {
  const entry = lockEntryOf(s, lock);
  let profile = imageProfile(image, explicit);
  let profileMatch: string | undefined = profile ? (explicit ? 'x-k8s.profile' : 'the image name') : undefined;
  const tag = parseImage(image).tag;
  if (!profile && entry) {
    const derived = derivedProfile(entry.facts, tag);
    if (derived) {
      profile = profileFor(derived.name, derived.version);
      profileMatch = `derived image: ${derived.because}`;
    }
  }
  if (!entry) return { ...(profile ? { profile, profileMatch } : {}), rootInConfig: false, ports: [], volumes: [] };
  const f = entry.facts;
  const rootInConfig = f.user === '' || f.uid === 0;
  const healthcheck = s.healthcheck === undefined ? lockedHealthcheck(f) : undefined;
  const version = f.labels[VERSION_LABEL];
  return {
    entry,
    ...(profile ? { profile, profileMatch } : {}),
    ...(f.uid !== undefined && f.uid !== 0
      ? { imageUser: { uid: f.uid, ...(f.gid !== undefined ? { gid: f.gid } : {}), source: `the image's configuration (User ${JSON.stringify(f.user)}, lock file)`, ...(/^[0-9]+(:[0-9]+)?$/.test(f.user) ? {} : { name: f.user }) } }
      : {}),
    rootInConfig,
    ports: lockedPorts(s, lock),
    volumes: [...f.volumes],
    ...(healthcheck ? { healthcheck } : {}),
    ...(tagSaysNothing(tag) && version !== undefined && toLabelValue(version) ? { version } : {}),
  };
}
