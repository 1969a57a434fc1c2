/**
 * fast-check arbitraries for property tests: VALID compose projects as YAML text, together with what
 * the test needs to know about them (which variables are secret, what every environment entry means).
 *
 * The generator first draws a loose description of each service, then `fixProject` makes it valid
 * deterministically (dependencies only on earlier services, one-shots without ports, `service_healthy`
 * only on services with a healthcheck, unique published ports, no replicas on ReadWriteOnce claims),
 * so that shrinking keeps working on the loose description.
 *
 * Everything generated is valid compose that DESIGN.md says the compiler must accept: no literal
 * secrets, no host binds, no names that collide after DNS normalization.
 */
import fc from 'fast-check';
import { dump } from 'js-yaml';

// ---------------------------------------------------------------------------------------------
// Vocabulary

export const IMAGES = [
  'postgres:16.4',
  'postgres:17.2-alpine',
  'redis:7.4.1',
  'redis:7.4.1-alpine',
  'mysql:8.4.3',
  'mongo:7.0.15',
  'rabbitmq:3.13.7',
  'memcached:1.6.32',
  'nginx:1.27.3',
  'nginxinc/nginx-unprivileged:1.27.3',
  'nginxinc/nginx-unprivileged:1.27.3-alpine',
  'ghcr.io/acme/app:1.2.3',
  'ghcr.io/acme/worker:2.0.0',
  'registry.example.com:5000/team/api:0.9.1',
  'python:3.12.7-slim',
  'node:20.18.1-alpine',
  'busybox:1.36.1',
  'ghcr.io/acme/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
] as const;

/** Secret variables whose NAME says they are secret (DESIGN: never resolved at synth time). */
export const SECRET_VARIABLES = [
  'DB_PASSWORD',
  'POSTGRES_PASSWORD',
  'REDIS_PASSWORD',
  'JWT_SECRET',
  'SESSION_SECRET_KEY',
  'OPENAI_API_KEY',
  'X_API_KEY',
  'GITHUB_TOKEN',
  'SMTP_PASS',
  'SENTRY_DSN',
  'ENCRYPTION_KEY',
  'AWS_SECRET_ACCESS_KEY',
] as const;

/**
 * Variables whose name does not look secret, made secret by being interpolated into a secret-named
 * key (`MAIL_PASSWORD: ${MAILPW}`); they only ever appear in such entries.
 */
export const INDIRECT_SECRET_VARIABLES = ['MAILPW', 'PGPASSVAL', 'BACKUPCODE'] as const;

/** Secret-named keys that hold another variable (never themselves referenced as a variable). */
const ALIAS_KEYS = ['APP_DB_PASSWORD', 'ADMIN_TOKEN', 'MAIL_PASSWORD', 'UPSTREAM_API_KEY'] as const;

/** Plain (configuration) keys: no secret word, no secret ending. */
const PLAIN_KEYS = [
  'LOG_LEVEL',
  'APP_MODE',
  'HTTP_HOST',
  'LISTEN_PORT',
  'REGION',
  'FEATURE_FLAGS',
  'WORKERS',
  'CACHE_SIZE',
  'QUEUE_NAME',
  'LANG',
  'TZ',
  'DEBUG',
  'GREETING',
  'UPLOAD_DIR',
  'ACCESS_TOKEN_EXPIRE_MINUTES',
  'SSH_KEY_PATH',
  'PUBLIC_URL',
  'CRON_SCHEDULE',
] as const;

/** Keys of values that embed a secret variable (a URL with a password). */
const COMPOSITE_KEYS = ['DATABASE_URL', 'REDIS_URL', 'BROKER_URL', 'CACHE_URL', 'AMQP_URI', 'SENTRY_URL'] as const;

/** Non-secret variables interpolated with a default; never set by the tests. */
const PLAIN_VARIABLES = ['APP_LOG_LEVEL', 'APP_REGION', 'APP_GREETING'] as const;

const NETWORK_NAMES = /^[a-z][a-z0-9]{0,7}([-_][a-z0-9]{1,4})?$/;
const VOLUME_NAMES = /^[a-z][a-z0-9]{0,7}([-_][a-z0-9]{1,4})?$/;
const SERVICE_NAMES = /^[a-z][a-z0-9]{0,9}([-_][a-z0-9]{1,6}){0,2}$/;
/** Long names (up to the 63 characters of a DNS label) that derived names must not break. */
const LONG_NAMES = /^[a-z][a-z0-9]{15,40}([-_][a-z0-9]{1,12}){1,3}$/;
const PROJECT_NAMES = /^[a-z][a-z0-9]{0,9}([-_][a-z0-9]{1,5})?$/;

