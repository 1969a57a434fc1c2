/**
 * Image profiles: which references match an official image (through any registry or mirror path,
 * never another owner's image of the same name), and the facts of each profile by version and
 * variant. Expected values are written out here from the images' Dockerfiles and entrypoints (cited
 * above each case), not taken from the code under test.
 */
import { hubRepository, imageProfile, imageVersion, parseImage, profileNameOf } from '../../src/model/images';

describe('an official image matches through any registry or mirror path', () => {
  test.each([
    ['postgres:16.4', 'postgres'],
    ['library/postgres:16.4', 'postgres'],
    ['docker.io/postgres:16.4', 'postgres'],
    ['docker.io/library/postgres:16.4', 'postgres'],
    ['index.docker.io/library/postgres:16.4', 'postgres'],
    ['registry-1.docker.io/library/postgres:16.4', 'postgres'],
    ['harbor.example.com/dockerhub/library/postgres:16.4', 'postgres'],
    ['mirror.gcr.io/library/redis:7.4.1', 'redis'],
    ['public.ecr.aws/docker/library/mysql:8.4.3', 'mysql'],
    ['registry.example.com:5000/cache/library/mariadb:11.4@sha256:0123', 'mariadb'],
    ['nginxinc/nginx-unprivileged:1.27.3-alpine', 'nginx-unprivileged'],
    ['ghcr.io/nginxinc/nginx-unprivileged:1.27.3', 'nginx-unprivileged'],
    ['valkey/valkey:8.1', 'valkey'],
    ['valkey:8.1-alpine', 'valkey'],
  ])('%s → %s', (image, profile) => {
    expect(profileNameOf(image)).toBe(profile);
  });

  test.each([
    // Same-named images of other owners, and other images.
    'ghcr.io/acme/redis:7',
    'quay.io/acme/postgres:16',
    'bitnami/postgresql:16',
    'bitnami/redis:7',
    'registry.example.com/postgres:16',
    'docker.io/acme/mysql:8',
    'localhost:5000/nginx:1.27',
    'postgres-exporter:0.15',
  ])('%s → no profile', (image) => {
    expect(profileNameOf(image)).toBeUndefined();
    expect(imageProfile(image)).toBeUndefined();
  });

  test('parts of a reference: registry, Docker Hub repository, tag, digest', () => {
    expect(parseImage('harbor.example.com/dockerhub/library/postgres:16.4')).toEqual({
      registry: 'harbor.example.com',
      repository: 'dockerhub/library/postgres',
      shortName: 'postgres',
      tag: '16.4',
      digest: undefined,
    });
    expect(hubRepository(parseImage('harbor.example.com/dockerhub/library/postgres:16.4'))).toBe('postgres');
    expect(hubRepository(parseImage('docker.io/library/postgres'))).toBe('postgres');
    expect(hubRepository(parseImage('ghcr.io/acme/redis:7'))).toBe('acme/redis');
    expect(hubRepository(parseImage('registry.example.com/postgres:16'))).toBeUndefined();
  });

  test('tags: version and variant', () => {
    expect(imageVersion('16.4-alpine3.20')).toEqual({ major: 16, minor: 4, alpine: true, variants: ['alpine3'] });
    expect(imageVersion('18')).toEqual({ major: 18, alpine: false, variants: [] });
    expect(imageVersion('alpine')).toEqual({ alpine: true, variants: ['alpine'] });
    expect(imageVersion(undefined)).toEqual({ alpine: false, variants: [] });
    expect(imageVersion('6.7.1-php8.3-fpm-alpine')).toEqual({ major: 6, minor: 7, alpine: true, variants: ['php8', 'fpm', 'alpine'] });
  });
});

