/**
 * A small client of the OCI distribution API (https://github.com/opencontainers/distribution-spec):
 * manifests by tag or digest (GET, or HEAD where only the digest is needed), blobs by digest, every
 * download checked against its digest. Authentication: the bearer-token challenge (anonymous, or
 * basic credentials sent to the token endpoint) and plain basic auth.
 */
import { createHash } from 'crypto';
import { Transform, type Readable } from 'stream';
import { basicHeader, CredentialStore, parseChallenge, type Credentials } from './auth';
import { HttpOptions, readBody, request, type HttpResponse } from './http';
import { apiHost, type ImageReference } from './reference';

export const MEDIA = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
} as const;
const MANIFEST_ACCEPT = [MEDIA.ociIndex, MEDIA.dockerList, MEDIA.ociManifest, MEDIA.dockerManifest].join(', ');
/** Largest manifest or config blob read into memory. */
const MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;

/** An image that cannot be resolved; the message names the image and what to do. */
export class RegistryError extends Error {}

export interface Manifest {
  readonly digest: string;
  readonly mediaType: string;
  readonly json: Record<string, unknown>;
}

export interface RegistryClientOptions extends HttpOptions {
  readonly credentials: CredentialStore;
  /** `HOST:PORT`s spoken to over plain HTTP. */
  readonly insecure: ReadonlySet<string>;
}

export function digestOf(data: Buffer, algorithm = 'sha256'): string {
  return `${algorithm}:${createHash(algorithm).update(data).digest('hex')}`;
}

/** Passes bytes through and fails at the end when they do not hash to `digest`; counts them. */
export class DigestCheck extends Transform {
  private readonly hash;
  bytes = 0;
  constructor(
    private readonly digest: string,
    private readonly what: string,
  ) {
    super();
    this.hash = createHash(digest.split(':')[0]);
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: (e?: Error | null, data?: Buffer) => void): void {
    this.bytes += chunk.length;
    this.hash.update(chunk);
    done(null, chunk);
  }
  override _flush(done: (e?: Error | null) => void): void {
    const got = `${this.digest.split(':')[0]}:${this.hash.digest('hex')}`;
    done(got === this.digest ? null : new RegistryError(`${this.what}: digest mismatch: expected ${this.digest}, received ${got}; the registry or a proxy altered it, try again`));
  }
}

export class RegistryClient {
  private readonly tokens = new Map<string, string>();
  /** Requests sent, for the progress line. */
  requests = 0;

  constructor(private readonly opts: RegistryClientOptions) {}

  private base(ref: ImageReference): string {
    const host = apiHost(ref.registry);
    return `${this.opts.insecure.has(host) ? 'http' : 'https'}://${host}/v2/${ref.repository}`;
  }

  private async token(ref: ImageReference, challenge: Record<string, string>, creds: Credentials | undefined): Promise<string> {
    const realm = challenge.realm;
    if (!realm) throw new RegistryError(`${ref.registry} asked for a bearer token without naming where to get one`);
    const url = new URL(realm);
    if (challenge.service) url.searchParams.set('service', challenge.service);
    url.searchParams.set('scope', challenge.scope ?? `repository:${ref.repository}:pull`);
    this.requests++;
    const res = await request('GET', url.toString(), creds ? { Authorization: basicHeader(creds) } : {}, this.opts);
    const body = await readBody(res.body, MAX_DOCUMENT_BYTES, `the token from ${url.host}`);
    if (res.status === 401 || res.status === 403) throw new RegistryError(this.denied(ref, creds));
    if (res.status !== 200) throw new RegistryError(`the token endpoint ${url.origin}${url.pathname} answered ${res.status}`);
    let json: { token?: string; access_token?: string };
    try {
      json = JSON.parse(body.toString('utf8')) as typeof json;
    } catch {
      throw new RegistryError(`the token endpoint ${url.origin}${url.pathname} answered something that is not JSON`);
    }
    const token = json.token ?? json.access_token;
    if (!token) throw new RegistryError(`the token endpoint ${url.origin}${url.pathname} returned no token`);
    return token;
  }