/** Mostly short names, sometimes long ones (never longer than 63 characters, so never truncated). */
function names(short: RegExp): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.stringMatching(short) },
    { weight: 1, arbitrary: fc.stringMatching(LONG_NAMES).filter((n) => n.length <= 63) },
  );
}

const VOLUME_TARGETS = ['/data', '/var/lib/postgresql/data', '/var/lib/mysql', '/var/lib/redis', '/srv/uploads', '/cache', '/var/lib/app', '/home/app/.cache'] as const;
const TMPFS_TARGETS = ['/run', '/tmp', '/var/run', '/var/cache/nginx', '/scratch', '/run/lock'] as const;
const WELL_KNOWN_TARGETS = [80, 443, 3000, 5000, 5432, 6379, 8000, 8080, 8081, 8443, 9000, 9090, 9100, 53] as const;
const PORT_NAMES = ['web', 'http', 'metrics', 'grpc', 'admin_api', 'HTTP-Alt', 'p1', '8080'] as const;
const DURATIONS = ['500ms', '5s', '10s', '30s', '1m', '1m30s'] as const;
const START_PERIODS = ['0s', '10s', '40s', '2m'] as const;

/** Normalization of the names we generate (lowercase, `[a-z0-9_-]`, no doubled or edge separators). */
export function dnsOf(name: string): string {
  return name.replace(/_/g, '-');
}

// ---------------------------------------------------------------------------------------------
// Environment values

/** One piece of an environment value: literal text (as written, and what compose makes of it) or a secret reference. */
export type Piece =
  | { readonly kind: 'text'; readonly written: string; readonly meaning: string }
  | { readonly kind: 'secret'; readonly written: string; readonly variable: string; readonly required: boolean };

/** An environment entry as generated, with what it must become. */
export type EnvSpec =
  /** Literal configuration (possibly with `$$` escapes and non-secret variables with defaults). */
  | { readonly kind: 'plain'; readonly key: string; readonly pieces: readonly Piece[]; readonly scalar?: number | boolean }
  /** Exactly one secret reference: a secretKeyRef. */
  | { readonly kind: 'secret'; readonly key: string; readonly piece: Extract<Piece, { kind: 'secret' }> }
  /** Text with secret references inside: `$(VAR)` after an entry for VAR. */
  | { readonly kind: 'composite'; readonly key: string; readonly pieces: readonly Piece[] }
  /** `KEY` alone: a secret key → optional secretKeyRef; a plain key (unset) → dropped. */
  | { readonly kind: 'bare'; readonly key: string; readonly secret: boolean };

/** Safe literal text: no `$`, no `@` (so never a URL with credentials), no NUL. */
const safeText = fc.stringMatching(/^[A-Za-z0-9 ._:/,=+%-]{0,12}$/);

const textPiece: fc.Arbitrary<Piece> = fc.oneof(
  { weight: 4, arbitrary: safeText.map((t) => ({ kind: 'text' as const, written: t, meaning: t })) },
  // `$$` is compose's escape of a literal `$`.
  { weight: 1, arbitrary: safeText.map((t) => ({ kind: 'text' as const, written: `$$${t}`, meaning: `$${t}` })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'text' as const, written: '$$(date)', meaning: '$(date)' }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'text' as const, written: '$${HOME}', meaning: '${HOME}' }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'text' as const, written: '$$$$', meaning: '$$' }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'text' as const, written: '$$(LOG_LEVEL)', meaning: '$(LOG_LEVEL)' }) },
  // A non-secret variable that is never set: its default is used.
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...PLAIN_VARIABLES), fc.stringMatching(/^[a-z0-9.]{1,8}$/))
      .map(([v, d]) => ({ kind: 'text' as const, written: `\${${v}:-${d}}`, meaning: d })),
  },
);

const secretOperators: fc.Arbitrary<{ suffix: string; required: boolean }> = fc.constantFrom(
  { suffix: '', required: true },
  { suffix: ':?', required: true },
  { suffix: ':?set it in .env', required: true },
  { suffix: '?', required: true },
  { suffix: ':-', required: false },
  { suffix: '-', required: false },
  // A non-empty default of a secret variable is ignored (with a warning); the key stays required.
  { suffix: ':-insecure-default', required: true },
);

