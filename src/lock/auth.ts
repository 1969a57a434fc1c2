/**
 * Registry credentials, as docker finds them: `$DOCKER_CONFIG/config.json` (default
 * `~/.docker/config.json`), `auths[HOST].auth` (base64 `user:password`) or `username`/`password`,
 * `credHelpers[HOST]` or `credsStore` (a `docker-credential-NAME` program on PATH, run with `get`).
 * No config file, or no entry for a host, means anonymous access (public images).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

export class CredentialError extends Error {}

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

/** The keys docker uses for Docker Hub in config.json. */
const DOCKER_HUB_KEYS = ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io'];

/** `https://host:5000/v1/` → `host:5000`. */
function hostOf(key: string): string {
  return key.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');
}

export class CredentialStore {
  private readonly config: DockerConfig;
  /** Where the config was read, for messages (`~/.docker/config.json`). */
  readonly display: string;

  constructor(env: Readonly<Record<string, string | undefined>>) {
    const dir = env.DOCKER_CONFIG ?? path.join(env.HOME ?? os.homedir(), '.docker');
    const file = path.join(dir, 'config.json');
    this.display = env.DOCKER_CONFIG !== undefined ? file : '~/.docker/config.json';
    let text: string | undefined;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      text = undefined;
    }
    try {
      this.config = text === undefined ? {} : (JSON.parse(text) as DockerConfig);
    } catch (e) {
      throw new CredentialError(`${this.display}: not valid JSON (${(e as Error).message}); fix the file or point DOCKER_CONFIG at another folder`);
    }
  }

  /** Credentials for `registry` (as in the reference: `docker.io`, `ghcr.io`, `host:5000`), or undefined (anonymous). */
  lookup(registry: string): Credentials | undefined {
    const keys = registry === 'docker.io' ? DOCKER_HUB_KEYS : [registry];
    const helper = Object.entries(this.config.credHelpers ?? {}).find(([k]) => keys.includes(hostOf(k)));
    if (helper) return this.runHelper(helper[1], registry, `credHelpers["${helper[0]}"]`);
    const entry = Object.entries(this.config.auths ?? {}).find(([k]) => keys.includes(hostOf(k)));
    const e = entry?.[1];
    if (e?.auth) {
      const decoded = Buffer.from(e.auth, 'base64').toString('utf8');
      const i = decoded.indexOf(':');
      if (i < 0) throw new CredentialError(`${this.display}: auths["${entry![0]}"].auth is not base64 of "user:password"; run docker login ${registry} again`);
      return { username: decoded.slice(0, i), password: decoded.slice(i + 1) };
    }
    if (e?.username !== undefined && e.password !== undefined) return { username: e.username, password: e.password };
    if (this.config.credsStore) return this.runHelper(this.config.credsStore, registry, 'credsStore');
    return undefined;
  }

  private runHelper(name: string, registry: string, where: string): Credentials | undefined {
    const program = `docker-credential-${name}`;
    const server = registry === 'docker.io' ? DOCKER_HUB_KEYS[0] : registry;
    const r = spawnSync(program, ['get'], { input: server, encoding: 'utf8', timeout: 30_000 });
    if (r.error || r.status === null) {
      throw new CredentialError(
        `${this.display}: ${where} names the credential helper "${name}", but ${program} cannot be run here (${r.error?.message ?? 'it was stopped'}); install ${program} on PATH, or remove the entry and add auths["${registry}"] (docker login ${registry}), or use a DOCKER_CONFIG folder without it`,
      );
    }
    if (r.status !== 0) {
      if (/credentials not found/i.test(`${r.stdout}${r.stderr}`)) return undefined;
      throw new CredentialError(`${program} get failed for ${registry}: ${(r.stderr || r.stdout).trim()}; run docker login ${registry}`);
    }
    try {
      const out = JSON.parse(r.stdout) as { Username?: string; Secret?: string };
      return out.Secret ? { username: out.Username ?? '', password: out.Secret } : undefined;
    } catch {
      throw new CredentialError(`${program} get printed something that is not JSON for ${registry}; check the helper`);
    }
  }
}

/** `Bearer realm="…",service="…",scope="…"` → its parameters, or undefined for another scheme. */
export function parseChallenge(header: string | undefined): { scheme: string; params: Record<string, string> } | undefined {
  if (header === undefined) return undefined;
  const m = /^\s*(\w+)\s*(.*)$/s.exec(header);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  for (const p of m[2].matchAll(/(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) params[p[1].toLowerCase()] = p[2] ?? p[3];
  return { scheme: m[1].toLowerCase(), params };
}

export function basicHeader(c: Credentials): string {
  return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
}
