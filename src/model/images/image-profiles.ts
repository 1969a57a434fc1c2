/**
 * What we know about widely used official images: the role they play, the port they listen on, the
 * numeric user they run as, the paths they write, and where they keep their data. This is what lets
 * them run under Pod Security "restricted" (non-root, read-only root filesystem) without the user
 * having to know it. Facts are keyed by version and variant (the image's tag); each is cited from the
 * image's Dockerfile or entrypoint. An untagged image (or `latest`, or a tag without a version) is
 * the newest version.
 *
 * Matching image references to these profiles: src/model/images.ts.
 */
import { Component } from '../types';

/** What a tag says: `16.4-alpine3.20` → major 16, minor 4, alpine. */
export interface ImageVersion {
  /** Undefined: no version in the tag (untagged, `latest`, `alpine`): the newest version. */
  readonly major?: number;
  readonly minor?: number;
  /** The tag names an Alpine variant (`alpine`, `16-alpine3.20`). */
  readonly alpine: boolean;
  /** The words of the tag (`fpm`, `apache`, `bookworm`, …). */
  readonly variants: readonly string[];
}

export interface ImageProfile {
  /** The profile's name (the key of x-k8s.profile). */
  readonly name: string;
  readonly component: Component;
  /** The port the image listens on when compose declares none. */
  readonly port?: number;
  /** `port` serves HTTP (a Gateway API route or an Ingress may send traffic to it). */
  readonly http?: boolean;
  /** Numeric UID/GID the image's processes run as when not root. */
  readonly uid: number;
  readonly gid: number;
  /** Paths the image writes besides its data; each gets an emptyDir on a read-only root. */
  readonly writablePaths: readonly string[];
  /**
   * Where the image keeps its state (its `VOLUME`, or the folder it writes its data to). A named
   * volume there makes a database/cache/queue a StatefulSet; without a mount it gets an emptyDir, as
   * Docker gives it an anonymous volume.
   */
  readonly dataPaths: readonly string[];
  /**
   * Environment the image needs on Kubernetes, set only when compose does not set it
   * (e.g. PGDATA in a subdirectory, because fresh block volumes hold `lost+found`).
   * Applied only when a volume is mounted at `whenMounted`.
   */
  readonly env?: { readonly whenMounted: string; readonly name: string; readonly value: string };
  /**
   * Mount targets the image refuses or ignores (unless compose sets `unlessEnv`), with the fix. With
   * `redirect`, the compiler sets that variable instead so that the data lands on the volume the user
   * mounted (a warning says so); without it such a mount is an error.
   */
  readonly refusedMounts: readonly {
    readonly path: string;
    readonly unlessEnv?: string;
    readonly why: string;
    /** What the user can change instead. */
    readonly fix: string;
    readonly redirect?: { readonly name: string; readonly value: string };
  }[];
  /** Seconds the first start may take before liveness may kill it (the startupProbe covers it). */
  readonly firstStartSeconds?: number;
}

/**
 * First-start window of database images: initialising a data directory on a slow disk takes
 * minutes, and a container killed mid-initialisation leaves a half-initialised directory that the
 * entrypoint never initialises again.
 */
export const DATABASE_FIRST_START_SECONDS = 600;

/** The newest postgres major version: what an untagged `postgres` runs (docker-library/postgres). */
export const POSTGRES_NEWEST_MAJOR = 18;

type Facts = Omit<ImageProfile, 'name' | 'refusedMounts'> & Partial<Pick<ImageProfile, 'refusedMounts'>>;

interface ProfileDef {
  /** Docker Hub repositories this profile describes (official ones without `library/`). */
  readonly repositories: readonly string[];
  readonly facts: (v: ImageVersion) => Facts;
}

const TMP = ['/tmp'];