  private denied(ref: ImageReference, creds: Credentials | undefined): string {
    return creds
      ? `${ref.registry} refused the credentials of ${this.opts.credentials.display} for ${ref.repository}; run docker login ${ref.registry} again`
      : `${ref.registry} needs credentials for ${ref.repository} (or the repository does not exist); run docker login ${ref.registry} (${this.opts.credentials.display})`;
  }

  /** A request with authentication: once anonymous (or with a cached token), again after a 401 challenge. */
  private async send(method: 'GET' | 'HEAD', ref: ImageReference, path: string, headers: Record<string, string>): Promise<HttpResponse> {
    const url = `${this.base(ref)}/${path}`;
    const key = `${ref.registry}/${ref.repository}`;
    const cached = this.tokens.get(key);
    this.requests++;
    let res = await request(method, url, cached ? { ...headers, Authorization: cached } : headers, this.opts);
    if (res.status !== 401) return res;
    res.body.resume();
    const challenge = parseChallenge(res.headers['www-authenticate']);
    const creds = this.opts.credentials.lookup(ref.registry);
    let auth: string;
    if (challenge?.scheme === 'bearer') auth = `Bearer ${await this.token(ref, challenge.params, creds)}`;
    else if (challenge?.scheme === 'basic' && creds) auth = basicHeader(creds);
    else throw new RegistryError(this.denied(ref, creds));
    this.tokens.set(key, auth);
    this.requests++;
    res = await request(method, url, { ...headers, Authorization: auth }, this.opts);
    if (res.status === 401 || res.status === 403) {
      res.body.resume();
      throw new RegistryError(this.denied(ref, creds));
    }
    return res;
  }

  private failure(res: HttpResponse, what: string): RegistryError {
    res.body.resume();
    if (res.status === 404) return new RegistryError(`${what}: not found (404); check the name and the tag`);
    if (res.status === 429) return new RegistryError(`${what}: the registry limits requests (429) and kept refusing after retries; try again later or log in (docker login) for a higher limit`);
    return new RegistryError(`${what}: the registry answered ${res.status}`);
  }

  /** The digest a tag or digest points at, with HEAD (Docker Hub does not count HEAD against its pull limit). */
  async headDigest(ref: ImageReference, reference: string, what: string): Promise<string | undefined> {
    const res = await this.send('HEAD', ref, `manifests/${reference}`, { Accept: MANIFEST_ACCEPT });
    res.body.resume();
    if (res.status !== 200) throw this.failure(res, what);
    const d = res.headers['docker-content-digest'];
    return typeof d === 'string' ? d : undefined;
  }

  /** A manifest or index by tag or digest, its bytes checked against the digest. */
  async manifest(ref: ImageReference, reference: string, what: string): Promise<Manifest> {
    const res = await this.send('GET', ref, `manifests/${reference}`, { Accept: MANIFEST_ACCEPT });
    if (res.status !== 200) throw this.failure(res, what);
    const body = await readBody(res.body, MAX_DOCUMENT_BYTES, what);
    const expected = reference.includes(':') ? reference : (res.headers['docker-content-digest'] as string | undefined);
    const algorithm = expected?.split(':')[0] ?? 'sha256';
    const digest = digestOf(body, algorithm);
    if (expected !== undefined && expected !== digest) throw new RegistryError(`${what}: digest mismatch: expected ${expected}, received ${digest}; the registry or a proxy altered it, try again`);
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    } catch {
      throw new RegistryError(`${what}: the manifest is not JSON`);
    }
    const mediaType = (json.mediaType as string | undefined) ?? String(res.headers['content-type'] ?? '').split(';')[0];
    return { digest, mediaType, json };
  }

  /** A small blob (an image config), read whole and checked against its digest. */
  async blob(ref: ImageReference, digest: string, what: string): Promise<Buffer> {
    const stream = await this.blobStream(ref, digest, what);
    return readBody(stream, MAX_DOCUMENT_BYTES, what);
  }

  /** A blob as a stream that fails at its end when the bytes do not match `digest`; `counter.bytes` counts them. */
  async blobStream(ref: ImageReference, digest: string, what: string): Promise<Readable & { bytes: number }> {
    const res = await this.send('GET', ref, `blobs/${digest}`, {});
    if (res.status !== 200) throw this.failure(res, what);
    const check = new DigestCheck(digest, what);
    res.body.on('error', (e) => check.destroy(e));
    return res.body.pipe(check);
  }
}
