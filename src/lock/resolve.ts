/**
 * One image reference → its lock entry: the tag's digest (HEAD; an unchanged digest reuses the
 * previous entry), the index → the platform's manifest (attestations skipped) → the config blob →
 * the facts, and a named user resolved from the image's /etc/passwd.
 */
import type { ImageFacts, LockedHealthcheck, LockEntry } from '../lockfile';
import { canonicalName, parseReference, type ImageReference } from './reference';
import { MEDIA, RegistryError, type Manifest, type RegistryClient } from './registry';
import { needsFiles, numericId, resolveNamedUser, splitUser, type Layer } from './users';

export interface Platform {
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string;
}

/** Default of `--platform`. */
export const DEFAULT_PLATFORM = 'linux/amd64';

export function parsePlatform(text: string): Platform {
  const [os, architecture, variant, ...rest] = text.split('/');
  if (!os || !architecture || rest.length > 0) throw new Error(`--platform ${JSON.stringify(text)}: expected OS/ARCH[/VARIANT], e.g. linux/amd64 or linux/arm64/v8`);
  return { os, architecture, ...(variant ? { variant } : {}) };
}

export function platformText(p: Platform): string {
  return [p.os, p.architecture, ...(p.variant ? [p.variant] : [])].join('/');
}

interface Descriptor {
  readonly mediaType?: string;
  readonly digest: string;
  readonly platform?: Platform;
  readonly annotations?: Record<string, string>;
}

const isIndex = (m: Manifest) => m.mediaType === MEDIA.ociIndex || m.mediaType === MEDIA.dockerList || Array.isArray(m.json.manifests);

function matches(p: Platform | undefined, want: Platform): boolean {
  if (!p || p.os !== want.os || p.architecture !== want.architecture) return false;
  // arm64 images often say variant v8 or nothing; an asked variant must match when the entry has one
  return want.variant === undefined || p.variant === undefined || p.variant === want.variant;
}

/** The index entry for `want`; attestation entries (`unknown/unknown`) are never chosen. */
export function choosePlatform(index: Manifest, want: Platform, what: string): Descriptor {
  const entries = ((index.json.manifests as Descriptor[] | undefined) ?? []).filter(
    (d) => d.platform?.os !== 'unknown' && d.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest',
  );
  const found = entries.find((d) => matches(d.platform, want) && d.platform?.variant === want.variant) ?? entries.find((d) => matches(d.platform, want));
  if (!found) {
    const offered = entries.map((d) => (d.platform ? platformText(d.platform) : '?')).join(', ') || 'none';
    throw new RegistryError(`${what}: no image for ${platformText(want)} (the image offers ${offered}); choose one with --platform`);
  }
  return found;
}

const sortedKeys = (o: unknown): string[] => (o && typeof o === 'object' ? Object.keys(o).sort() : []);
const strings = (v: unknown): string[] | undefined => (Array.isArray(v) && v.every((s) => typeof s === 'string') ? (v as string[]) : undefined);

/** The facts of a config blob's `config` object. */
export function factsOf(config: Record<string, unknown>): ImageFacts {
  const c = (config.config ?? {}) as Record<string, unknown>;
  const h = c.Healthcheck as Record<string, unknown> | undefined;
  const test = strings(h?.Test);
  let healthcheck: LockedHealthcheck | undefined;
  if (test && test.length > 0 && test[0] !== 'NONE') {
    const num = (k: string) => (typeof h![k] === 'number' && (h![k] as number) > 0 ? { [k.charAt(0).toLowerCase() + k.slice(1)]: h![k] as number } : {});
    healthcheck = { test, ...num('Interval'), ...num('Timeout'), ...num('StartPeriod'), ...num('StartInterval'), ...num('Retries') } as LockedHealthcheck;
  }
  const labels = (c.Labels && typeof c.Labels === 'object' ? c.Labels : {}) as Record<string, string>;
  const user = typeof c.User === 'string' ? c.User : '';
  const { user: u, group } = splitUser(user);
  const uid = numericId(u);
  const gid = group !== undefined ? numericId(group) : undefined;
  return {
    user,
    ...(uid !== undefined ? { uid } : {}),
    ...(gid !== undefined ? { gid } : {}),
    exposedPorts: sortedKeys(c.ExposedPorts),
    volumes: sortedKeys(c.Volumes),
    ...(typeof c.WorkingDir === 'string' && c.WorkingDir !== '' ? { workingDir: c.WorkingDir } : {}),
    env: strings(c.Env) ?? [],
    ...(strings(c.Entrypoint) ? { entrypoint: strings(c.Entrypoint)! } : {}),
    ...(strings(c.Cmd) ? { cmd: strings(c.Cmd)! } : {}),
    ...(healthcheck ? { healthcheck } : {}),
    labels: Object.fromEntries(Object.keys(labels).sort().map((k) => [k, String(labels[k])])),
  };
}

