/**
 * Images derived from an official image, recognised by their configuration (the lock file's facts):
 * the environment the official Dockerfile sets (e.g. postgres: `PG_MAJOR` and `PGDATA`), or the
 * `org.opencontainers.image.base.name` label naming the official image they were built from. Such an
 * image keeps the official entrypoint, user and paths unless it says otherwise (its own `User`,
 * `Volumes`, `ExposedPorts` still win: they come from the lock).
 */
import type { ImageFacts } from '../../lockfile';
import { imageVersion, parseImage, profileNameOf, type ImageVersion, type ProfileName } from '../images';

/** Environment names every official image of a profile sets (all must be present), and the one holding its version. */
const SIGNATURES: readonly { readonly profile: ProfileName; readonly env: readonly string[]; readonly version: string }[] = [
  { profile: 'postgres', env: ['PG_MAJOR', 'PGDATA'], version: 'PG_MAJOR' },
  { profile: 'mysql', env: ['MYSQL_MAJOR', 'MYSQL_VERSION'], version: 'MYSQL_VERSION' },
  { profile: 'mariadb', env: ['MARIADB_VERSION'], version: 'MARIADB_VERSION' },
  { profile: 'mongo', env: ['MONGO_MAJOR', 'MONGO_PACKAGE'], version: 'MONGO_VERSION' },
  { profile: 'redis', env: ['REDIS_VERSION', 'REDIS_DOWNLOAD_URL'], version: 'REDIS_VERSION' },
  { profile: 'rabbitmq', env: ['RABBITMQ_VERSION', 'RABBITMQ_DATA_DIR'], version: 'RABBITMQ_VERSION' },
  { profile: 'memcached', env: ['MEMCACHED_VERSION', 'MEMCACHED_SHA1'], version: 'MEMCACHED_VERSION' },
  { profile: 'httpd', env: ['HTTPD_VERSION', 'HTTPD_PREFIX'], version: 'HTTPD_VERSION' },
];

/** The label of the OCI image spec that names the image a build started from. */
export const BASE_NAME_LABEL = 'org.opencontainers.image.base.name';

export interface DerivedProfile {
  readonly name: ProfileName;
  readonly version: ImageVersion;
  /** Why, for the report: `Env PG_MAJOR, PGDATA` or `label org.opencontainers.image.base.name "postgres:16"`. */
  readonly because: string;
}

function envMap(facts: ImageFacts): Map<string, string> {
  const m = new Map<string, string>();
  for (const e of facts.env) {
    const i = e.indexOf('=');
    if (i > 0 && !m.has(e.slice(0, i))) m.set(e.slice(0, i), e.slice(i + 1));
  }
  return m;
}

/** The profile of the official image `facts` derive from, or undefined. `tag` is the derived image's own tag (for the variant). */
export function derivedProfile(facts: ImageFacts, tag: string | undefined): DerivedProfile | undefined {
  const base = facts.labels[BASE_NAME_LABEL];
  if (base) {
    const name = profileNameOf(base);
    if (name) return { name, version: imageVersion(parseImage(base).tag), because: `label ${BASE_NAME_LABEL} ${JSON.stringify(base)}` };
  }
  const env = envMap(facts);
  for (const sig of SIGNATURES) {
    if (!sig.env.every((k) => env.has(k))) continue;
    // `1:11.4.2+maria~ubu2404` → 11.4.2; `16` → 16
    const number = /([0-9]+(?:\.[0-9]+)?)/.exec((env.get(sig.version) ?? '').replace(/^[0-9]+:/, ''))?.[1];
    const own = imageVersion(tag);
    const fromEnv = number !== undefined ? imageVersion(number) : {};
    return { name: sig.profile, version: { ...own, ...fromEnv, alpine: own.alpine, variants: own.variants }, because: `Env ${sig.env.join(', ')}` };
  }
  return undefined;
}
