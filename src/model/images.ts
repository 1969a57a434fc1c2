/**
 * What we know about widely used official images: the role they play, the port they listen on,
 * the numeric user they run as, and the paths they must write to. This is what lets them run
 * under Pod Security "restricted" (non-root, read-only root filesystem) without the user having
 * to know it.
 */
import { Component } from './types';

export interface ImageProfile {
  readonly component: Component;
  /** The port the image listens on when compose declares none. */
  readonly port?: number;
  /** `port` serves HTTP (a Gateway API route or an Ingress may send traffic to it). */
  readonly http?: boolean;
  /** Numeric UID/GID the image's processes run as when not root. */
  readonly uid: number;
  readonly gid: number;
  /** Paths the image writes to besides its data volume; each gets an emptyDir. */
  readonly writablePaths: readonly string[];
  /** Where the image keeps its state; a named volume here makes the service a StatefulSet. */
  readonly dataPaths: readonly string[];
  /**
   * Environment the image needs on Kubernetes, set only when compose does not set it
   * (e.g. PGDATA in a subdirectory, because fresh block volumes hold `lost+found`).
   * Applied only when a volume is mounted at `whenMounted`.
   */
  readonly env?: { readonly whenMounted: string; readonly name: string; readonly value: string };
}

const DB_TMP = ['/tmp'];

/** Profiles by repository name (the last path segment of the image, registry and tag removed). */
const PROFILES: Readonly<Record<string, (tag: string) => ImageProfile>> = {
  postgres: (tag) => ({
    component: 'database',
    port: 5432,
    // Debian images run postgres as 999; the alpine variant as 70.
    uid: tag.includes('alpine') ? 70 : 999,
    gid: tag.includes('alpine') ? 70 : 999,
    writablePaths: ['/var/run/postgresql', '/tmp'],
    dataPaths: ['/var/lib/postgresql/data', '/var/lib/postgresql'],
    env: { whenMounted: '/var/lib/postgresql/data', name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
  }),
  mysql: () => ({ component: 'database', port: 3306, uid: 999, gid: 999, writablePaths: ['/var/run/mysqld', '/tmp'], dataPaths: ['/var/lib/mysql'] }),
  mariadb: () => ({ component: 'database', port: 3306, uid: 999, gid: 999, writablePaths: ['/run/mysqld', '/tmp'], dataPaths: ['/var/lib/mysql'] }),
  mongo: () => ({ component: 'database', port: 27017, uid: 999, gid: 999, writablePaths: DB_TMP, dataPaths: ['/data/db', '/data/configdb'] }),
  redis: () => ({ component: 'cache', port: 6379, uid: 999, gid: 999, writablePaths: DB_TMP, dataPaths: ['/data'] }),
  valkey: () => ({ component: 'cache', port: 6379, uid: 999, gid: 999, writablePaths: DB_TMP, dataPaths: ['/data'] }),
  memcached: () => ({ component: 'cache', port: 11211, uid: 11211, gid: 11211, writablePaths: DB_TMP, dataPaths: [] }),
  rabbitmq: () => ({ component: 'queue', port: 5672, uid: 999, gid: 999, writablePaths: ['/tmp'], dataPaths: ['/var/lib/rabbitmq'] }),
  nginx: () => ({
    component: 'proxy',
    port: 80,
    http: true,
    uid: 101,
    gid: 101,
    writablePaths: ['/var/cache/nginx', '/var/run', '/tmp'],
    dataPaths: [],
  }),
  'nginx-unprivileged': () => ({ component: 'proxy', port: 8080, http: true, uid: 101, gid: 101, writablePaths: ['/tmp'], dataPaths: [] }),
  httpd: () => ({ component: 'proxy', port: 80, http: true, uid: 33, gid: 33, writablePaths: ['/usr/local/apache2/logs', '/tmp'], dataPaths: [] }),
  wordpress: () => ({
    component: 'app',
    port: 80,
    http: true,
    uid: 33,
    gid: 33,
    writablePaths: ['/var/run/apache2', '/var/lock/apache2', '/tmp'],
    dataPaths: [],
  }),
};

export interface ImageRef {
  /** Repository without registry (`library/postgres` → `postgres`, `bitnami/redis` → `bitnami/redis`). */
  readonly repository: string;
  /** Last path segment (`postgres`). */
  readonly shortName: string;
  readonly tag?: string;
  readonly digest?: string;
}

/** Splits `registry:5000/org/name:tag@sha256:…` into its parts. */
export function parseImage(image: string): ImageRef {
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const parts = rest.split('/');
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) parts.shift();
  if (parts[0] === 'library') parts.shift();
  return { repository: parts.join('/'), shortName: parts[parts.length - 1], tag, digest };
}

/** The profile of an official (or well-known) image, or undefined. */
export function imageProfile(image: string): ImageProfile | undefined {
  const ref = parseImage(image);
  const official = !ref.repository.includes('/') || ref.repository.startsWith('nginxinc/');
  const make = official ? PROFILES[ref.shortName] : undefined;
  return make?.(ref.tag ?? '');
}