export const PROFILES = {
  postgres: {
    repositories: ['postgres'],
    facts: (v) => {
      const major = v.major ?? POSTGRES_NEWEST_MAJOR;
      // docker-library/postgres 18/trixie/Dockerfile: `groupadd -r postgres --gid=999`,
      // `useradd -r -g postgres --uid=999`; 18/alpine3.22/Dockerfile: "70 is the standard uid/gid
      // for "postgres" in Alpine", `addgroup -g 70 -S postgres`, `adduser -u 70 …`.
      const id = v.alpine ? 70 : 999;
      // 18+: "PGDATA has changed to match the pg_ctlcluster standard directory structure, and the
      // VOLUME has moved from /var/lib/postgresql/data to /var/lib/postgresql":
      // `ENV PGDATA /var/lib/postgresql/18/docker`, `VOLUME /var/lib/postgresql` (docker-library/postgres#1259).
      const pgdata = major >= 18 ? `/var/lib/postgresql/${major}/docker` : '/var/lib/postgresql/data';
      const volume = major >= 18 ? '/var/lib/postgresql' : '/var/lib/postgresql/data';
      return {
        component: 'database',
        port: 5432,
        uid: id,
        gid: id,
        // `install --directory --owner postgres --group postgres --mode 3777 /var/run/postgresql` (the socket).
        writablePaths: ['/var/run/postgresql', '/tmp'],
        dataPaths: [volume],
        // initdb refuses a non-empty PGDATA, and a fresh block volume holds lost+found.
        env: { whenMounted: pgdata, name: 'PGDATA', value: `${pgdata}/pgdata` },
        // 18+ entrypoint: "Counter to that, there appears to be PostgreSQL data in:
        // /var/lib/postgresql/data (unused mount/volume)" and exits; "The suggested container
        // configuration for 18+ is to place a single mount at /var/lib/postgresql".
        refusedMounts:
          major >= 18
            ? [
                {
                  path: '/var/lib/postgresql/data',
                  unlessEnv: 'PGDATA',
                  why: `postgres ${major} keeps its data in ${pgdata} (VOLUME /var/lib/postgresql): under compose its entrypoint exits when it finds data at /var/lib/postgresql/data, and a new database is written outside that volume`,
                  fix: 'to follow the image instead, mount the volume at /var/lib/postgresql (existing 17-or-older data needs pg_upgrade), or pin the image to postgres:17',
                  // The user meant the data to live on that volume: PGDATA in a subfolder of it (lost+found).
                  redirect: { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
                },
              ]
            : [],
        firstStartSeconds: DATABASE_FIRST_START_SECONDS,
      };
    },
  },
  mysql: {
    repositories: ['mysql'],
    // docker-library/mysql 8.4/Dockerfile.oracle: `groupadd --system --gid 999 mysql`,
    // `useradd --system --uid 999 --gid 999`; `chmod 1777 /var/lib/mysql /var/run/mysqld` ("used for
    // socket and lock files"); `VOLUME /var/lib/mysql`; `EXPOSE 3306 33060`.
    facts: () => ({
      component: 'database',
      port: 3306,
      uid: 999,
      gid: 999,
      writablePaths: ['/var/run/mysqld', '/tmp'],
      dataPaths: ['/var/lib/mysql'],
      firstStartSeconds: DATABASE_FIRST_START_SECONDS,
    }),
  },
  mariadb: {
    repositories: ['mariadb'],
    // MariaDB/mariadb-docker 11.8/Dockerfile: `groupadd -r mysql && useradd -r -g mysql mysql` (the
    // first system IDs of the Ubuntu base, 999; the UBI variant sets `--gid 999` / `--uid 999`);
    // `chmod 1777 /run/mysqld` ("used for socket and lock files"); `VOLUME /var/lib/mysql`; `EXPOSE 3306`.
    facts: () => ({
      component: 'database',
      port: 3306,
      uid: 999,
      gid: 999,
      writablePaths: ['/run/mysqld', '/tmp'],
      dataPaths: ['/var/lib/mysql'],
      firstStartSeconds: DATABASE_FIRST_START_SECONDS,
    }),
  },
  mongo: {
    repositories: ['mongo'],
    // docker-library/mongo 8.0/Dockerfile: `groupadd --gid 999 --system mongodb`, `useradd --uid 999
    // --system --gid mongodb`; `VOLUME /data/db /data/configdb`; `EXPOSE 27017`.
    facts: () => ({
      component: 'database',
      port: 27017,
      uid: 999,
      gid: 999,
      writablePaths: TMP,
      dataPaths: ['/data/db', '/data/configdb'],
      firstStartSeconds: DATABASE_FIRST_START_SECONDS,
    }),
  },
  redis: {
    repositories: ['redis'],
    // docker-library/redis (debian): `groupadd -r -g 999 redis; useradd -r -g redis -u 999 redis`;
    // alpine: `addgroup -S -g 1000 redis; adduser -S -G redis -u 999 redis`; `VOLUME /data`; `EXPOSE 6379`.
    facts: (v) => ({ component: 'cache', port: 6379, uid: 999, gid: v.alpine ? 1000 : 999, writablePaths: TMP, dataPaths: ['/data'] }),
  },
  valkey: {
    repositories: ['valkey', 'valkey/valkey'],
    // valkey-io/valkey-container 8.1/debian/Dockerfile: `groupadd -r -g 999 valkey; useradd -r -g
    // valkey -u 999 valkey`; 8.1/alpine/Dockerfile: "alpine already has a gid 999, so we'll use the next
    // id": `addgroup -S -g 1000 valkey; adduser -S -G valkey -u 999 valkey`; `WORKDIR /data` (no
    // VOLUME: it writes its dump there); `EXPOSE 6379`.
    facts: (v) => ({ component: 'cache', port: 6379, uid: 999, gid: v.alpine ? 1000 : 999, writablePaths: TMP, dataPaths: ['/data'] }),
  },
  memcached: {
    repositories: ['memcached'],
    // docker-library/memcached 1/debian/Dockerfile: `groupadd --system --gid 11211 memcache`,
    // `useradd --system --gid memcache --uid 11211 memcache`; alpine: `addgroup -g 11211 memcache`,
    // `adduser -D -u 11211 -G memcache memcache`; `USER memcache`; `EXPOSE 11211`.
    facts: () => ({ component: 'cache', port: 11211, uid: 11211, gid: 11211, writablePaths: TMP, dataPaths: [] }),
  },
  rabbitmq: {
    repositories: ['rabbitmq'],
    // docker-library/rabbitmq 4.0/ubuntu/Dockerfile: `groupadd --gid 999 --system rabbitmq`,
    // `useradd --uid 999 --system …`; 4.0/alpine/Dockerfile: `addgroup -g 101 -S rabbitmq`, `adduser
    // -u 100 -S …`; both `chmod 1777 "$RABBITMQ_DATA_DIR" … /var/log/rabbitmq`, `VOLUME
    // $RABBITMQ_DATA_DIR` (/var/lib/rabbitmq, also $HOME for the Erlang cookie); AMQP on 5672.
    facts: (v) => ({
      component: 'queue',
      port: 5672,
      uid: v.alpine ? 100 : 999,
      gid: v.alpine ? 101 : 999,
      writablePaths: ['/var/log/rabbitmq', '/tmp'],
      dataPaths: ['/var/lib/rabbitmq'],
    }),
  },
  nginx: {
    repositories: ['nginx'],
    // nginx/docker-nginx mainline/debian/Dockerfile: `groupadd --system --gid 101 nginx`, `useradd
    // --system --gid nginx … --uid 101 nginx`; alpine: `addgroup -g 101 -S nginx`, `adduser -S -D -H -u
    // 101 -h /var/cache/nginx …`; `EXPOSE 80`. Non-root it writes its temp files under
    // /var/cache/nginx and its pid file under /var/run (a link to /run).
    facts: () => ({ component: 'proxy', port: 80, http: true, uid: 101, gid: 101, writablePaths: ['/var/cache/nginx', '/var/run', '/tmp'], dataPaths: [] }),
  },
  'nginx-unprivileged': {
    repositories: ['nginxinc/nginx-unprivileged'],
    // nginxinc/docker-nginx-unprivileged mainline/debian/Dockerfile: `USER $UID` (101), `listen 8080`,
    // pid and every temp path moved to /tmp (`sed -i 's,/var/run/nginx.pid,/tmp/nginx.pid,'`); `EXPOSE 8080`.
    facts: () => ({ component: 'proxy', port: 8080, http: true, uid: 101, gid: 101, writablePaths: TMP, dataPaths: [] }),
  },
  httpd: {
    repositories: ['httpd'],
    // docker-library/httpd: `mkdir -p "$HTTPD_PREFIX" && chown www-data:www-data "$HTTPD_PREFIX"`;
    // www-data is 33 in Debian, and the alpine variant creates it: `adduser -u 82 -D -S -G www-data
    // www-data`; httpd writes its pid file under /usr/local/apache2/logs; `EXPOSE 80`.
    facts: (v) => ({
      component: 'proxy',
      port: 80,
      http: true,
      uid: v.alpine ? 82 : 33,
      gid: v.alpine ? 82 : 33,
      writablePaths: ['/usr/local/apache2/logs', '/tmp'],
      dataPaths: [],
    }),
  },
  wordpress: {
    repositories: ['wordpress'],
    // docker-library/wordpress latest/php8.3/apache/Dockerfile: `FROM php:8.3-apache`, `chown -R
    // www-data:www-data /usr/src/wordpress`, `VOLUME /var/www/html` (the entrypoint copies WordPress
    // there on first start). php:apache runs Apache with APACHE_RUN_DIR /var/run/apache2 and
    // APACHE_LOCK_DIR /var/lock/apache2 on port 80; the fpm variants run php-fpm on 9000; www-data is
    // 33 (Debian) or 82 (alpine: `adduser -u 82 -D -S -G www-data www-data`).
    facts: (v) => {
      const fpm = v.variants.includes('fpm');
      const id = v.alpine ? 82 : 33;
      return {
        component: 'app',
        port: fpm ? 9000 : 80,
        // php-fpm speaks FastCGI, not HTTP: only the Apache variants can take a route.
        http: !fpm,
        uid: id,
        gid: id,
        writablePaths: fpm ? TMP : ['/var/run/apache2', '/var/lock/apache2', '/tmp'],
        dataPaths: ['/var/www/html'],
      };
    },
  },
} satisfies Record<string, ProfileDef>;

export type ProfileName = keyof typeof PROFILES;

/** Every profile name, for x-k8s.profile and its "did you mean". */
export const PROFILE_NAMES: readonly ProfileName[] = Object.keys(PROFILES).sort() as ProfileName[];

export function isProfileName(name: string): name is ProfileName {
  return Object.prototype.hasOwnProperty.call(PROFILES, name);
}
