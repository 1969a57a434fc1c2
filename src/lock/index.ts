/**
 * `cdk8s-compose lock`: resolves every image of the project that the project does not build, through
 * the registry's distribution API, and writes the lock file. The only code of cdk8s-compose that uses
 * the network; the CLI loads it for this command only.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadProject } from '../compose';
import type { LoadOptions } from '../compose';
import { UserError } from '../diagnostics';
import { LOCK_FILE_VERSION, lockFilePath, pulledImages, readLockFile, serializeLock, type LockEntry } from '../lockfile';
import { CredentialError, CredentialStore } from './auth';
import { DEFAULT_HTTP, HttpError, type HttpOptions } from './http';
import { RegistryClient, RegistryError } from './registry';
import { DEFAULT_PLATFORM, parsePlatform, resolveImage } from './resolve';

export { parseReference, type ImageReference } from './reference';
export { DEFAULT_PLATFORM } from './resolve';

export interface LockOptions extends LoadOptions {
  /** `--platform OS/ARCH[/VARIANT]`; default {@link DEFAULT_PLATFORM}. */
  readonly platform?: string;
  /** `--lock-file PATH` (relative to cwd); default cdk8s-compose.lock.json beside the first compose file. */
  readonly lockFile?: string;
  /** `--insecure-registry HOST:PORT`: plain HTTP. */
  readonly insecureRegistries?: readonly string[];
  readonly stderr: (text: string) => void;
  readonly quiet?: boolean;
  /** Timeouts and retries; {@link DEFAULT_HTTP} by default (tests shorten them). */
  readonly http?: Partial<HttpOptions>;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const short = (digest: string) => digest.slice(0, 19);

/** Runs the command; resolves to the exit status (0 every image resolved, 1 otherwise). Throws UserError for bad input. */
export async function lock(options: LockOptions): Promise<number> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const platformName = options.platform ?? DEFAULT_PLATFORM;
  let platform;
  try {
    platform = parsePlatform(platformName);
  } catch (e) {
    throw new UserError((e as Error).message);
  }
  const { project } = loadProject(options);
  const file = lockFilePath(project.workingDir, cwd, options.lockFile);
  const display = path.relative(cwd, file) || file;
  const previous = readLockFile(file, display);
  let credentials: CredentialStore;
  try {
    credentials = new CredentialStore(options.environment ?? process.env);
  } catch (e) {
    throw new UserError((e as Error).message);
  }
  const client = new RegistryClient({ ...DEFAULT_HTTP, ...options.http, credentials, insecure: new Set(options.insecureRegistries ?? []) });
  const images: Record<string, LockEntry> = {};
  const failures: string[] = [];
  const say = (t: string) => !options.quiet && options.stderr(t);
  for (const image of pulledImages(project.services)) {
    const started = Date.now();
    const before = client.requests;
    try {
      const r = await resolveImage(client, image, platform, previous?.images[image]);
      images[image] = r.entry;
      const f = r.entry.facts;
      const user = f.user === '' ? 'user "" (root)' : `user ${JSON.stringify(f.user)}${f.userLookup ? ` = ${f.uid}${f.gid !== undefined ? `:${f.gid}` : ''}` : ''}`;
      const lookup = f.userLookup && !r.reused ? `, read ${f.userLookup.bytesRead} bytes of ${f.userLookup.layersRead} layer(s)` : '';
      say(`${r.reused ? 'unchanged' : 'locked'} ${image} ${short(r.entry.digest)} ${r.entry.platform} ${user}${lookup} (${client.requests - before} requests, ${seconds(Date.now() - started)})\n`);
    } catch (e) {
      if (!(e instanceof RegistryError || e instanceof HttpError || e instanceof CredentialError)) throw e;
      failures.push(image);
      const kept = previous?.images[image];
      if (kept) images[image] = kept;
      const msg = e.message.startsWith(image) ? e.message.slice(image.length).replace(/^:\s*/, '') : e.message;
      options.stderr(`error: ${image}: ${msg}${kept ? ' (its previous lock entry is kept)' : ''}\n`);
    }
  }
  const text = serializeLock({ lockfileVersion: LOCK_FILE_VERSION, images });
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  if (old !== text) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  }
  say(`${old === text ? 'unchanged' : 'wrote'} ${display}: ${Object.keys(images).length} image(s)${failures.length > 0 ? `; ${failures.length} could not be resolved` : ''}\n`);
  return failures.length > 0 ? 1 : 0;
}