function secretPiece(variables: fc.Arbitrary<string>): fc.Arbitrary<Extract<Piece, { kind: 'secret' }>> {
  return fc.tuple(variables, secretOperators).map(([variable, op]) => ({
    kind: 'secret' as const,
    written: `\${${variable}${op.suffix}}`,
    variable,
    required: op.required,
  }));
}

const urlComposite: fc.Arbitrary<Piece[]> = fc
  .tuple(
    fc.constantFrom('postgres', 'redis', 'amqp', 'mysql', 'https'),
    fc.stringMatching(/^[a-z]{1,6}$/),
    secretPiece(fc.constantFrom(...SECRET_VARIABLES)),
    fc.stringMatching(/^[a-z]{1,6}(:[0-9]{2,5})?(\/[a-z0-9]{0,5})?$/),
    fc.array(textPiece, { maxLength: 2 }),
  )
  .map(([scheme, user, secret, host, tail]) => [
    { kind: 'text' as const, written: `${scheme}://${user}:`, meaning: `${scheme}://${user}:` },
    secret,
    { kind: 'text' as const, written: `@${host}`, meaning: `@${host}` },
    ...tail,
  ]);

/** Free-form text with secret references among literal pieces (`prefix-${JWT_SECRET}$$x`). */
const mixedComposite: fc.Arbitrary<Piece[]> = fc
  .array(fc.oneof({ weight: 3, arbitrary: textPiece }, { weight: 1, arbitrary: secretPiece(fc.constantFrom(...SECRET_VARIABLES)) }), { minLength: 1, maxLength: 4 })
  .filter((ps) => ps.some((p) => p.kind === 'secret') && ps.some((p) => p.kind === 'text' && p.meaning !== ''));

type RawEnv =
  | { kind: 'plain'; key: string; pieces: Piece[]; scalar?: number | boolean }
  | { kind: 'secret-own'; variable: string; piece: Extract<Piece, { kind: 'secret' }> }
  | { kind: 'secret-alias'; key: string; piece: Extract<Piece, { kind: 'secret' }> }
  | { kind: 'composite'; key: string; pieces: Piece[] }
  | { kind: 'bare'; key: string; secret: boolean };

const rawEnv: fc.Arbitrary<RawEnv> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .tuple(fc.constantFrom(...PLAIN_KEYS), fc.array(textPiece, { maxLength: 4 }), fc.option(fc.oneof(fc.integer({ min: 0, max: 9999 }), fc.boolean()), { freq: 4 }))
      .map(([key, pieces, scalar]): RawEnv => (scalar === null ? { kind: 'plain', key, pieces } : { kind: 'plain', key, pieces: [], scalar })),
  },
  {
    weight: 3,
    arbitrary: fc.constantFrom(...SECRET_VARIABLES).chain((v) => secretPiece(fc.constant(v)).map((piece): RawEnv => ({ kind: 'secret-own', variable: v, piece }))),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...ALIAS_KEYS), secretPiece(fc.constantFrom(...SECRET_VARIABLES, ...INDIRECT_SECRET_VARIABLES)))
      .map(([key, piece]): RawEnv => ({ kind: 'secret-alias', key, piece })),
  },
  {
    weight: 3,
    arbitrary: fc.tuple(fc.constantFrom(...COMPOSITE_KEYS), fc.oneof(urlComposite, mixedComposite)).map(([key, pieces]): RawEnv => ({ kind: 'composite', key, pieces })),
  },
  { weight: 1, arbitrary: fc.constantFrom(...SECRET_VARIABLES).map((key): RawEnv => ({ kind: 'bare', key, secret: true })) },
  { weight: 1, arbitrary: fc.constantFrom(...PLAIN_KEYS).map((key): RawEnv => ({ kind: 'bare', key, secret: false })) },
);

function rawKey(e: RawEnv): string {
  return e.kind === 'secret-own' ? e.variable : e.key;
}

function toEnvSpec(e: RawEnv): EnvSpec {
  switch (e.kind) {
    case 'plain':
      return e.scalar === undefined ? { kind: 'plain', key: e.key, pieces: e.pieces } : { kind: 'plain', key: e.key, pieces: [], scalar: e.scalar };
    case 'secret-own':
      return { kind: 'secret', key: e.variable, piece: e.piece };
    case 'secret-alias':
      return { kind: 'secret', key: e.key, piece: e.piece };
    case 'composite':
      return { kind: 'composite', key: e.key, pieces: e.pieces };
    case 'bare':
      return { kind: 'bare', key: e.key, secret: e.secret };
  }
}

