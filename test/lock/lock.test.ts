/** `cdk8s-compose lock` against a registry served by the test itself (127.0.0.1, no network). */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/run';
import { lock } from '../../src/lock';
import { readLockFile, type LockFile } from '../../src/lockfile';
import { layer, sha, TestRegistry } from './test-registry';

const reg = new TestRegistry();
let dockerConfig: string;
const PASSWD_BASE = 'root:x:0:0:root:/root:/bin/sh\n';
const PASSWD_APP = `${PASSWD_BASE}app:x:1000:1000::/home/app:/bin/sh\n`;

let appImage: { digest: string; manifests: Record<string, string> };
let namedLayers: Buffer[];

beforeAll(async () => {
  await reg.start();
  const appConfig = {
    User: '1001',
    ExposedPorts: { '8080/tcp': {} },
    Volumes: { '/data': {} },
    WorkingDir: '/srv',
    Env: ['PATH=/usr/bin', 'APP_HOME=/srv'],
    Cmd: ['serve'],
    Healthcheck: { Test: ['CMD', 'curl', '-f', 'http://localhost:8080/health'], Interval: 10e9, Timeout: 3e9, Retries: 3 },
    Labels: { 'org.opencontainers.image.version': '2.3.4' },
  };
  appImage = reg.index('acme/app', '1.0', { 'linux/amd64': { config: appConfig }, 'linux/arm64': { config: { ...appConfig, User: '2002' } } });
  namedLayers = [
    layer({ 'etc/': null, 'etc/passwd': PASSWD_BASE, 'etc/group': 'root:x:0:\n', 'bin/sh': 'x' }),
    layer({ './etc/passwd': PASSWD_APP, './etc/group': 'root:x:0:\napp:x:1000:\nstaff:x:50:\n' }),
    layer({ 'srv/app.js': 'console.log(1)\n' }),
  ];
  reg.image('acme/named', '1', { config: { User: 'app:staff' }, layers: namedLayers });
  for (const l of namedLayers) reg.redirected.add(sha(l));
  reg.image('acme/deleted', '1', { config: { User: 'app' }, layers: [namedLayers[1], layer({ 'etc/.wh.passwd': '' })] });
  reg.image('acme/zstd', '1', { config: { User: 'app' }, layers: [Buffer.from('not really zstd')], layerMediaType: 'application/vnd.oci.image.layer.v1.tar+zstd' });
  reg.image('acme/root', '1', { config: { User: 'root' } });
  reg.image('acme/badgzip', '1', { config: { User: 'app' }, layers: [Buffer.from('this is not gzip')] });
  const badLayer = layer({ 'etc/passwd': PASSWD_APP });
  reg.image('acme/badlayer', '1', { config: { User: 'app' }, layers: [badLayer] });
  reg.corrupt.add(sha(badLayer));
  reg.index('library/postgres', '16', { 'linux/amd64': { config: { User: '', Env: ['PG_MAJOR=16', 'PGDATA=/var/lib/postgresql/data'], ExposedPorts: { '5432/tcp': {} }, Volumes: { '/var/lib/postgresql/data': {} } } } });
  reg.index('acme/armonly', '1', { 'linux/arm64/v8': { config: { User: '1' } } });
  const corrupt = reg.image('acme/corrupt', '1', { config: { User: '7' } });
  reg.corrupt.add(corrupt.config);
  reg.image('private/app', '1', { config: { User: '4242' } });
  reg.image('secure/app', '1', { config: { User: '4343' } });
  reg.image('acme/flaky', '1', { config: { User: '5' } });
  reg.image('acme/limited', '1', { config: { User: '6' } });
  reg.image('acme/slow', '1', { config: { User: '8' } });
  reg.silent.add('acme/slow');
  dockerConfig = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-docker-'));
  const auth = Buffer.from(reg.login).toString('base64');
  fs.writeFileSync(path.join(dockerConfig, 'config.json'), JSON.stringify({ auths: { [reg.host]: { auth } } }));
});

afterAll(async () => {
  await reg.stop();
  fs.rmSync(dockerConfig, { recursive: true, force: true });
});

function project(services: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-lock-'));
  const body = Object.entries(services)
    .map(([name, image]) => `  ${name}:\n    image: ${image}\n`)
    .join('');
  fs.writeFileSync(path.join(dir, 'compose.yaml'), `name: app\nservices:\n${body}`);
  return dir;
}

async function runLock(dir: string, extra: string[] = [], env: Record<string, string> = { DOCKER_CONFIG: dockerConfig }) {
  let stderr = '';
  const code = await main(['lock', '--insecure-registry', reg.host, ...extra], { stdout: () => undefined, stderr: (t) => (stderr += t), cwd: dir, env });
  return { code, stderr };
}

const readLock = (dir: string): LockFile => readLockFile(path.join(dir, 'cdk8s-compose.lock.json'), 'lock')!;

