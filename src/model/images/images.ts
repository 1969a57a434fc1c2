/**
 * Image references: their parts, and the profile of the official image they name (src/model/
 * image-profiles.ts holds the facts). A profile matches the official repository through any registry
 * or mirror path, and never a same-named image of another owner:
 *
 * - `postgres`, `library/postgres`, `docker.io/postgres`, `docker.io/library/postgres`,
 *   `index.docker.io/library/postgres`, `registry-1.docker.io/library/postgres`: Docker Hub's official
 *   `postgres`;
 * - on any other registry the path must end in `library/NAME`, the way mirrors and pull-through
 *   caches keep official images (`mirror.gcr.io/library/redis`, `public.ecr.aws/docker/library/mysql`,
 *   `harbor.example.com/dockerhub/library/postgres`);
 * - a publisher's own repository (`nginxinc/nginx-unprivileged`, `valkey/valkey`) matches by its
 *   last two segments on any registry;
 * - anything else (`ghcr.io/acme/redis`, `bitnami/postgresql`, `registry.example.com/postgres`) has no
 *   profile unless the service names one with `x-k8s.profile`.
 */
import { ImageProfile, ImageVersion, PROFILES, ProfileName } from './image-profiles';

export type { ImageProfile } from './image-profiles';

export interface ImageRef {
  /** Registry host when the reference names one (`ghcr.io`, `registry:5000`, `localhost`). */
  readonly registry?: string;
  /** Repository without registry (`library/postgres` → `postgres`, `bitnami/redis` → `bitnami/redis`). */
  readonly repository: string;
  /** Last path segment (`postgres`). */
  readonly shortName: string;
  readonly tag?: string;
  readonly digest?: string;
}

/** Hosts that are Docker Hub itself. */
const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

/**
 * Splits `registry:5000/org/name:tag@sha256:…` into its parts. The model asks about each service's
 * image in several places: the answers are kept (frozen), up to IMAGE_CACHE_SIZE (10,000) images.
 */
export function parseImage(image: string): ImageRef {
  let ref = imageCache.get(image);
  if (ref === undefined) {
    ref = Object.freeze(splitImage(image));
    if (imageCache.size < IMAGE_CACHE_SIZE) imageCache.set(image, ref);
  }
  return ref;
}
const imageCache = new Map<string, ImageRef>();
const IMAGE_CACHE_SIZE = 10_000;

function splitImage(image: string): ImageRef {
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const parts = rest.split('/');
  let registry: string | undefined;
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) registry = parts.shift();
  if (parts[0] === 'library' && parts.length > 1 && (registry === undefined || DOCKER_HUB.has(registry))) parts.shift();
  const repository = parts.join('/');
  const shortName = parts[parts.length - 1];
  return registry !== undefined ? { registry, repository, shortName, tag, digest } : { repository, shortName, tag, digest };
}

/**
 * The Docker Hub repository an image reference denotes (`postgres`, `nginxinc/nginx-unprivileged`),
 * or undefined for a repository on another registry that is not a mirror of an official image.
 */
export function hubRepository(ref: ImageRef): string | undefined {
  const parts = ref.repository.split('/');
  if (ref.registry === undefined || DOCKER_HUB.has(ref.registry)) return ref.repository;
  if (parts.length >= 2 && parts[parts.length - 2] === 'library') return parts[parts.length - 1];
  // A publisher's repository (owner/name) on its own registry or a mirror of Docker Hub.
  return parts.length >= 2 ? parts.slice(-2).join('/') : undefined;
}

/** The version and variant a tag names: `16.4-alpine3.20` → major 16, alpine; no tag, `latest`, `alpine` → the newest version. */
export function imageVersion(tag: string | undefined): ImageVersion {
  const t = (tag ?? '').toLowerCase();
  const m = /^v?([0-9]+)(?:\.([0-9]+))?/.exec(t);
  const words = t.split(/[-_.]/);
  return {
    ...(m ? { major: Number(m[1]), ...(m[2] !== undefined ? { minor: Number(m[2]) } : {}) } : {}),
    alpine: words.some((w) => /^alpine[0-9]*$/.test(w)),
    variants: words.filter((w) => /^[a-z][a-z0-9]*$/.test(w)),
  };
}

/** The profile name an image matches, or undefined. */
export function profileNameOf(image: string): ProfileName | undefined {
  const repo = hubRepository(parseImage(image));
  if (repo === undefined) return undefined;
  return profileOfRepository().get(repo);
}

/** Repository → the first profile (in PROFILES order) that lists it; made once. */
let repositoryProfiles: Map<string, ProfileName> | undefined;
function profileOfRepository(): Map<string, ProfileName> {
  if (repositoryProfiles === undefined) {
    repositoryProfiles = new Map();
    for (const [name, p] of Object.entries(PROFILES) as [ProfileName, (typeof PROFILES)[ProfileName]][]) {
      for (const r of p.repositories) if (!repositoryProfiles.has(r)) repositoryProfiles.set(r, name);
    }
  }
  return repositoryProfiles;
}

/**
 * The profile of an official (or publisher's) image, or undefined. `explicit` (x-k8s.profile) names
 * the profile for an image that does not match by name; the tag still picks version and variant.
 */
export function imageProfile(image: string, explicit?: ProfileName): ImageProfile | undefined {
  const name = explicit ?? profileNameOf(image);
  if (name === undefined) return undefined;
  return profileFor(name, imageVersion(parseImage(image).tag));
}

/** The profile `name` for the version and variant `version` (e.g. of an image derived from the official one). */
export function profileFor(name: ProfileName, version: ImageVersion): ImageProfile {
  return { name, refusedMounts: [], ...PROFILES[name].facts(version) };
}