/** What compose makes of a value: literal text, secret references as `<<VAR>>`. */
export function meaningOf(pieces: readonly Piece[]): string {
  return pieces.map((p) => (p.kind === 'text' ? p.meaning : `<<${p.variable}>>`)).join('');
}

function writtenOf(e: EnvSpec): string | number | boolean | null {
  switch (e.kind) {
    case 'plain':
      return e.scalar !== undefined ? e.scalar : e.pieces.map((p) => p.written).join('');
    case 'secret':
      return e.piece.written;
    case 'composite':
      return e.pieces.map((p) => p.written).join('');
    case 'bare':
      return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Services

type PortForm = 'number' | 'short' | 'short-published' | 'short-ip' | 'long' | 'long-published';

interface RawPort {
  target: number;
  form: PortForm;
  udp: boolean;
  name?: string;
  publishedOffset: number;
}

const rawPort: fc.Arbitrary<RawPort> = fc.record(
  {
    target: fc.oneof(fc.constantFrom(...WELL_KNOWN_TARGETS), fc.integer({ min: 1024, max: 65535 })),
    form: fc.constantFrom<PortForm>('number', 'short', 'short-published', 'short-ip', 'long', 'long-published'),
    udp: fc.constantFrom(false, false, false, true),
    name: fc.constantFrom(...PORT_NAMES),
    publishedOffset: fc.integer({ min: 0, max: 2000 }),
  },
  { requiredKeys: ['target', 'form', 'udp', 'publishedOffset'] },
);

type HealthKind = 'curl' | 'wget-string' | 'cmd-shell' | 'cmd-shell-secret' | 'none' | 'disable' | 'cmd';

interface RawHealth {
  kind: HealthKind;
  interval?: string;
  timeout?: string;
  retries?: number;
  startPeriod?: string;
  portIndex: number;
  path: string;
}

const rawHealth: fc.Arbitrary<RawHealth> = fc.record(
  {
    kind: fc.constantFrom<HealthKind>('curl', 'wget-string', 'cmd-shell', 'cmd-shell-secret', 'none', 'disable', 'cmd'),
    interval: fc.constantFrom(...DURATIONS),
    timeout: fc.constantFrom(...DURATIONS),
    retries: fc.integer({ min: 1, max: 5 }),
    startPeriod: fc.constantFrom(...START_PERIODS),
    portIndex: fc.nat(5),
    path: fc.constantFrom('/health', '/healthz', '/', '/api/v1/ready'),
  },
  { requiredKeys: ['kind', 'portIndex', 'path'] },
);

interface RawResources {
  limitCpu?: number;
  limitMemMi?: number;
  reserveCpuFraction?: number;
  reserveMemFraction?: number;
  style: 'deploy' | 'service-keys';
  cpuAsNumber: boolean;
}

const CPUS = [0.1, 0.25, 0.5, 1, 1.5, 2] as const;
const MEMS = [64, 128, 256, 512, 1024, 2048] as const;

const rawResources: fc.Arbitrary<RawResources> = fc.record(
  {
    limitCpu: fc.constantFrom(...CPUS),
    limitMemMi: fc.constantFrom(...MEMS),
    reserveCpuFraction: fc.constantFrom(0.1, 0.25, 0.5, 1),
    reserveMemFraction: fc.constantFrom(0.25, 0.5, 1),
    style: fc.constantFrom<'deploy' | 'service-keys'>('deploy', 'deploy', 'service-keys'),
    cpuAsNumber: fc.boolean(),
  },
  { requiredKeys: ['style', 'cpuAsNumber'] },
);

interface RawService {
  name: string;
  image: string;
  ports: RawPort[];
  expose: number[];
  envList: boolean;
  env: RawEnv[];
  health?: RawHealth;
  volumes: { volumeIndex: number; target: string; readOnly: boolean; long: boolean }[];
  tmpfs: { target: string; size?: number; long: boolean }[];
  /** depends_on: indexes into the earlier services (taken modulo), with the condition. */
  deps: { index: number; condition: 'service_started' | 'service_healthy' | 'service_completed_successfully'; long: boolean }[];
  restart?: 'always' | 'unless-stopped' | 'no' | 'on-failure';
  resources?: RawResources;
  replicas?: number;
  networks: { indexes: number[]; form: 'list' | 'map' | 'map-aliases' };
  user?: { uid: number; gid?: number };
}

const rawService: fc.Arbitrary<RawService> = fc.record(
  {
    name: names(SERVICE_NAMES),
    image: fc.constantFrom(...IMAGES),
    ports: fc.uniqueArray(rawPort, { maxLength: 3, selector: (p) => p.target }),
    expose: fc.uniqueArray(fc.oneof(fc.constantFrom(3000, 4000, 9100, 8080), fc.integer({ min: 1024, max: 65535 })), { maxLength: 2 }),
    envList: fc.boolean(),
    env: fc.uniqueArray(rawEnv, { maxLength: 7, selector: rawKey }),
    health: rawHealth,
    volumes: fc.uniqueArray(
      fc.record({ volumeIndex: fc.nat(5), target: fc.constantFrom(...VOLUME_TARGETS), readOnly: fc.constantFrom(false, false, true), long: fc.boolean() }),
      { maxLength: 2, selector: (v) => v.target },
    ),
    tmpfs: fc.uniqueArray(
      fc.record({ target: fc.constantFrom(...TMPFS_TARGETS), size: fc.constantFrom(16, 64, 128).map((m) => m * 1024 * 1024), long: fc.boolean() }, { requiredKeys: ['target', 'long'] }),
      { maxLength: 2, selector: (t) => t.target },
    ),
    deps: fc.array(
      fc.record({
        index: fc.nat(11),
        condition: fc.constantFrom<'service_started' | 'service_healthy' | 'service_completed_successfully'>(
          'service_started',
          'service_healthy',
          'service_completed_successfully',
        ),
        long: fc.boolean(),
      }),
      { maxLength: 3 },
    ),
    restart: fc.constantFrom<'always' | 'unless-stopped' | 'no' | 'on-failure'>('always', 'unless-stopped', 'unless-stopped', 'always', 'always', 'unless-stopped', 'no', 'on-failure'),
    resources: rawResources,
    replicas: fc.integer({ min: 1, max: 3 }),
    networks: fc.record({ indexes: fc.uniqueArray(fc.nat(2), { maxLength: 3 }), form: fc.constantFrom<'list' | 'map' | 'map-aliases'>('list', 'map', 'map-aliases') }),
    user: fc.record({ uid: fc.integer({ min: 1, max: 65534 }), gid: fc.option(fc.integer({ min: 0, max: 65534 }), { nil: undefined }) }),
  },
  { requiredKeys: ['name', 'image', 'ports', 'expose', 'envList', 'env', 'volumes', 'tmpfs', 'deps', 'networks'] },
);

// ---------------------------------------------------------------------------------------------
// The project

/** A generated service after fix-up: everything the tests need to predict the output. */
export interface ServiceSpec {
  readonly name: string;
  readonly dns: string;
  readonly image: string;
  readonly oneShot: boolean;
  readonly env: readonly EnvSpec[];
  /** Secret variables the healthcheck references (appended to the env when missing). */
  readonly healthSecrets: readonly string[];
  /** The compose service mapping, ready to dump. */
  readonly compose: Record<string, unknown>;
}

export interface ProjectSpec {
  readonly name: string;
  readonly services: readonly ServiceSpec[];
  readonly volumes: readonly string[];
  readonly networks: readonly string[];
  /** Every secret variable referenced anywhere (what the no-leak property sets). */
  readonly secretVariables: readonly string[];
  /** The compose file, services in generation order. */
  readonly yaml: string;
}

export interface YamlOrder {
  /** Seed of a deterministic shuffle; undefined keeps generation order. */
  readonly seed?: number;
}

/** A small deterministic PRNG (mulberry32) for shuffles derived from a generated seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  const rnd = prng(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function shuffledRecord(r: Record<string, unknown>, seed: number | undefined): Record<string, unknown> {
  if (seed === undefined) return r;
  return Object.fromEntries(shuffle(Object.entries(r), seed));
}

/**
 * The compose YAML of a project. With `order.seed`, services, top-level volumes and networks (and
 * the entries of each `depends_on` mapping and `networks` list/mapping, which compose treats as
 * unordered) are shuffled; environment entries and ports keep their order (compose order is meaningful).
 */
export function projectYaml(p: Omit<ProjectSpec, 'yaml'>, order: YamlOrder = {}): string {
  const seed = order.seed;
  const services: Record<string, unknown> = {};
  const svcOrder = seed === undefined ? p.services : shuffle(p.services, seed);
  svcOrder.forEach((s, i) => {
    const c = { ...s.compose };
    if (seed !== undefined) {
      const sub = seed + 7919 * (i + 1);
      if (c.depends_on && !Array.isArray(c.depends_on)) c.depends_on = shuffledRecord(c.depends_on as Record<string, unknown>, sub);
      else if (Array.isArray(c.depends_on)) c.depends_on = shuffle(c.depends_on, sub);
      if (Array.isArray(c.networks)) c.networks = shuffle(c.networks, sub + 1);
      else if (c.networks) c.networks = shuffledRecord(c.networks as Record<string, unknown>, sub + 1);
    }
    services[s.name] = c;
  });
  const doc: Record<string, unknown> = { name: p.name, services };
  const vols = Object.fromEntries(p.volumes.map((v, i) => [v, i % 3 === 1 ? { 'x-k8s': { size: `${i + 1}Gi` } } : null]));
  if (p.volumes.length > 0) doc.volumes = shuffledRecord(vols, seed === undefined ? undefined : seed + 1);
  const nets = Object.fromEntries(p.networks.map((n, i) => [n, i % 2 === 0 ? null : { driver: 'bridge' }]));
  if (p.networks.length > 0) doc.networks = shuffledRecord(nets, seed === undefined ? undefined : seed + 2);
  return dump(doc, { lineWidth: -1, noRefs: true });
}

/** A memory size in one of compose's spellings; a plain number only where compose takes one (`mem_limit`, not `deploy.resources`). */
function memText(mi: number, variant: number, numberAllowed: boolean): string | number {
  switch (variant % 4) {
    case 0:
      return `${mi}M`;
    case 1:
      return `${mi}m`;
    case 2:
      return mi % 1024 === 0 ? `${mi / 1024}g` : `${mi * 1024}k`;
    default:
      return numberAllowed ? mi * 1024 * 1024 : String(mi * 1024 * 1024);
  }
}

function healthTest(h: RawHealth, tcpPorts: readonly number[], secretVariable: string): { test: unknown; secrets: string[] } | { disable: true } {
  const port = tcpPorts.length > 0 ? tcpPorts[h.portIndex % tcpPorts.length] : 8080;
  switch (h.kind) {
    case 'curl':
      return { test: ['CMD', 'curl', '-f', `http://localhost:${port}${h.path}`], secrets: [] };
    case 'wget-string':
      return { test: `wget -q --spider http://127.0.0.1:${port}${h.path} || exit 1`, secrets: [] };
    case 'cmd-shell':
      return { test: ['CMD-SHELL', 'pg_isready -U app -d app || exit 1'], secrets: [] };
    case 'cmd-shell-secret':
      return { test: ['CMD-SHELL', `redis-cli -a "\${${secretVariable}:?}" ping | grep -q PONG`], secrets: [secretVariable] };
    case 'cmd':
      return { test: ['CMD', 'python', '-c', 'import sys; sys.exit(0)'], secrets: [] };
    case 'none':
      return { test: ['NONE'], secrets: [] };
    case 'disable':
      return { disable: true };
  }
}

/** Turns loose descriptions into a valid project (see the file comment). */
function fixProject(raw: { name: string; services: RawService[]; volumes: string[]; networks: string[] }): ProjectSpec {
  // depends_on: only on earlier services, each at most once.
  const deps = raw.services.map((s, i) => {
    const out = new Map<number, RawService['deps'][number]>();
    if (i === 0) return out;
    for (const d of s.deps) {
      const j = d.index % i;
      if (!out.has(j)) out.set(j, d);
    }
    return out;
  });
  const oneShot = new Set<number>();
  deps.forEach((m) => m.forEach((d, j) => d.condition === 'service_completed_successfully' && oneShot.add(j)));
  // Long-running services with a working healthcheck can be waited on with service_healthy.
  const healthy = new Set<number>();
  raw.services.forEach((s, i) => {
    const plainJob = !oneShot.has(i) && (s.restart === 'no' || s.restart === 'on-failure');
    if (!oneShot.has(i) && !plainJob && s.health && s.health.kind !== 'none' && s.health.kind !== 'disable') healthy.add(i);
  });

  const usedPublished = new Set<number>();
  const allSecrets = new Set<string>();
  const services: ServiceSpec[] = raw.services.map((s, i) => {
    const isOneShot = oneShot.has(i);
    const plainJob = !isOneShot && (s.restart === 'no' || s.restart === 'on-failure');
    const c: Record<string, unknown> = { image: s.image };
    const jobLike = isOneShot || plainJob;

    // Ports (long-running services only) with unique published ports across the project.
    const tcpPorts: number[] = [];
    if (!jobLike && s.ports.length > 0) {
      c.ports = s.ports.map((p) => {
        const proto = p.udp ? '/udp' : '';
        if (!p.udp) tcpPorts.push(p.target);
        let published = 20000 + ((p.target + p.publishedOffset) % 40000);
        while (usedPublished.has(published)) published++;
        const publish = p.form === 'short-published' || p.form === 'short-ip' || p.form === 'long-published';
        if (publish) usedPublished.add(published);
        switch (p.form) {
          case 'number':
            return p.udp ? `${p.target}/udp` : p.target;
          case 'short':
            return `${p.target}${proto}`;
          case 'short-published':
            return `${published}:${p.target}${proto}`;
          case 'short-ip':
            return `127.0.0.1:${published}:${p.target}${proto}`;
          case 'long':
            return { target: p.target, ...(p.udp ? { protocol: 'udp' } : {}), ...(p.name !== undefined ? { name: p.name } : {}) };
          case 'long-published':
            return { target: p.target, published: String(published), protocol: p.udp ? 'udp' : 'tcp', ...(p.name !== undefined ? { name: p.name } : {}) };
        }
      });
    }
    if (!jobLike && s.expose.length > 0) c.expose = s.expose.map((e, k) => (k % 2 === 0 ? String(e) : e));

    // Environment: keys are unique; `${VAR}` entries named after another secret variable never clash.
    const env = s.env.map(toEnvSpec);
    for (const e of env) {
      if (e.kind === 'secret') allSecrets.add(e.piece.variable);
      if (e.kind === 'composite') for (const p of e.pieces) if (p.kind === 'secret') allSecrets.add(p.variable);
      if (e.kind === 'bare' && e.secret) allSecrets.add(e.key);
    }
    if (env.length > 0) {
      c.environment = s.envList
        ? env.map((e) => {
            const w = writtenOf(e);
            return w === null ? e.key : `${e.key}=${String(w)}`;
          })
        : Object.fromEntries(env.map((e) => [e.key, writtenOf(e)]));
    }

    // Healthcheck.
    let healthSecrets: string[] = [];
    if (s.health) {
      const secretVariable = SECRET_VARIABLES[(i + s.health.portIndex) % SECRET_VARIABLES.length];
      const t = healthTest(s.health, tcpPorts, secretVariable);
      if ('disable' in t) c.healthcheck = { disable: true };
      else {
        healthSecrets = t.secrets;
        for (const v of t.secrets) allSecrets.add(v);
        c.healthcheck = {
          test: t.test,
          ...(s.health.interval ? { interval: s.health.interval } : {}),
          ...(s.health.timeout ? { timeout: s.health.timeout } : {}),
          ...(s.health.retries !== undefined ? { retries: s.health.retries } : {}),
          ...(s.health.startPeriod ? { start_period: s.health.startPeriod } : {}),
        };
      }
    }

    // Volumes: named (declared at the top level) and tmpfs, targets unique per service.
    const vols: unknown[] = [];
    let usesNamedVolume = false;
    if (raw.volumes.length > 0) {
      for (const v of s.volumes) {
        const source = raw.volumes[v.volumeIndex % raw.volumes.length];
        usesNamedVolume = true;
        vols.push(v.long ? { type: 'volume', source, target: v.target, ...(v.readOnly ? { read_only: true } : {}) } : `${source}:${v.target}${v.readOnly ? ':ro' : ''}`);
      }
    }
    const shortTmpfs: string[] = [];
    for (const t of s.tmpfs) {
      if (t.long) vols.push({ type: 'tmpfs', target: t.target, ...(t.size !== undefined ? { tmpfs: { size: t.size } } : {}) });
      else shortTmpfs.push(t.size !== undefined ? `${t.target}:size=${t.size / 1024 / 1024}m` : t.target);
    }
    if (vols.length > 0) c.volumes = vols;
    if (shortTmpfs.length > 0) c.tmpfs = shortTmpfs.length === 1 ? shortTmpfs[0] : shortTmpfs;

    // depends_on on earlier services.
    const d = deps[i];
    if (d.size > 0) {
      const entries = [...d.entries()].map(([j, dep]) => {
        let condition = dep.condition;
        if (condition === 'service_healthy' && !healthy.has(j)) condition = 'service_started';
        return { name: raw.services[j].name, condition, long: dep.long || condition !== 'service_started' };
      });
      c.depends_on = entries.every((e) => !e.long)
        ? entries.map((e) => e.name)
        : Object.fromEntries(entries.map((e) => [e.name, { condition: e.condition }]));
    }

    // restart: one-shots are `"no"`; others as drawn.
    if (isOneShot) c.restart = 'no';
    else if (s.restart !== undefined) c.restart = s.restart;

    // Resources.
    if (s.resources) {
      const r = s.resources;
      const cpu = (x: number) => (r.cpuAsNumber ? x : String(x));
      if (r.style === 'deploy') {
        const limits: Record<string, unknown> = {};
        if (r.limitCpu !== undefined) limits.cpus = cpu(r.limitCpu);
        if (r.limitMemMi !== undefined) limits.memory = memText(r.limitMemMi, i, false);
        const reservations: Record<string, unknown> = {};
        if (r.reserveCpuFraction !== undefined && r.limitCpu !== undefined) reservations.cpus = cpu(Math.round(r.limitCpu * r.reserveCpuFraction * 1000) / 1000);
        if (r.reserveMemFraction !== undefined && r.limitMemMi !== undefined) reservations.memory = memText(Math.max(16, Math.floor(r.limitMemMi * r.reserveMemFraction)), i + 1, false);
        const resources = { ...(Object.keys(limits).length ? { limits } : {}), ...(Object.keys(reservations).length ? { reservations } : {}) };
        if (Object.keys(resources).length > 0) c.deploy = { resources };
      } else {
        if (r.limitMemMi !== undefined) c.mem_limit = memText(r.limitMemMi, i, true);
        if (r.limitCpu !== undefined) c.cpus = cpu(r.limitCpu);
      }
    }
    // Replicas: never on one-shots or Jobs, never more than one on a ReadWriteOnce claim.
    if (s.replicas !== undefined && !jobLike && !usesNamedVolume) c.deploy = { ...((c.deploy as object) ?? {}), replicas: s.replicas };

    // Networks.
    const nets = raw.networks.length > 0 ? [...new Set(s.networks.indexes.map((k) => raw.networks[k % raw.networks.length]))] : [];
    if (nets.length > 0) {
      c.networks =
        s.networks.form === 'list'
          ? nets
          : Object.fromEntries(nets.map((net) => [net, s.networks.form === 'map-aliases' ? { aliases: [`${dnsOf(s.name)}-${dnsOf(net)}`] } : null]));
    }

    if (s.user) c.user = s.user.gid === undefined ? String(s.user.uid) : `${s.user.uid}:${s.user.gid}`;

    return { name: s.name, dns: dnsOf(s.name), image: s.image, oneShot: isOneShot, env, healthSecrets, compose: c };
  });

  const base = { name: raw.name, services, volumes: raw.volumes, networks: raw.networks, secretVariables: [...allSecrets].sort() };
  return { ...base, yaml: projectYaml(base) };
}

/** Valid compose projects (see the file comment). Printed by fast-check as their YAML. */
export const composeProject: fc.Arbitrary<ProjectSpec> = fc
  .record({
    name: names(PROJECT_NAMES),
    services: fc.uniqueArray(rawService, { minLength: 1, maxLength: 12, selector: (s) => dnsOf(s.name) }),
    volumes: fc.uniqueArray(names(VOLUME_NAMES), { maxLength: 4, selector: dnsOf }),
    networks: fc.uniqueArray(names(NETWORK_NAMES), { minLength: 1, maxLength: 3, selector: dnsOf }),
  })
  .map((raw) => {
    const spec = fixProject(raw);
    Object.defineProperty(spec, fc.toStringMethod, { value: () => `\n${spec.yaml}`, enumerable: false });
    return spec;
  });

/** Random hex, for secret values. */
export const hex = (min: number, max: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: min, maxLength: max });