describe('lock', () => {
  test('an OCI index: the platform manifest (attestations skipped), the config facts, the index digest', async () => {
    const dir = project({ web: `${reg.host}/acme/app:1.0` });
    const r = await runLock(dir);
    expect(r.stderr).toMatch(new RegExp(`^locked ${reg.host}/acme/app:1.0 sha256:\\S+ linux/amd64 user "1001" \\(\\d+ requests, [\\d.]+ s\\)$`, 'm'));
    expect(r.code).toBe(0);
    const entry = readLock(dir).images[`${reg.host}/acme/app:1.0`];
    expect(entry.digest).toBe(appImage.digest);
    expect(entry.manifest).toBe(appImage.manifests['linux/amd64']);
    expect(entry.platform).toBe('linux/amd64');
    expect(entry.resolved).toBe(`${reg.host}/acme/app:1.0`);
    expect(entry.facts).toEqual({
      user: '1001',
      uid: 1001,
      exposedPorts: ['8080/tcp'],
      volumes: ['/data'],
      workingDir: '/srv',
      env: ['PATH=/usr/bin', 'APP_HOME=/srv'],
      cmd: ['serve'],
      healthcheck: { test: ['CMD', 'curl', '-f', 'http://localhost:8080/health'], interval: 10e9, timeout: 3e9, retries: 3 },
      labels: { 'org.opencontainers.image.version': '2.3.4' },
    });
    // deterministic: sorted keys, no timestamps; a second run rewrites nothing and asks with HEAD only
    const text = fs.readFileSync(path.join(dir, 'cdk8s-compose.lock.json'), 'utf8');
    expect(text.indexOf('"images"')).toBeGreaterThan(-1);
    expect(Object.keys(JSON.parse(text))).toEqual(['images', 'lockfileVersion']);
    const before = reg.log.length;
    const again = await runLock(dir);
    expect(again.stderr).toMatch(/^unchanged .*acme\/app:1\.0 /m);
    expect(fs.readFileSync(path.join(dir, 'cdk8s-compose.lock.json'), 'utf8')).toBe(text);
    expect(reg.log.slice(before).filter((l) => l.path.includes('/v2/')).map((l) => l.method)).toEqual(['HEAD', 'HEAD']); // anonymous, then with the token
  });

  test('--platform chooses another manifest of the index; a missing platform is an error naming the offered ones', async () => {
    const dir = project({ web: `${reg.host}/acme/app:1.0`, arm: `${reg.host}/acme/armonly:1` });
    const r = await runLock(dir, ['--platform', 'linux/arm64']);
    expect(readLock(dir).images[`${reg.host}/acme/app:1.0`].facts.uid).toBe(2002);
    expect(readLock(dir).images[`${reg.host}/acme/armonly:1`].platform).toBe('linux/arm64');
    expect(r.code).toBe(0);
    const amd = await runLock(dir);
    expect(amd.code).toBe(1);
    expect(amd.stderr).toContain(`error: ${reg.host}/acme/armonly:1: no image for linux/amd64 (the image offers linux/arm64/v8); choose one with --platform`);
  });

  test('a named user is resolved from /etc/passwd and /etc/group, newest layer first, through redirects without Authorization', async () => {
    const dir = project({ named: `${reg.host}/acme/named:1` });
    const before = reg.log.length;
    const r = await runLock(dir);
    expect(r.code).toBe(0);
    const f = readLock(dir).images[`${reg.host}/acme/named:1`].facts;
    expect(f).toMatchObject({ user: 'app:staff', uid: 1000, gid: 50 });
    // the newest layer (no /etc) and the one with useradd: two layers, the base layer untouched
    expect(f.userLookup).toEqual({ layersRead: 2, bytesRead: namedLayers[2].length + namedLayers[1].length });
    expect(r.stderr).toContain(`user "app:staff" = 1000:50, read ${namedLayers[2].length + namedLayers[1].length} bytes of 2 layer(s)`);
    const storage = reg.log.slice(before).filter((l) => l.path.startsWith('/storage/'));
    expect(storage).toHaveLength(2);
    expect(storage.every((l) => l.authorization === undefined)).toBe(true);
    expect(storage.some((l) => l.path.endsWith(sha(namedLayers[0])))).toBe(false);
  });

  test('a whiteout of /etc/passwd hides the older file; a zstd layer is a clear error', async () => {
    const dir = project({ a: `${reg.host}/acme/deleted:1`, b: `${reg.host}/acme/zstd:1` });
    const r = await runLock(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: ${reg.host}/acme/deleted:1: the image's user "app" is not in its /etc/passwd (the image has none); set user: with numbers`);
    expect(r.stderr).toMatch(/acme\/zstd:1: layer sha256:\w+ is zstd-compressed, which Node 20 cannot read/);
  });

  test('a layer that is not gzip, or does not match its digest, is an error naming it', async () => {
    const r = await runLock(project({ a: `${reg.host}/acme/badgzip:1`, b: `${reg.host}/acme/badlayer:1` }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/acme\/badgzip:1: layer sha256:\w+ cannot be read \(.*\); set user: with numbers/);
    expect(r.stderr).toMatch(/acme\/badlayer:1: layer sha256:\w+: digest mismatch/);
  });

  test('root and empty users are recorded as they are', async () => {
    const dir = project({ r: `${reg.host}/acme/root:1`, db: `${reg.host}/library/postgres:16` });
    expect((await runLock(dir)).code).toBe(0);
    const lockFile = readLock(dir);
    expect(lockFile.images[`${reg.host}/acme/root:1`].facts).toMatchObject({ user: 'root', uid: 0 });
    const pg = lockFile.images[`${reg.host}/library/postgres:16`].facts;
    expect(pg.user).toBe('');
    expect(pg.uid).toBeUndefined();
    expect(pg.env).toContain('PG_MAJOR=16');
  });

  test('a corrupt blob is a digest mismatch error; the other images are still written', async () => {
    const dir = project({ bad: `${reg.host}/acme/corrupt:1`, good: `${reg.host}/acme/root:1` });
    const r = await runLock(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: .*acme\/corrupt:1: config sha256:\w+: digest mismatch: expected sha256:\w+, received sha256:\w+/);
    expect(Object.keys(readLock(dir).images)).toEqual([`${reg.host}/acme/root:1`]);
    expect(r.stderr).toContain('wrote cdk8s-compose.lock.json: 1 image(s); 1 could not be resolved');
  });

  test('credentials from DOCKER_CONFIG: basic auth, and a bearer token that needs them; 401 without them', async () => {
    const dir = project({ p: `${reg.host}/private/app:1`, s: `${reg.host}/secure/app:1` });
    const ok = await runLock(dir);
    expect(ok.code).toBe(0);
    expect(readLock(dir).images[`${reg.host}/private/app:1`].facts.uid).toBe(4242);
    expect(readLock(dir).images[`${reg.host}/secure/app:1`].facts.uid).toBe(4343);
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-nodocker-'));
    const denied = await runLock(project({ p: `${reg.host}/private/app:1`, s: `${reg.host}/secure/app:1` }), [], { DOCKER_CONFIG: empty });
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain(`error: ${reg.host}/private/app:1: ${reg.host} needs credentials for private/app (or the repository does not exist); run docker login ${reg.host}`);
    expect(denied.stderr).toContain(`needs credentials for secure/app`);
  });

  test('a credential helper that cannot run is an error naming it', async () => {
    const cfg = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-helper-'));
    fs.writeFileSync(path.join(cfg, 'config.json'), JSON.stringify({ credHelpers: { [reg.host]: 'nonexistent-vault' } }));
    const r = await runLock(project({ p: `${reg.host}/private/app:1` }), [], { DOCKER_CONFIG: cfg, PATH: '/nonexistent' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`credHelpers["${reg.host}"] names the credential helper "nonexistent-vault", but docker-credential-nonexistent-vault cannot be run here`);
  });

  test('404, 429 after retries, a 503 that recovers', async () => {
    reg.failures.set('acme/limited', { status: 429, remaining: Infinity });
    reg.failures.set('acme/flaky', { status: 503, remaining: 1 });
    const dir = project({ a: `${reg.host}/acme/nothere:1`, b: `${reg.host}/acme/limited:1`, c: `${reg.host}/acme/flaky:1` });
    const r = await runLock(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: ${reg.host}/acme/nothere:1: not found (404); check the name and the tag`);
    expect(r.stderr).toContain(`error: ${reg.host}/acme/limited:1: the registry limits requests (429) and kept refusing after retries`);
    expect(readLock(dir).images[`${reg.host}/acme/flaky:1`].facts.uid).toBe(5);
    reg.failures.clear();
  });

  test('a registry that does not answer times out', async () => {
    const dir = project({ s: `${reg.host}/acme/slow:1` });
    let stderr = '';
    const started = Date.now();
    const code = await lock({ files: [], cwd: dir, environment: { DOCKER_CONFIG: dockerConfig }, insecureRegistries: [reg.host], stderr: (t) => (stderr += t), http: { timeoutMs: 200, retries: 1, retryBaseMs: 10 } });
    expect(code).toBe(1);
    expect(stderr).toContain(`error: ${reg.host}/acme/slow:1: no answer from ${reg.host} within 0.2 s`);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('images the project builds are not locked; --lock-file chooses the file', async () => {
    const dir = project({ web: `${reg.host}/acme/root:1` });
    fs.appendFileSync(path.join(dir, 'compose.yaml'), `  api:\n    build: .\n    image: ${reg.host}/acme/api:1\n`);
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
    const r = await runLock(dir, ['--lock-file', 'locks/images.json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^locked .*acme\/root:1 .* user "root" \(/m);
    expect(r.stderr).not.toContain('acme/api');
    expect(r.stderr).toContain('wrote locks/images.json: 1 image(s)');
    expect(Object.keys(readLockFile(path.join(dir, 'locks/images.json'), 'x')!.images)).toEqual([`${reg.host}/acme/root:1`]);
  });
});
