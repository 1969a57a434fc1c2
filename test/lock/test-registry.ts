/**
 * A registry for the tests, in the test process: the OCI distribution API on 127.0.0.1 (manifests
 * with content negotiation by Accept, HEAD, blobs, 307 redirects to a storage origin that rejects an
 * Authorization header), a token endpoint on another port (bearer challenge, anonymous or with basic
 * credentials), plain basic auth, and misbehaving repositories (404, 429, 503, silence, a corrupt blob).
 */
import { createHash } from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { gzipSync } from 'zlib';

export const sha = (b: Buffer | string) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** A tar archive of `files` (ustar; a `null` body is a directory). */
export function tarOf(files: Record<string, string | null>): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, body] of Object.entries(files)) {
    const data = Buffer.from(body ?? '');
    const h = Buffer.alloc(512);
    h.write(name, 0, 100, 'utf8');
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
    h.write('00000000000\0', 136);
    h.write('        ', 148);
    h.write(body === null ? '5' : '0', 156);
    h.write('ustar\0', 257);
    h.write('00', 263);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(h, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

export const layer = (files: Record<string, string | null>) => gzipSync(tarOf(files));

export interface ImageSpec {
  readonly config: Record<string, unknown>;
  readonly layers?: readonly Buffer[];
  readonly layerMediaType?: string;
  readonly os?: string;
  readonly architecture?: string;
}

const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';

interface Repo {
  tags: Map<string, string>;
  manifests: Map<string, { mediaType: string; body: Buffer }>;
  blobs: Map<string, Buffer>;
}

export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization?: string;
}

export class TestRegistry {
  private readonly repos = new Map<string, Repo>();
  private registry?: http.Server;
  private tokens?: http.Server;
  readonly log: LoggedRequest[] = [];
  /** Blob digests served through a 307 redirect to the storage origin. */
  readonly redirected = new Set<string>();
  /** Blob digests whose bytes are altered when served. */
  readonly corrupt = new Set<string>();
  /** Repository → remaining answers of the given status before it behaves (Infinity: always). */
  readonly failures = new Map<string, { status: number; remaining: number }>();
  /** Repositories that never answer. */
  readonly silent = new Set<string>();
  /** `user:password` of repositories under `private/` (basic) and `secure/` (bearer with credentials). */
  readonly login = 'robot:s3cret';
  port = 0;
  tokenPort = 0;
  get host(): string {
    return `127.0.0.1:${this.port}`;
  }

  private repo(name: string): Repo {
    let r = this.repos.get(name);
    if (!r) this.repos.set(name, (r = { tags: new Map(), manifests: new Map(), blobs: new Map() }));
    return r;
  }

  private putManifest(repo: string, mediaType: string, json: unknown): { digest: string; size: number } {
    const body = Buffer.from(JSON.stringify(json));
    const digest = sha(body);
    this.repo(repo).manifests.set(digest, { mediaType, body });
    return { digest, size: body.length };
  }

  private putImage(repo: string, spec: ImageSpec, mediaType: string): { digest: string; size: number; config: string } {
    const r = this.repo(repo);
    const configBody = Buffer.from(JSON.stringify({ architecture: spec.architecture ?? 'amd64', os: spec.os ?? 'linux', config: spec.config, rootfs: { type: 'layers', diff_ids: [] } }));
    const config = sha(configBody);
    r.blobs.set(config, configBody);
    const layers = (spec.layers ?? []).map((l) => {
      const d = sha(l);
      r.blobs.set(d, l);
      return { mediaType: spec.layerMediaType ?? (mediaType === DOCKER_MANIFEST ? 'application/vnd.docker.image.rootfs.diff.tar.gzip' : 'application/vnd.oci.image.layer.v1.tar+gzip'), digest: d, size: l.length };
    });
    const configType = mediaType === DOCKER_MANIFEST ? 'application/vnd.docker.container.image.v1+json' : 'application/vnd.oci.image.config.v1+json';
    return { ...this.putManifest(repo, mediaType, { schemaVersion: 2, mediaType, config: { mediaType: configType, digest: config, size: configBody.length }, layers }), config };
  }

  /** A single-platform image under `repo:tag` (Docker v2 manifest unless `oci`). */
  image(repo: string, tag: string, spec: ImageSpec, oci = false): { digest: string; config: string } {
    const m = this.putImage(repo, spec, oci ? OCI_MANIFEST : DOCKER_MANIFEST);
    this.repo(repo).tags.set(tag, m.digest);
    return m;
  }

  /** An OCI index under `repo:tag` with one image per platform and an attestation entry. */
  index(repo: string, tag: string, platforms: Record<string, ImageSpec>): { digest: string; manifests: Record<string, string> } {
    const entries: unknown[] = [];
    const manifests: Record<string, string> = {};
    for (const [p, spec] of Object.entries(platforms)) {
      const [os, architecture, variant] = p.split('/');
      const m = this.putImage(repo, { ...spec, os, architecture }, OCI_MANIFEST);
      manifests[p] = m.digest;
      entries.push({ mediaType: OCI_MANIFEST, digest: m.digest, size: m.size, platform: { os, architecture, ...(variant ? { variant } : {}) } });
      const att = this.putManifest(repo, OCI_MANIFEST, { schemaVersion: 2, mediaType: OCI_MANIFEST, config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: sha('{}'), size: 2 }, layers: [] });
      entries.push({ mediaType: OCI_MANIFEST, digest: att.digest, size: att.size, platform: { os: 'unknown', architecture: 'unknown' }, annotations: { 'vnd.docker.reference.type': 'attestation-manifest', 'vnd.docker.reference.digest': m.digest } });
    }
    const idx = this.putManifest(repo, OCI_INDEX, { schemaVersion: 2, mediaType: OCI_INDEX, manifests: entries });
    this.repo(repo).tags.set(tag, idx.digest);
    return { digest: idx.digest, manifests };
  }

  /** Points `repo:tag` at another manifest digest (a pushed update). */
  retag(repo: string, tag: string, digest: string): void {
    this.repo(repo).tags.set(tag, digest);
  }

  private authorized(repo: string, auth: string | undefined): boolean {
    const basic = `Basic ${Buffer.from(this.login).toString('base64')}`;
    if (repo.startsWith('private/')) return auth === basic;
    return auth === `Bearer token-for-${repo}`;
  }

  private challenge(repo: string): string {
    if (repo.startsWith('private/')) return 'Basic realm="test-registry"';
    return `Bearer realm="http://127.0.0.1:${this.tokenPort}/token",service="test-registry",scope="repository:${repo}:pull"`;
  }

  private handleRegistry(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://x');
    this.log.push({ method: req.method ?? '', path: url.pathname, ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
    const m = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(url.pathname);
    if (!m) return void res.writeHead(404).end();
    const [, name, kind, ref] = m;
    if (this.silent.has(name)) return; // never answers
    const failure = this.failures.get(name);
    if (failure && failure.remaining > 0) {
      failure.remaining--;
      return void res.writeHead(failure.status, { 'Retry-After': '0' }).end();
    }
    if (!this.authorized(name, req.headers.authorization)) {
      return void res.writeHead(401, { 'WWW-Authenticate': this.challenge(name), 'Content-Type': 'application/json' }).end('{"errors":[{"code":"UNAUTHORIZED"}]}');
    }
    const repo = this.repos.get(name);
    if (!repo) return void res.writeHead(404).end('{"errors":[{"code":"NAME_UNKNOWN"}]}');
    if (kind === 'manifests') {
      const digest = ref.startsWith('sha256:') ? ref : repo.tags.get(ref);
      const man = digest !== undefined ? repo.manifests.get(digest) : undefined;
      const accept = String(req.headers.accept ?? '');
      if (!man || !accept.includes(man.mediaType)) return void res.writeHead(404).end('{"errors":[{"code":"MANIFEST_UNKNOWN"}]}');
      res.writeHead(200, { 'Content-Type': man.mediaType, 'Docker-Content-Digest': digest, 'Content-Length': man.body.length });
      return void res.end(req.method === 'HEAD' ? undefined : man.body);
    }
    const blob = repo.blobs.get(ref);
    if (!blob) return void res.writeHead(404).end('{"errors":[{"code":"BLOB_UNKNOWN"}]}');
    if (this.redirected.has(ref)) return void res.writeHead(307, { Location: `http://127.0.0.1:${this.tokenPort}/storage/${name}/${ref}?sig=abc` }).end();
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
    res.end(this.body(ref, blob));
  }

  private body(digest: string, blob: Buffer): Buffer {
    if (!this.corrupt.has(digest)) return blob;
    const b = Buffer.from(blob);
    b[b.length - 1] ^= 0xff;
    return b;
  }

  private handleTokens(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://x');
    this.log.push({ method: req.method ?? '', path: url.pathname, ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
    const storage = /^\/storage\/(.+)\/(sha256:[a-f0-9]+)$/.exec(url.pathname);
    if (storage) {
      // A storage service rejects a request that carries the registry's token.
      if (req.headers.authorization) return void res.writeHead(400).end('Only one auth mechanism allowed');
      const blob = this.repos.get(storage[1])?.blobs.get(storage[2]);
      return void (blob ? res.writeHead(200).end(this.body(storage[2], blob)) : res.writeHead(404).end());
    }
    if (url.pathname !== '/token') return void res.writeHead(404).end();
    const scope = /^repository:(.+):pull$/.exec(url.searchParams.get('scope') ?? '');
    if (!scope || url.searchParams.get('service') !== 'test-registry') return void res.writeHead(400).end();
    const needs = scope[1].startsWith('secure/');
    if (needs && req.headers.authorization !== `Basic ${Buffer.from(this.login).toString('base64')}`) return void res.writeHead(401).end();
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token: `token-for-${scope[1]}` }));
  }

  async start(): Promise<void> {
    const listen = (s: http.Server) => new Promise<number>((r) => s.listen(0, '127.0.0.1', () => r((s.address() as AddressInfo).port)));
    this.registry = http.createServer((q, s) => this.handleRegistry(q, s));
    this.tokens = http.createServer((q, s) => this.handleTokens(q, s));
    this.port = await listen(this.registry);
    this.tokenPort = await listen(this.tokens);
  }

  async stop(): Promise<void> {
    for (const s of [this.registry, this.tokens]) {
      if (!s) continue;
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
  }
}