describe('postgres', () => {
  // docker-library/postgres 16/bookworm/Dockerfile: `groupadd -r postgres --gid=999`,
  // `useradd -r -g postgres --uid=999`; `install … --mode 3777 /var/run/postgresql`;
  // `ENV PGDATA /var/lib/postgresql/data`, `VOLUME /var/lib/postgresql/data`; `EXPOSE 5432`.
  test('16 (debian): UID 999, PGDATA /var/lib/postgresql/data, a subdirectory when a volume is mounted there', () => {
    expect(imageProfile('postgres:16.4')).toEqual({
      name: 'postgres',
      component: 'database',
      port: 5432,
      uid: 999,
      gid: 999,
      writablePaths: ['/var/run/postgresql', '/tmp'],
      dataPaths: ['/var/lib/postgresql/data'],
      env: { whenMounted: '/var/lib/postgresql/data', name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
      refusedMounts: [],
      firstStartSeconds: 600,
    });
  });

  // 16/alpine3.20/Dockerfile: "70 is the standard uid/gid for "postgres" in Alpine",
  // `addgroup -g 70 -S postgres; adduser -u 70 -S -D -G postgres …`.
  test('-alpine: UID/GID 70, through a mirror path too', () => {
    for (const image of ['postgres:16-alpine', 'postgres:17.2-alpine3.21', 'harbor.example.com/dockerhub/library/postgres:15-alpine']) {
      expect([image, imageProfile(image)?.uid, imageProfile(image)?.gid]).toEqual([image, 70, 70]);
    }
  });

  // 18/trixie/Dockerfile: "in 18+, PGDATA has changed to match the pg_ctlcluster standard directory
  // structure, and the VOLUME has moved from /var/lib/postgresql/data to /var/lib/postgresql":
  // `ENV PGDATA /var/lib/postgresql/18/docker`, `VOLUME /var/lib/postgresql`. The 18+ entrypoint exits
  // with "there appears to be PostgreSQL data in: /var/lib/postgresql/data (unused mount/volume)".
  test('18: data under /var/lib/postgresql/18/docker, volume /var/lib/postgresql, a mount at …/data redirected with PGDATA', () => {
    const p = imageProfile('postgres:18.1');
    expect(p?.dataPaths).toEqual(['/var/lib/postgresql']);
    expect(p?.env).toEqual({ whenMounted: '/var/lib/postgresql/18/docker', name: 'PGDATA', value: '/var/lib/postgresql/18/docker/pgdata' });
    expect(p?.refusedMounts.map((r) => [r.path, r.unlessEnv, r.redirect])).toEqual([
      ['/var/lib/postgresql/data', 'PGDATA', { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' }],
    ]);
    expect([p?.uid, p?.gid]).toEqual([999, 999]);
    expect([imageProfile('postgres:18-alpine')?.uid, imageProfile('postgres:18-alpine')?.dataPaths]).toEqual([70, ['/var/lib/postgresql']]);
  });

  test('untagged, latest, a digest or a tag without a version: the newest version (18)', () => {
    for (const image of ['postgres', 'postgres:latest', 'postgres:alpine', 'postgres:bookworm', 'postgres@sha256:0123abcd', 'docker.io/library/postgres']) {
      expect([image, imageProfile(image)?.dataPaths]).toEqual([image, ['/var/lib/postgresql']]);
    }
    expect(imageProfile('postgres:alpine')?.uid).toBe(70);
  });
});

// docker-library/mysql 8.4/Dockerfile.oracle: `groupadd --system --gid 999 mysql`, `useradd --system
// --uid 999 --gid 999`; `chmod 1777 /var/lib/mysql /var/run/mysqld`; `VOLUME /var/lib/mysql`; `EXPOSE 3306 33060`.
test('mysql: UID 999, socket dir /var/run/mysqld, data /var/lib/mysql, port 3306', () => {
  expect(imageProfile('public.ecr.aws/docker/library/mysql:8.4.3')).toEqual({
    name: 'mysql',
    component: 'database',
    port: 3306,
    uid: 999,
    gid: 999,
    writablePaths: ['/var/run/mysqld', '/tmp'],
    dataPaths: ['/var/lib/mysql'],
    refusedMounts: [],
    firstStartSeconds: 600,
  });
});

// MariaDB/mariadb-docker 11.8/Dockerfile: `groupadd -r mysql && useradd -r -g mysql mysql` (first system
// IDs of Ubuntu: 999; the UBI variant: `groupadd --gid 999 -r mysql`, `useradd … --uid 999`);
// `chmod 1777 /run/mysqld`; `VOLUME /var/lib/mysql`; `EXPOSE 3306`.
test('mariadb: UID 999, socket dir /run/mysqld, data /var/lib/mysql, port 3306', () => {
  expect(imageProfile('mariadb:11.4')).toEqual({
    name: 'mariadb',
    component: 'database',
    port: 3306,
    uid: 999,
    gid: 999,
    writablePaths: ['/run/mysqld', '/tmp'],
    dataPaths: ['/var/lib/mysql'],
    refusedMounts: [],
    firstStartSeconds: 600,
  });
});

// docker-library/mongo 8.0/Dockerfile: `groupadd --gid 999 --system mongodb`, `useradd --uid 999 …`;
// `VOLUME /data/db /data/configdb`; `EXPOSE 27017`.
test('mongo: UID 999, data /data/db and /data/configdb, port 27017', () => {
  expect(imageProfile('mongo:7.0.15')).toEqual({
    name: 'mongo',
    component: 'database',
    port: 27017,
    uid: 999,
    gid: 999,
    writablePaths: ['/tmp'],
    dataPaths: ['/data/db', '/data/configdb'],
    refusedMounts: [],
    firstStartSeconds: 600,
  });
});

// docker-library/redis: debian `groupadd -r -g 999 redis && useradd -r -g redis -u 999 redis`;
// alpine `addgroup -S -g 1000 redis && adduser -S -G redis -u 999 redis`; `VOLUME /data`; `EXPOSE 6379`.
test('redis: UID 999, group 999 on debian and 1000 on alpine, data /data, port 6379', () => {
  expect(imageProfile('mirror.gcr.io/library/redis:7.4.1')).toEqual({
    name: 'redis',
    component: 'cache',
    port: 6379,
    uid: 999,
    gid: 999,
    writablePaths: ['/tmp'],
    dataPaths: ['/data'],
    refusedMounts: [],
  });
  expect([imageProfile('redis:7.4.1-alpine')?.uid, imageProfile('redis:7.4.1-alpine')?.gid]).toEqual([999, 1000]);
});

// valkey-io/valkey-container 8.1/debian/Dockerfile: `groupadd -r -g 999 valkey; useradd -r -g valkey -u
// 999 valkey`; 8.1/alpine/Dockerfile: "alpine already has a gid 999, so we'll use the next id",
// `addgroup -S -g 1000 valkey; adduser -S -G valkey -u 999 valkey`; `WORKDIR /data`; `EXPOSE 6379`.
test('valkey: as redis (999, alpine group 1000), data /data, port 6379', () => {
  expect(imageProfile('valkey/valkey:8.1')).toEqual({
    name: 'valkey',
    component: 'cache',
    port: 6379,
    uid: 999,
    gid: 999,
    writablePaths: ['/tmp'],
    dataPaths: ['/data'],
    refusedMounts: [],
  });
  expect(imageProfile('valkey/valkey:8.1-alpine')?.gid).toBe(1000);
});

// docker-library/memcached 1/debian/Dockerfile: `groupadd --system --gid 11211 memcache`, `useradd
// --system --gid memcache --uid 11211 memcache`; `USER memcache`; `EXPOSE 11211`.
test('memcached: UID 11211, no data, port 11211', () => {
  expect(imageProfile('memcached:1.6.32-alpine')).toEqual({
    name: 'memcached',
    component: 'cache',
    port: 11211,
    uid: 11211,
    gid: 11211,
    writablePaths: ['/tmp'],
    dataPaths: [],
    refusedMounts: [],
  });
});

// docker-library/rabbitmq 4.0/ubuntu/Dockerfile: `groupadd --gid 999 --system rabbitmq`, `useradd
// --uid 999 …`; 4.0/alpine/Dockerfile: `addgroup -g 101 -S rabbitmq`, `adduser -u 100 -S …`; both
// `chmod 1777 "$RABBITMQ_DATA_DIR" … /var/log/rabbitmq` and `VOLUME $RABBITMQ_DATA_DIR` (/var/lib/rabbitmq).
test('rabbitmq: UID 999 (alpine 100, group 101), data /var/lib/rabbitmq, AMQP 5672', () => {
  expect(imageProfile('rabbitmq:4.0-management')).toEqual({
    name: 'rabbitmq',
    component: 'queue',
    port: 5672,
    uid: 999,
    gid: 999,
    writablePaths: ['/var/log/rabbitmq', '/tmp'],
    dataPaths: ['/var/lib/rabbitmq'],
    refusedMounts: [],
  });
  expect([imageProfile('rabbitmq:4.0-alpine')?.uid, imageProfile('rabbitmq:4.0-alpine')?.gid]).toEqual([100, 101]);
});

// nginx/docker-nginx mainline/debian/Dockerfile: `groupadd --system --gid 101 nginx`, `useradd … --uid
// 101 nginx`; alpine: `addgroup -g 101 -S nginx`, `adduser -S -D -H -u 101 -h /var/cache/nginx …`; `EXPOSE 80`.
test('nginx: UID 101, writable cache, run and tmp folders, port 80', () => {
  expect(imageProfile('nginx:1.27.3-alpine')).toEqual({
    name: 'nginx',
    component: 'proxy',
    port: 80,
    // EXPOSE'd port serves HTTP: a route or an Ingress may target it.
    http: true,
    uid: 101,
    gid: 101,
    writablePaths: ['/var/cache/nginx', '/var/run', '/tmp'],
    dataPaths: [],
    refusedMounts: [],
  });
});

// nginxinc/docker-nginx-unprivileged mainline/debian/Dockerfile: `listen 8080`, pid and temp paths in
// /tmp (`sed -i 's,/var/run/nginx.pid,/tmp/nginx.pid,'`), `USER $UID` (101); `EXPOSE 8080`.
test('nginx-unprivileged: UID 101, only /tmp, port 8080', () => {
  expect(imageProfile('nginxinc/nginx-unprivileged:1.27.3')).toEqual({
    name: 'nginx-unprivileged',
    component: 'proxy',
    port: 8080,
    // EXPOSE'd port serves HTTP: a route or an Ingress may target it.
    http: true,
    uid: 101,
    gid: 101,
    writablePaths: ['/tmp'],
    dataPaths: [],
    refusedMounts: [],
  });
});

// docker-library/httpd: `chown www-data:www-data "$HTTPD_PREFIX"` (www-data is 33 in Debian); alpine:
// `adduser -u 82 -D -S -G www-data www-data`; the pid file is under /usr/local/apache2/logs; `EXPOSE 80`.
test('httpd: www-data 33 (alpine 82), writable logs folder, port 80', () => {
  expect(imageProfile('httpd:2.4.62')).toEqual({
    name: 'httpd',
    component: 'proxy',
    port: 80,
    // EXPOSE'd port serves HTTP: a route or an Ingress may target it.
    http: true,
    uid: 33,
    gid: 33,
    writablePaths: ['/usr/local/apache2/logs', '/tmp'],
    dataPaths: [],
    refusedMounts: [],
  });
  expect(imageProfile('docker.io/library/httpd:2.4.62-alpine')?.uid).toBe(82);
});

// docker-library/wordpress latest/php8.3/apache/Dockerfile: `FROM php:8.3-apache` (Apache run and lock
// dirs /var/run/apache2, /var/lock/apache2; www-data 33), `VOLUME /var/www/html`; the fpm variants run
// php-fpm on 9000, alpine's www-data is 82.
test('wordpress: www-data 33 on Apache port 80; fpm on 9000; fpm-alpine as 82', () => {
  expect(imageProfile('wordpress:6.7.1-apache')).toEqual({
    name: 'wordpress',
    component: 'app',
    port: 80,
    // EXPOSE'd port serves HTTP: a route or an Ingress may target it.
    http: true,
    uid: 33,
    gid: 33,
    writablePaths: ['/var/run/apache2', '/var/lock/apache2', '/tmp'],
    dataPaths: ['/var/www/html'],
    refusedMounts: [],
  });
  expect(imageProfile('wordpress:6.7.1-php8.3-fpm')).toMatchObject({ port: 9000, http: false, uid: 33, writablePaths: ['/tmp'] });
  expect(imageProfile('wordpress:6.7.1-fpm-alpine')).toMatchObject({ port: 9000, uid: 82, gid: 82 });
});

test('x-k8s.profile names the profile for an image that does not match by name; its tag still picks the variant', () => {
  expect(imageProfile('registry.example.com/postgres:16.4-alpine', 'postgres')).toMatchObject({ name: 'postgres', uid: 70, dataPaths: ['/var/lib/postgresql/data'] });
  expect(imageProfile('ghcr.io/acme/redis:7', 'redis')).toMatchObject({ name: 'redis', uid: 999, gid: 999 });
});
