/** `lock` then `synth --locked --pin-digests` against the test registry: the lock's facts reach every decision. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/run';
import { TestRegistry } from './test-registry';

const reg = new TestRegistry();
let dockerConfig: string;
let appIndex: string;
let dir: string;

const APP_CONFIG = {
  User: '1001',
  ExposedPorts: { '8080/tcp': {} },
  Volumes: { '/data': {} },
  Healthcheck: { Test: ['CMD', 'wget', '-q', '-O-', 'http://localhost:8080/healthz'], Interval: 15e9, Timeout: 5e9, Retries: 3, StartPeriod: 20e9 },
  Labels: { 'org.opencontainers.image.version': '3.1.4' },
};

beforeAll(async () => {
  await reg.start();
  appIndex = reg.index('acme/app', 'latest', { 'linux/amd64': { config: APP_CONFIG }, 'linux/arm64': { config: APP_CONFIG } }).digest;
  reg.index('library/postgres', '16', { 'linux/amd64': { config: { User: '', Env: ['PG_MAJOR=16', 'PGDATA=/var/lib/postgresql/data'], ExposedPorts: { '5432/tcp': {} }, Volumes: { '/var/lib/postgresql/data': {} } } } });
  reg.image('tensorchord/pgvecto-rs', 'pg16-v0.2.0', { config: { User: '', Env: ['PG_MAJOR=16', 'PGDATA=/var/lib/postgresql/data'], ExposedPorts: { '5432/tcp': {} }, Volumes: { '/var/lib/postgresql/data': {} } } });
  reg.image('acme/rootly', '2.0', { config: { User: '', ExposedPorts: { '9000/tcp': {} } } });
  dockerConfig = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-docker-'));
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-synth-locked-'));
  fs.writeFileSync(
    path.join(dir, 'compose.yaml'),
    [
      'name: shop',
      'services:',
      '  app:',
      `    image: ${reg.host}/acme/app:latest`,
      '    depends_on: [db, vectors]',
      '  db:',
      `    image: ${reg.host}/library/postgres:16`,
      '    volumes: ["pg:/var/lib/postgresql/data"]',
      '  vectors:',
      `    image: ${reg.host}/tensorchord/pgvecto-rs:pg16-v0.2.0`,
      '    volumes: ["vec:/var/lib/postgresql/data"]',
      '  worker:',
      `    image: ${reg.host}/acme/rootly:2.0`,
      'volumes:',
      '  pg: {}',
      '  vec: {}',
      '',
    ].join('\n'),
  );
});

afterAll(async () => {
  await reg.stop();
  fs.rmSync(dockerConfig, { recursive: true, force: true });
  fs.rmSync(dir, { recursive: true, force: true });
});

async function cli(argv: string[]) {
  let stderr = '';
  let stdout = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: dir, env: { DOCKER_CONFIG: dockerConfig } });
  return { code, stderr, stdout };
}

const read = (f: string) => fs.readFileSync(path.join(dir, 'out', f), 'utf8');
const fileOf = (pattern: RegExp) => { const fs0 = fs.readdirSync(path.join(dir, 'out')); const f = fs0.find((x) => pattern.test(x)); if (!f) throw new Error(`no ${pattern} in ${fs0.join(' ')}`); return f; };

describe('synth with the lock', () => {
  test('lock, then synth --locked --pin-digests', async () => {
    const lock = await cli(['lock', '--insecure-registry', reg.host]);
    expect(lock.code).toBe(0);
    const synth = await cli(['synth', '--locked', '--pin-digests', '-o', 'out']);
    expect(synth.stderr).not.toContain('internal error');
    expect(synth.code).toBe(0);
    const app = read(fileOf(/deployment-app\.yaml$|statefulset-app\.yaml$/));
    expect(app).toContain(`image: ${reg.host}/acme/app:latest@${appIndex}`);
    expect(app).toContain('runAsUser: 1001');
    expect(app).toMatch(/containerPort: 8080/);
    expect(app).toMatch(/readinessProbe:/);
    expect(app).toMatch(/livenessProbe:/);
    expect(app).toContain('mountPath: /data');
    expect(app).toContain('app.kubernetes.io/version: 3.1.4');
    const svc = read(fileOf(/service-app\.yaml$/));
    expect(svc).toMatch(/port: 8080/);
    // the claim at /data
    expect(read('30-persistentvolumeclaim-app-data.yaml')).toContain('name: app-data');
    expect(app).toMatch(/- name: (\S+)\n\s+persistentVolumeClaim:\n\s+claimName: app-data/);
    expect(app).toContain('imagePullPolicy: IfNotPresent');
    expect(synth.stderr).not.toContain('uses the tag "latest"');
    // no warning asking for the user of a locked image
    expect(synth.stderr).not.toMatch(/services\.app: the image's user is unknown/);
    // the official postgres (User "") keeps its profile's user; the derived image is recognised
    expect(read(fileOf(/statefulset-db\.yaml$/))).toContain('runAsUser: 999');
    expect(read(fileOf(/statefulset-vectors\.yaml$/))).toContain('runAsUser: 999');
    const readme = read('README.md');
    expect(readme).toMatch(/vectors[\s\S]*image facts: user 999 \(profile; the lock says root\); ports 5432\/tcp \(lock\); data \/var\/lib\/postgresql\/data \(lock\); profile postgres \(derived image: Env PG_MAJOR, PGDATA\)/);
    // a root image without a profile says so from its configuration
    expect(synth.stderr).toMatch(/services\.worker: the image's configuration .*sets no user|services\.worker: .*runs as root/);
    expect(readme).toMatch(/image facts: .*user 1001 \(lock\)/);
  });

  test('--locked with a stale lock is an error; without --locked the lock is simply used', async () => {
    const compose = fs.readFileSync(path.join(dir, 'compose.yaml'), 'utf8');
    fs.writeFileSync(path.join(dir, 'compose.yaml'), compose.replace('acme/rootly:2.0', 'acme/rootly:2.1'));
    try {
      const r = await cli(['synth', '--locked', '-o', 'out2']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`services.worker.image: --locked: image "${reg.host}/acme/rootly:2.1" is not in cdk8s-compose.lock.json (the lock is stale)`);
      expect(r.stderr).toContain(`the lock holds images the compose files no longer use ("${reg.host}/acme/rootly:2.0")`);
      expect(fs.existsSync(path.join(dir, 'out2'))).toBe(false);
      const plain = await cli(['check']);
      expect(plain.code).toBe(0);
    } finally {
      fs.writeFileSync(path.join(dir, 'compose.yaml'), compose);
    }
  });
});
