/**
 * Manifests that start on a real cluster (issue 13): image profiles through mirror paths, postgres
 * 18 and alpine facts, the root filesystem and user of unknown images, the first-start window of
 * databases, the Host header of HTTP probes, and published database ports. Each case is written for
 * the general rule (another image, another path), not only the example that showed it.
 */
import { formatDiagnostic, UserError } from '../../src/diagnostics';
import { Any, compileText, find, mainContainer, podSpecOf } from '../helpers';

/** The error lines of a compose text that does not compile. */
function errorsOf(compose: string): string[] {
  try {
    compileText(compose);
  } catch (e) {
    if (e instanceof UserError) return e.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
    throw e;
  }
  throw new Error('compiled without errors');
}

function volumeAt(pod: Any, c: Any, mountPath: string): Any {
  const m = c.volumeMounts.find((x: Any) => x.mountPath === mountPath);
  if (!m) throw new Error(`no mount at ${mountPath}; have ${c.volumeMounts.map((x: Any) => x.mountPath).join(', ')}`);
  return pod.volumes.find((v: Any) => v.name === m.name);
}

const envOf = (c: Any): Record<string, Any> => Object.fromEntries((c.env ?? []).map((e: Any) => [e.name, e]));
const window = (p: Any): number => p.periodSeconds * p.failureThreshold;