export interface Resolved {
  readonly entry: LockEntry;
  readonly reused: boolean;
}

/** Resolves `image` (as written in compose) for `platform`; `previous` is its entry in the old lock. */
export async function resolveImage(client: RegistryClient, image: string, platform: Platform, previous: LockEntry | undefined): Promise<Resolved> {
  let ref: ImageReference;
  try {
    ref = parseReference(image);
  } catch (e) {
    throw new RegistryError((e as Error).message);
  }
  const what = image;
  const wanted = platformText(platform);
  const reference = ref.digest ?? ref.tag!;
  const resolved = `${canonicalName(ref)}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
  const fresh = (digest: string | undefined) => previous !== undefined && digest !== undefined && previous.digest === digest && previous.platform === wanted && previous.resolved === resolved;
  // A pinned digest cannot change: reuse without asking; a tag costs one HEAD.
  if (ref.digest !== undefined && fresh(ref.digest)) return { entry: previous!, reused: true };
  if (ref.digest === undefined && previous !== undefined && fresh(await client.headDigest(ref, reference, what))) return { entry: previous, reused: true };

  const top = await client.manifest(ref, reference, what);
  let manifest = top;
  if (isIndex(top)) {
    const d = choosePlatform(top, platform, what);
    manifest = await client.manifest(ref, d.digest, `${what} (${wanted})`);
    if (isIndex(manifest)) throw new RegistryError(`${what}: the platform entry is itself an index; not supported`);
  }
  const configDesc = manifest.json.config as { digest?: string; mediaType?: string } | undefined;
  if (!configDesc?.digest) throw new RegistryError(`${what}: the manifest has no config (media type ${manifest.mediaType}); it is not a container image`);
  const configBytes = await client.blob(ref, configDesc.digest, `${what}: config ${configDesc.digest}`);
  let config: Record<string, unknown>;
  try {
    config = JSON.parse(configBytes.toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new RegistryError(`${what}: the config blob is not JSON`);
  }
  if (!isIndex(top)) {
    const own = { os: String(config.os ?? ''), architecture: String(config.architecture ?? ''), ...(typeof config.variant === 'string' ? { variant: config.variant } : {}) };
    if (!matches(own, platform)) throw new RegistryError(`${what}: the image is for ${platformText(own)} only, not ${wanted}; choose it with --platform`);
  }
  let facts = factsOf(config);
  if (needsFiles(facts.user)) {
    const layers = ((manifest.json.layers as Layer[] | undefined) ?? []).map((l) => ({ digest: l.digest, mediaType: l.mediaType ?? '' }));
    const found = await resolveNamedUser(client, ref, layers, facts.user, what);
    facts = { ...facts, uid: found.uid, ...(found.gid !== undefined ? { gid: found.gid } : {}), userLookup: { layersRead: found.layersRead, bytesRead: found.bytesRead } };
  }
  return { entry: { resolved, digest: top.digest, platform: wanted, manifest: manifest.digest, config: configDesc.digest, facts }, reused: false };
}
