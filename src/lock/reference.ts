/**
 * Image references as docker reads them: `[REGISTRY/]REPOSITORY[:TAG][@DIGEST]`.
 *
 * Docker Hub rules: a first component without `.` or `:` that is not `localhost` is part of the
 * repository on Docker Hub (`docker.io`); a Docker Hub repository without `/` is an official image
 * under `library/` (`postgres` → `docker.io/library/postgres`); `index.docker.io` is `docker.io`.
 * No tag and no digest means the tag `latest`.
 */

/** Where Docker Hub's distribution API is served (docker.io itself only redirects). */
export const DOCKER_HUB_API_HOST = 'registry-1.docker.io';

export interface ImageReference {
  /** Registry host[:port] as named (`docker.io` for Docker Hub). */
  readonly registry: string;
  /** Repository path inside the registry (`library/postgres`). */
  readonly repository: string;
  /** Tag; `latest` when neither a tag nor a digest was given. */
  readonly tag?: string;
  /** `sha256:…` when the reference pins one. */
  readonly digest?: string;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;
const HOST = /^(localhost|[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*|\[[0-9a-fA-F:]+\])(:[0-9]+)?$/;

/** Parses `ref`; throws an Error whose message says what is wrong and what is expected. */
export function parseReference(ref: string): ImageReference {
  const bad = (why: string): never => {
    throw new Error(`invalid image reference ${JSON.stringify(ref)}: ${why}; expected [REGISTRY/]NAME[:TAG][@sha256:DIGEST], e.g. "postgres:16" or "ghcr.io/acme/app:1.2"`);
  };
  let rest = ref.trim();
  if (rest === '') bad('it is empty');
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) bad(`the digest "${digest}" is not sha256:<64 hex digits>`);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) bad(`the tag "${tag}" is not valid`);
  }
  const parts = rest.split('/');
  let registry = 'docker.io';
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) {
    registry = parts.shift()!;
    if (!HOST.test(registry)) bad(`the registry "${registry}" is not a host name`);
  }
  if (registry === 'index.docker.io' || registry === DOCKER_HUB_API_HOST) registry = 'docker.io';
  for (const p of parts) if (!COMPONENT.test(p)) bad(`the name component "${p}" must be lowercase letters, digits and separators`);
  if (registry === 'docker.io' && parts.length === 1) parts.unshift('library');
  if (tag === undefined && digest === undefined) tag = 'latest';
  return { registry, repository: parts.join('/'), ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** `registry/repository` (the canonical name, e.g. `docker.io/library/postgres`). */
export function canonicalName(r: ImageReference): string {
  return `${r.registry}/${r.repository}`;
}

/** The host whose API serves the registry `registry` (Docker Hub's API lives elsewhere). */
export function apiHost(registry: string): string {
  return registry === 'docker.io' ? DOCKER_HUB_API_HOST : registry;
}