describe('image profiles match the official image through a registry mirror', () => {
  test('postgres from a Harbor proxy project: UID 999, writable /var/run/postgresql and /tmp, PGDATA in a subdirectory of the volume', () => {
    const r = compileText(`name: shop
services:
  db:
    image: harbor.example.com/dockerhub/library/postgres:16.4
    volumes: [pgdata:/var/lib/postgresql/data]
volumes:
  pgdata: {x-k8s: {size: 5Gi}}
`);
    const db = find(r, 'StatefulSet', 'db') as Any;
    const pod = podSpecOf(db);
    const c = mainContainer(db);
    expect(pod.securityContext).toMatchObject({ runAsUser: 999, runAsGroup: 999, fsGroup: 999 });
    expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(volumeAt(pod, c, '/var/run/postgresql').emptyDir).toEqual({ sizeLimit: '256Mi' });
    expect(volumeAt(pod, c, '/tmp').emptyDir).toEqual({ sizeLimit: '256Mi' });
    expect(envOf(c).PGDATA).toEqual({ name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' });
    expect(c.ports).toEqual([{ name: 'postgresql', containerPort: 5432, protocol: 'TCP' }]);
    expect(r.warnings.filter((w) => w.code === 'writable-root' || w.code === 'image-user')).toEqual([]);
  });

  test('mariadb from ECR Public and redis from mirror.gcr.io get their profiles; a same-named image of another owner does not', () => {
    const r = compileText(`name: shop
services:
  sql:
    image: public.ecr.aws/docker/library/mariadb:11.4.4
    volumes: [sqldata:/var/lib/mysql]
  cache:
    image: mirror.gcr.io/library/redis:7.4.1-alpine
  other:
    image: ghcr.io/acme/redis:7.4.1
volumes:
  sqldata: {x-k8s: {size: 5Gi}}
`);
    const sql = find(r, 'StatefulSet', 'sql') as Any;
    expect(podSpecOf(sql).securityContext).toMatchObject({ runAsUser: 999, runAsGroup: 999 });
    expect(volumeAt(podSpecOf(sql), mainContainer(sql), '/run/mysqld').emptyDir).toBeDefined();
    const cache = find(r, 'Deployment', 'cache') as Any;
    expect(podSpecOf(cache).securityContext).toMatchObject({ runAsUser: 999, runAsGroup: 1000 });
    expect(cache.metadata.labels['app.kubernetes.io/component']).toBe('cache');
    const other = find(r, 'Deployment', 'other') as Any;
    expect(podSpecOf(other).securityContext).toMatchObject({ runAsUser: 65532, runAsGroup: 65532 });
    expect(other.metadata.labels['app.kubernetes.io/component']).toBe('worker');
  });

  test('x-k8s.profile names a profile for a private copy of an official image; an unknown name is an error with a suggestion', () => {
    const r = compileText(`name: shop
services:
  db:
    image: registry.example.com/platform/postgres:16.4-alpine
    volumes: [pgdata:/var/lib/postgresql/data]
    x-k8s: {profile: postgres}
volumes:
  pgdata: {x-k8s: {size: 5Gi}}
`);
    const db = find(r, 'StatefulSet', 'db') as Any;
    expect(podSpecOf(db).securityContext).toMatchObject({ runAsUser: 70, runAsGroup: 70 });
    expect(envOf(mainContainer(db)).PGDATA.value).toBe('/var/lib/postgresql/data/pgdata');
    expect(
      errorsOf(`name: shop
services:
  db:
    image: registry.example.com/platform/postgres:16.4
    x-k8s: {profile: postgress}
  cache:
    image: registry.example.com/platform/keydb:6.3
    x-k8s: {profile: keydb}
`),
    ).toEqual([
      'error: compose.yaml: services.cache.x-k8s.profile: unknown image profile "keydb"; expected one of httpd, mariadb, memcached, mongo, mysql, nginx, nginx-unprivileged, postgres, rabbitmq, redis, valkey, wordpress',
      'error: compose.yaml: services.db.x-k8s.profile: unknown image profile "postgress"; did you mean "postgres"?',
    ]);
  });
});

describe('profiles follow version and variant', () => {
  test('postgres 18 (alpine): UID 70, the volume at /var/lib/postgresql holds PGDATA /var/lib/postgresql/18/docker, no PGDATA override', () => {
    const r = compileText(`name: shop
services:
  db:
    image: postgres:18.1-alpine
    volumes: [pgdata:/var/lib/postgresql]
  scratch:
    image: postgres:18.1
volumes:
  pgdata: {x-k8s: {size: 5Gi}}
`);
    const db = find(r, 'StatefulSet', 'db') as Any;
    const c = mainContainer(db);
    expect(podSpecOf(db).securityContext).toMatchObject({ runAsUser: 70, runAsGroup: 70, fsGroup: 70 });
    expect(c.volumeMounts).toContainEqual({ name: 'pgdata', mountPath: '/var/lib/postgresql' });
    expect(envOf(c).PGDATA).toBeUndefined();
    expect(c.volumeMounts.map((m: Any) => m.mountPath).sort()).toEqual(['/tmp', '/var/lib/postgresql', '/var/run/postgresql']);
    // Without a volume, PGDATA's parent is an emptyDir (Docker's anonymous volume for VOLUME /var/lib/postgresql).
    const scratch = find(r, 'Deployment', 'scratch') as Any;
    expect(volumeAt(podSpecOf(scratch), mainContainer(scratch), '/var/lib/postgresql').emptyDir).toEqual({ sizeLimit: '256Mi' });
    expect(podSpecOf(scratch).securityContext).toMatchObject({ runAsUser: 999, runAsGroup: 999 });
  });

  test('postgres 18 with a volume at /var/lib/postgresql/data renders with PGDATA on that volume and a warning with the fix; compose\'s own PGDATA wins', () => {
    const warning =
      'warning: compose.yaml: services.db.volumes[0]: a volume at /var/lib/postgresql/data: postgres 18 keeps its data in /var/lib/postgresql/18/docker (VOLUME /var/lib/postgresql): under compose its entrypoint exits when it finds data at /var/lib/postgresql/data, and a new database is written outside that volume; on Kubernetes PGDATA is set to /var/lib/postgresql/data/pgdata so that the data lands on this volume; to follow the image instead, mount the volume at /var/lib/postgresql (existing 17-or-older data needs pg_upgrade), or pin the image to postgres:17';
    // An image pinned by digest alone names no version: the newest (18) is assumed, as for a pinned 18.
    for (const image of ['docker.io/library/postgres:18', `postgres@sha256:${'ab'.repeat(32)}`]) {
      const r18 = compileText(`name: shop
services:
  db:
    image: ${image}
    volumes: [pgdata:/var/lib/postgresql/data]
volumes:
  pgdata: {x-k8s: {size: 5Gi}}
`);
      const db = find(r18, 'StatefulSet', 'db') as Any;
      expect(envOf(mainContainer(db)).PGDATA).toEqual({ name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' });
      // The claim (a volumeClaimTemplate or a standalone claim) stays mounted where compose put it.
      expect(mainContainer(db).volumeMounts.map((m: Any) => m.mountPath)).toContain('/var/lib/postgresql/data');
      expect(r18.warnings.filter((w) => w.path === 'services.db.volumes[0]').map(formatDiagnostic)).toEqual([warning]);
    }
    const r = compileText(`name: shop
services:
  db:
    image: postgres:18
    environment: {PGDATA: /var/lib/postgresql/data/pg18}
    volumes: [pgdata:/var/lib/postgresql/data]
volumes:
  pgdata: {x-k8s: {size: 5Gi}}
`);
    expect(envOf(mainContainer(find(r, 'StatefulSet', 'db'))).PGDATA.value).toBe('/var/lib/postgresql/data/pg18');
  });

  test('a database without a volume keeps its data in an emptyDir, with a warning that says how to keep it', () => {
    const r = compileText(`name: shop
services:
  db:
    image: mysql:8.4.3
`);
    const dep = find(r, 'Deployment', 'db') as Any;
    expect(volumeAt(podSpecOf(dep), mainContainer(dep), '/var/lib/mysql').emptyDir).toEqual({ sizeLimit: '256Mi' });
    expect(r.warnings.filter((w) => /data path/.test(w.message)).map(formatDiagnostic)).toEqual([
      'warning: compose.yaml: services.db: no volume holds the data path /var/lib/mysql: the data lives in an emptyDir and is lost when the pod is replaced; mount a named volume at /var/lib/mysql to keep it',
    ]);
  });
});

describe('root filesystem and user of images nothing is known about', () => {
  const unknown = (extra = '', top = '') => `name: shop
${top}services:
  web:
    image: ghcr.io/example/django-shop:2.3.1
    ports: ["8000:8000"]
${extra}`;

  test('writable root (no emptyDir stands in for the app folder), UID/GID 65532, two warnings that say what to set', () => {
    const r = compileText(unknown());
    const web = find(r, 'Deployment', 'web') as Any;
    const c = mainContainer(web);
    expect(c.securityContext.readOnlyRootFilesystem).toBe(false);
    expect(c.volumeMounts ?? []).toEqual([]);
    expect(podSpecOf(web).securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532 });
    const attention = r.warnings.filter((w) => w.code !== undefined).map((w) => [w.code, w.service, formatDiagnostic(w)]);
    expect(attention).toEqual([
      [
        'image-user',
        'web',
        `warning: compose.yaml: services.web: the image's user is unknown and compose sets no user, so the pod runs as UID/GID 65532 (Kubernetes can enforce non-root only for a numeric user: an image whose USER is a name fails to start with runAsNonRoot alone); set user: "UID:GID" to the image's user (docker image inspect -f '{{.Config.User}}' IMAGE gives the image's USER; for a name, docker run --rm --entrypoint id IMAGE gives its numbers), or x-k8s.profile when it is an official image under another name`,
      ],
      [
        'writable-root',
        'web',
        "warning: compose.yaml: services.web: the image's write paths are unknown, so the root filesystem stays writable (a read-only root crashes an app that writes outside its volumes); to harden it, list the folders it writes in x-k8s.writablePaths (an emptyDir each; /tmp is always one) or set x-k8s.readOnlyRootFilesystem: true on the service, or at the top level for every service",
      ],
    ]);
  });

  test('x-k8s.writablePaths makes the root read-only with an emptyDir for /tmp and each path', () => {
    const r = compileText(unknown(`    user: "1000:1000"
    x-k8s: {writablePaths: [/app/db, /app/media]}
`));
    const web = find(r, 'Deployment', 'web') as Any;
    const c = mainContainer(web);
    expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(c.volumeMounts.map((m: Any) => m.mountPath)).toEqual(['/tmp', '/app/db', '/app/media']);
    expect(podSpecOf(web).securityContext).toMatchObject({ runAsUser: 1000, runAsGroup: 1000 });
    expect(r.warnings.filter((w) => w.code !== undefined)).toEqual([]);
  });

  test('top-level x-k8s.readOnlyRootFilesystem: true hardens every service (only /tmp writable); a service can still opt out', () => {
    const r = compileText(`name: shop
x-k8s: {readOnlyRootFilesystem: true}
services:
  web:
    image: ghcr.io/example/django-shop:2.3.1
    user: "1000:1000"
  legacy:
    image: ghcr.io/example/legacy:1.0.0
    user: "1000:1000"
    x-k8s: {readOnlyRootFilesystem: false}
`);
    const web = mainContainer(find(r, 'Deployment', 'web'));
    expect(web.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(web.volumeMounts.map((m: Any) => m.mountPath)).toEqual(['/tmp']);
    expect(mainContainer(find(r, 'Deployment', 'legacy')).securityContext.readOnlyRootFilesystem).toBe(false);
    expect(r.warnings.filter((w) => w.code === 'writable-root')).toEqual([]);
  });

  test('compose read_only: true keeps a read-only root', () => {
    const r = compileText(unknown(`    user: "1000:1000"
    read_only: true
`));
    expect(mainContainer(find(r, 'Deployment', 'web')).securityContext.readOnlyRootFilesystem).toBe(true);
    expect(r.warnings.filter((w) => w.code === 'writable-root')).toEqual([]);
  });

  test('a user name is an image-user warning that says how to find the numbers', () => {
    const r = compileText(unknown(`    user: app
`));
    expect(r.warnings.filter((w) => w.code === 'image-user').map(formatDiagnostic)).toEqual([
      `warning: compose.yaml: services.web.user: user "app" is a name; Kubernetes needs a numeric UID to enforce non-root, so the pod runs as 65532; write the numeric "UID:GID" of that user instead (docker image inspect -f '{{.Config.User}}' IMAGE gives the image's USER; for a name, docker run --rm --entrypoint id IMAGE gives its numbers)`,
    ]);
  });
});

describe('databases get a first-start window of at least 10 minutes', () => {
  test('MySQL with start_period 30s: the startupProbe allows 600 s, not 90 s; readiness keeps compose timing', () => {
    const r = compileText(`name: shop
services:
  db:
    image: mysql:8.4.3
    volumes: [dbdata:/var/lib/mysql]
    healthcheck:
      test: ["CMD", "mysqladmin", "ping", "-h", "127.0.0.1"]
      interval: 10s
      timeout: 5s
      retries: 5
      start_period: 30s
      start_interval: 5s
volumes:
  dbdata: {x-k8s: {size: 5Gi}}
`);
    const c = mainContainer(find(r, 'StatefulSet', 'db'));
    expect(c.startupProbe).toMatchObject({ periodSeconds: 5, failureThreshold: 120 });
    expect(window(c.startupProbe)).toBe(600);
    expect(c.readinessProbe).toMatchObject({ periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 5 });
  });

  test('mongo without a healthcheck (TCP probes) and postgres with a long start_period: at least 600 s; a cache keeps 3 × start_period', () => {
    const r = compileText(`name: shop
services:
  docs:
    image: mongo:7.0.15
  pg:
    image: postgres:16.4
    healthcheck: {test: ["CMD-SHELL", "pg_isready"], start_period: 5m, start_interval: 10s}
  cache:
    image: redis:7.4.1
    healthcheck: {test: ["CMD", "redis-cli", "ping"], start_period: 20s, start_interval: 5s}
`);
    expect(window(mainContainer(find(r, 'Deployment', 'docs')).startupProbe)).toBe(600);
    expect(window(mainContainer(find(r, 'Deployment', 'pg')).startupProbe)).toBe(900);
    expect(window(mainContainer(find(r, 'Deployment', 'cache')).startupProbe)).toBe(60);
  });
});

describe('HTTP probes send the Host the healthcheck sent', () => {
  test('curl http://localhost:8000/… → Host: localhost:8000; a wget with --header keeps its headers', () => {
    const r = compileText(`name: shop
services:
  web:
    image: ghcr.io/example/django-shop:2.3.1
    user: "1000:1000"
    healthcheck: {test: ["CMD", "curl", "-fsS", "http://localhost:8000/health/"]}
  api:
    image: ghcr.io/example/rails-api:7.2.0
    user: "1000:1000"
    healthcheck: {test: "wget -q -O- --header='X-Probe: kubelet' http://127.0.0.1:3000/up"}
`);
    const web = mainContainer(find(r, 'Deployment', 'web'));
    expect(web.readinessProbe.httpGet).toEqual({ path: '/health/', port: 'http', scheme: 'HTTP', httpHeaders: [{ name: 'Host', value: 'localhost:8000' }] });
    expect(web.startupProbe.httpGet.httpHeaders).toEqual([{ name: 'Host', value: 'localhost:8000' }]);
    const api = mainContainer(find(r, 'Deployment', 'api'));
    expect(api.readinessProbe.httpGet.httpHeaders).toEqual([
      { name: 'Host', value: '127.0.0.1:3000' },
      { name: 'X-Probe', value: 'kubelet' },
    ]);
  });
});

describe('published ports of a database, cache or queue stay inside the project', () => {
  const compose = (dbX = '') => `name: shop
services:
  db:
    image: postgres:16.4
    ports: ["5433:5432"]
${dbX}  queue:
    image: rabbitmq:4.0.5
    ports: ["5672:5672", "15672:15672"]
  web:
    image: nginx:1.27.3
    ports: ["8080:80"]
`;

  test('no NetworkPolicy opens the published database and queue ports; the web port stays open to every source; a warning says how to open them', () => {
    const r = compileText(compose());
    const names = r.objects.filter((o) => o.kind === 'NetworkPolicy').map((o) => o.metadata.name);
    expect(names).toContain('web-published');
    expect(names).not.toContain('db-published');
    expect(names).not.toContain('queue-published');
    const web = find(r, 'NetworkPolicy', 'web-published') as Any;
    expect(web.spec.ingress).toEqual([{ ports: [{ port: 80, protocol: 'TCP' }] }]);
    expect(r.warnings.filter((w) => w.path?.endsWith('.ports')).map(formatDiagnostic)).toEqual([
      "warning: compose.yaml: services.db.ports: published port 5433:5432 of a database stays reachable only from the project's pods (compose publishes it for tools on the host: use kubectl port-forward service/db 5433:5432); to accept connections from outside the project, set x-k8s.serviceType: LoadBalancer (or NodePort) on the service",
      "warning: compose.yaml: services.queue.ports: published ports 5672:5672, 15672:15672 of a queue stay reachable only from the project's pods (compose publishes them for tools on the host: use kubectl port-forward service/queue 5672:5672); to accept connections from outside the project, set x-k8s.serviceType: LoadBalancer (or NodePort) on the service",
    ]);
  });

  test('an Ingress (x-k8s.ingress) to a queue opens its ports to the ingress controller as before', () => {
    const r = compileText(`name: shop
services:
  queue:
    image: rabbitmq:4.0.5-management
    ports: ["15672:15672"]
    x-k8s: {ingress: {host: mq.example.com, port: 15672}}
`);
    const q = find(r, 'NetworkPolicy', 'queue-published') as Any;
    expect(q.spec.ingress).toEqual([{ ports: [{ port: 15672, protocol: 'TCP' }] }]);
    expect(r.warnings.some((w) => w.path === 'services.queue.ports')).toBe(false);
  });

  test('x-k8s.serviceType: LoadBalancer opens the database port as before', () => {
    const r = compileText(compose(`    x-k8s: {serviceType: LoadBalancer}
`));
    const db = find(r, 'NetworkPolicy', 'db-published') as Any;
    expect(db.spec.ingress).toEqual([{ ports: [{ port: 5432, protocol: 'TCP' }] }]);
    // (The LoadBalancer's own warning about its published port number may be there; not this one.)
    expect(r.warnings.some((w) => w.path === 'services.db.ports' && w.message.includes('stays reachable only'))).toBe(false);
  });
});

test('a user name on an image with a profile runs as the profile user; informational, not an image-user warning', () => {
  const r = compileText(`name: shop
services:
  db:
    image: postgres:16.4
    user: postgres
`);
  expect(podSpecOf(find(r, 'Deployment', 'db'))).toMatchObject({ securityContext: { runAsUser: 999, runAsGroup: 999 } });
  const w = r.warnings.filter((x) => x.path === 'services.db.user');
  expect(w.map((x) => [x.code, x.message])).toEqual([
    [
      undefined,
      `user "postgres" is a name; Kubernetes needs a numeric UID to enforce non-root, so the pod runs as 999; write the numeric "UID:GID" of that user instead (docker image inspect -f '{{.Config.User}}' IMAGE gives the image's USER; for a name, docker run --rm --entrypoint id IMAGE gives its numbers)`,
    ],
  ]);
});
