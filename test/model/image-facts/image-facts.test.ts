/** Image facts from a lock file (given directly: no registry), by the precedence of DESIGN "Image facts". */
import type { ImageFacts, LockFile } from '../../../src/lockfile';
import { derivedProfile, lockedHealthcheck, tagSaysNothing } from '../../../src/model/image-facts';
import { compileText, find, mainContainer, podSpecOf } from '../../helpers';

const D = `sha256:${'d'.repeat(64)}`;

function facts(f: Partial<ImageFacts>): ImageFacts {
  return { user: '', exposedPorts: [], volumes: [], env: [], labels: {}, ...f };
}

function lockOf(images: Record<string, Partial<ImageFacts>>): LockFile {
  return {
    lockfileVersion: 1,
    images: Object.fromEntries(Object.entries(images).map(([k, f]) => [k, { resolved: k, digest: D, platform: 'linux/amd64', manifest: D, config: D, facts: facts(f) }])),
  };
}

const warnings = (r: ReturnType<typeof compileText>) => r.warnings.map((w) => `${w.path}: ${w.message}`);

describe('image facts in synth', () => {
  test('a named user the lock resolved: numbers, no warning; compose naming the same user gets them too', () => {
    const lock = lockOf({ 'ghcr.io/acme/chat:2.1': { user: 'chat', uid: 1500, gid: 1500, userLookup: { layersRead: 1, bytesRead: 100 } } });
    const r = compileText('services:\n  chat:\n    image: ghcr.io/acme/chat:2.1\n  chat2:\n    image: ghcr.io/acme/chat:2.1\n    user: chat\n', { lock });
    expect(podSpecOf(find(r, 'Deployment', 'chat')).securityContext).toMatchObject({ runAsUser: 1500, runAsGroup: 1500 });
    expect(podSpecOf(find(r, 'Deployment', 'chat2')).securityContext).toMatchObject({ runAsUser: 1500, runAsGroup: 1500 });
    expect(warnings(r).filter((w) => /user/.test(w) && /chat/.test(w))).toEqual([]);
  });

  test('compose user wins over the lock; the lock wins over a profile, and the report says they differ', () => {
    const lock = lockOf({ 'redis:7.4.1': { user: '1001', uid: 1001, exposedPorts: ['6379/tcp'], volumes: ['/data'] } });
    const own = compileText('services:\n  cache:\n    image: redis:7.4.1\n    user: "2000:2000"\n', { lock });
    expect(podSpecOf(find(own, 'Deployment', 'cache')).securityContext).toMatchObject({ runAsUser: 2000 });
    const r = compileText('services:\n  cache:\n    image: redis:7.4.1\n', { lock });
    const wl = r.objects.find((o) => (o.kind === 'Deployment' || o.kind === 'StatefulSet') && o.metadata.name === 'cache')!;
    expect(podSpecOf(wl).securityContext).toMatchObject({ runAsUser: 1001 });
    const notes = r.report.services.find((s) => s.service === 'cache')!.notes.join('\n');
    expect(notes).toContain("image facts: user 1001 (lock); ports 6379/tcp (lock); data /data (lock); profile redis (the image name); the lock's user 1001 differs from the profile's 999 (the lock wins)");
  });

  test('an empty User never overrides the profile; without a profile it is a root image, said from its configuration', () => {
    const lock = lockOf({ 'mysql:8.4.3': { user: '' }, 'ghcr.io/acme/tool:1.0': { user: '' } });
    const r = compileText('services:\n  db:\n    image: mysql:8.4.3\n    volumes: [d:/var/lib/mysql]\n  tool:\n    image: ghcr.io/acme/tool:1.0\nvolumes:\n  d: {}\n', { lock });
    expect(podSpecOf(find(r, 'StatefulSet', 'db')).securityContext).toMatchObject({ runAsUser: 999 });
    const w = warnings(r);
    expect(w).toContain(
      'services.tool: the image\'s configuration (lock file) sets User "", so the image runs as root, which Pod Security "restricted" forbids; the pod runs as UID/GID 65532, which cannot write the files the image leaves to root: set user: "UID:GID" to a non-root user the image supports, or keep root with x-k8s.podSecurity: baseline and user: root',
    );
    expect(w.some((x) => /the image's user is unknown/.test(x))).toBe(false);
  });

  test('ExposedPorts are container and Service ports; the image healthcheck becomes probes only when compose sets none', () => {
    const lock = lockOf({
      'ghcr.io/acme/api:3.0': { user: '1001', uid: 1001, exposedPorts: ['9000/tcp', '9001/udp'], healthcheck: { test: ['CMD-SHELL', 'curl -fsS http://localhost:9000/ready || exit 1'], interval: 5e9, retries: 2 } },
    });
    const r = compileText('services:\n  api:\n    image: ghcr.io/acme/api:3.0\n', { lock });
    const c = mainContainer(find(r, 'Deployment', 'api'));
    expect(c.ports.map((p: { containerPort: number; protocol: string }) => `${p.containerPort}/${p.protocol}`)).toEqual(['9000/TCP', '9001/UDP']);
    expect(c.readinessProbe.httpGet).toMatchObject({ path: '/ready' });
    expect((find(r, 'Service', 'api').spec as { ports: { port: number }[] }).ports.map((p) => p.port)).toEqual([9000, 9001]);
    const own = compileText('services:\n  api:\n    image: ghcr.io/acme/api:3.0\n    healthcheck:\n      disable: true\n', { lock });
    expect(mainContainer(find(own, 'Deployment', 'api')).readinessProbe).toBeUndefined();
  });

  test('the version label when the tag says nothing and the value is a valid label value', () => {
    const lock = lockOf({ 'ghcr.io/acme/a:stable': { user: '7', uid: 7, labels: { 'org.opencontainers.image.version': '1.4.2' } }, 'ghcr.io/acme/b:stable': { user: '7', uid: 7, labels: { 'org.opencontainers.image.version': '1.4.2+build.7' } }, 'ghcr.io/acme/c:2.0': { user: '7', uid: 7, labels: { 'org.opencontainers.image.version': '9.9.9' } } });
    const r = compileText('services:\n  a:\n    image: ghcr.io/acme/a:stable\n  b:\n    image: ghcr.io/acme/b:stable\n  c:\n    image: ghcr.io/acme/c:2.0\n', { lock });
    const version = (n: string) => (find(r, 'Deployment', n).metadata as unknown as { labels: Record<string, string> }).labels['app.kubernetes.io/version'];
    expect(version('a')).toBe('1.4.2');
    expect(version('b')).toBe('stable');
    expect(version('c')).toBe('2.0');
    expect(tagSaysNothing('latest')).toBe(true);
    expect(tagSaysNothing('v2')).toBe(false);
  });

  test('x-k8s.pinDigests pins locked images only', () => {
    const lock = lockOf({ 'ghcr.io/acme/a:1.0': { user: '7', uid: 7 } });
    const r = compileText('x-k8s:\n  pinDigests: true\nservices:\n  a:\n    image: ghcr.io/acme/a:1.0\n  b:\n    image: ghcr.io/acme/b:1.0\n    user: "8:8"\n', { lock });
    expect(mainContainer(find(r, 'Deployment', 'a')).image).toBe(`ghcr.io/acme/a:1.0@${D}`);
    expect(mainContainer(find(r, 'Deployment', 'b')).image).toBe('ghcr.io/acme/b:1.0');
  });
});

describe('derived images and the image healthcheck', () => {
  test('derived profiles: Env signature or the base-name label; version from the environment', () => {
    expect(derivedProfile(facts({ env: ['PG_MAJOR=17', 'PGDATA=/var/lib/postgresql/data'] }), 'pg17-v0.3.0')).toEqual({ name: 'postgres', version: { major: 17, alpine: false, variants: ['pg17', 'v0'] }, because: 'Env PG_MAJOR, PGDATA' });
    expect(derivedProfile(facts({ env: ['PG_MAJOR=16'] }), undefined)).toBeUndefined();
    expect(derivedProfile(facts({ labels: { 'org.opencontainers.image.base.name': 'docker.io/library/redis:7-alpine' } }), '1.0')?.name).toBe('redis');
    expect(derivedProfile(facts({ labels: { 'org.opencontainers.image.base.name': 'ghcr.io/acme/redis:7' } }), '1.0')).toBeUndefined();
    expect(derivedProfile(facts({ env: ['MARIADB_VERSION=1:11.4.2+maria~ubu2404'] }), 'x')?.version.major).toBe(11);
  });

  test('healthcheck forms and units', () => {
    expect(lockedHealthcheck(facts({ healthcheck: { test: ['CMD', 'pg_isready'], interval: 10e9, timeout: 2e9, startPeriod: 30e9, retries: 4 } }))).toEqual({
      test: [['pg_isready']], form: 'CMD', disabled: false, interval: 10000, timeout: 2000, startPeriod: 30000, retries: 4,
    });
    expect(lockedHealthcheck(facts({ healthcheck: { test: ['CMD-SHELL', 'redis-cli ping'] } }))?.test).toEqual([['sh'], ['-c'], ['redis-cli ping']]);
    expect(lockedHealthcheck(facts({ healthcheck: { test: ['NONE'] } }))).toBeUndefined();
  });
});
