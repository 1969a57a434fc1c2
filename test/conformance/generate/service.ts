/**
 * A service definition in a random mix of short and long syntax: image, command/entrypoint (string
 * and list), environment (map and list), env_file, ports, expose, volumes (named, anonymous, bind,
 * tmpfs), tmpfs, secrets, configs, networks (list and map with aliases), links, depends_on (list and
 * map), healthcheck (every test form, durations), deploy.resources, restart, user, working_dir,
 * labels (map and list), profiles. Values draw interpolations from {@link Variables}.
 */
import type { Draw } from './draw';
import type { Variables } from './variables';

/** What the whole project offers a service: other services, top-level objects, files to write. */
export interface ProjectContext {
  readonly vars: Variables;
  /** Services defined before this one (dependencies only point backwards: no cycles). */
  readonly earlier: readonly string[];
  readonly volumes: readonly string[];
  readonly networks: readonly string[];
  readonly secrets: readonly string[];
  readonly configs: readonly string[];
  /** Files to write, relative to the project folder (env files, bind sources). */
  readonly files: Record<string, string>;
  /** Published host ports already used (compose refuses nothing here, but keep projects sensible). */
  readonly usedPorts: Set<number>;
}

const IMAGES = ['nginx', 'redis', 'postgres', 'ghcr.io/acme/app', 'registry.example.com:5000/team/api', 'busybox'] as const;
const DURATIONS = ['500ms', '5s', '10s', '30s', '1m', '1m30s', '2m', '1h', '90s', '1.5s'] as const;
const MEMORY = ['64M', '128m', '256Mi', '512M', '1G', '1g', '1.5G', '2GiB', 67108864, '100k', '1024kb'] as const;
const CPUS = ['0.5', 0.25, 1, '2', '1.5', 0.1] as const;

export function serviceBody(d: Draw, ctx: ProjectContext): Record<string, unknown> {
  const v = ctx.vars;
  const s: Record<string, unknown> = {};
  const image = d.pick(IMAGES);
  s.image = d.chance(0.3) ? `${image}:${v.expr('tag')}` : `${image}:${d.pick(['1.27.3', '7.4', '16-alpine', 'v1'])}`;
  if (d.chance(0.12)) s.build = build(d, ctx);
  if (d.chance(0.4)) s.command = command(d, v);
  if (d.chance(0.2)) s.entrypoint = command(d, v);
  if (d.chance(0.6)) s.environment = environment(d, v);
  if (d.chance(0.2)) s.env_file = envFile(d, ctx);
  if (d.chance(0.5)) s.ports = Array.from({ length: d.int(1, 3) }, () => port(d, ctx));
  if (d.chance(0.25)) s.expose = Array.from({ length: d.int(1, 2) }, () => d.pick(['3000', 3001, '4000-4001', '5000/udp', '5001/tcp', 8080]));
  if (d.chance(0.5)) s.volumes = volumes(d, ctx);
  if (d.chance(0.15)) s.tmpfs = d.chance(0.5) ? d.pick(['/run', '/tmp']) : d.some(['/run', '/tmp', '/var/cache:size=64m', '/scratch:mode=1777'], 1, 2);
  if (ctx.secrets.length > 0 && d.chance(0.3)) s.secrets = grants(d, ctx.secrets, 'secret');
  if (ctx.configs.length > 0 && d.chance(0.3)) s.configs = grants(d, ctx.configs, 'config');
  if (ctx.networks.length > 0 && d.chance(0.4)) s.networks = networks(d, ctx.networks);
  if (ctx.earlier.length > 0 && d.chance(0.4)) s.depends_on = dependsOn(d, ctx.earlier);
  if (ctx.earlier.length > 0 && d.chance(0.1)) s.links = d.some(ctx.earlier, 1, 2).map((l) => (d.chance(0.5) ? `${l}:${l}-alias` : l));
  if (ctx.earlier.length > 0 && d.chance(0.08)) s.volumes_from = [`${d.pick(ctx.earlier)}${d.chance(0.3) ? ':ro' : ''}`];
  if (d.chance(0.4)) s.healthcheck = healthcheck(d);
  if (d.chance(0.35)) s.deploy = deploy(d);
  if (d.chance(0.4)) s.restart = d.pick(['no', 'always', 'on-failure', 'on-failure:3', 'unless-stopped']);
  if (d.chance(0.25)) s.user = d.pick(['1000', '1000:1000', 'app', '0:0', 'nobody']);
  if (d.chance(0.25)) s.working_dir = d.pick(['/app', '/srv/app', '/']);
  if (d.chance(0.4)) s.labels = labels(d, v);
  return s;
}

function build(d: Draw, ctx: ProjectContext): unknown {
  ctx.files['app/Dockerfile'] = 'FROM busybox:1.36.1\nUSER 1000\n';
  ctx.files['app/Dockerfile.dev'] = 'FROM busybox:1.36.1 AS prod\nUSER 1000\n';
  if (d.chance(0.4)) return d.pick(['./app', 'app', 'app/']);
  const b: Record<string, unknown> = { context: d.pick(['./app', 'app']) };
  if (d.chance(0.5)) {
    b.dockerfile = 'Dockerfile.dev';
    if (d.chance(0.5)) b.target = 'prod';
  }
  if (d.chance(0.5)) b.args = d.chance(0.5) ? { VERSION: ctx.vars.textValue(), EMPTY: '' } : [`VERSION=${d.word(4)}`, 'BARE'];
  return b;
}

function command(d: Draw, v: Variables): string | string[] {
  switch (d.int(0, 4)) {
    case 0:
      return `sh -c "echo ${d.word(5)} && sleep ${d.int(1, 9)}"`;
    case 1:
      return ['sh', '-c', `echo ${v.textValue()}`];
    case 2:
      return `run --level ${v.expr('text')} '${d.text(6)}'`;
    case 3:
      return [d.word(6), `--port=${v.expr('port')}`, d.text(5)];
    default:
      return `${d.word(5)} ${d.word(4)}`;
  }
}

function environment(d: Draw, v: Variables): Record<string, unknown> | string[] {
  const entries: [string, unknown][] = [];
  for (let i = d.int(1, 4); i > 0; i--) {
    const key = d.pick(['MODE', 'LEVEL', 'HOST', 'PORT', 'COUNT', 'FLAG', 'EMPTY', 'NOTE', 'PATHS', 'lower_name', 'DOTTED.NAME']);
    if (entries.some(([k]) => k === key)) continue;
    entries.push([key, d.pick<unknown>([v.textValue(), d.int(0, 99), true, false, '', null, v.textValue(), `${d.word(4)}=${d.word(3)}`])]);
  }
  if (d.chance(0.15)) entries.push(['DATABASE_PASSWORD', v.secretExpr()]);
  if (d.chance(0.5)) return Object.fromEntries(entries);
  // List form: `KEY=value`, or a bare `KEY` (taken from the environment when set there).
  return entries.map(([k, val]) => (val === null ? d.pick([k, 'LOG_LEVEL', 'UNSET_A']) : `${k}=${String(val)}`));
}

function envFile(d: Draw, ctx: ProjectContext): unknown {
  const name = `env/${d.word(5)}.env`;
  const lines = [`# generated`, `FILE_A=${d.word(6)}`, `FILE_B="quoted ${d.word(4)}"`, `export FILE_C='${d.word(3)} $$ single'`, `MODE=${d.word(4)}`, '', `FILE_D=\${LOG_LEVEL:-none}`];
  ctx.files[name] = `${lines.join('\n')}\n`;
  if (d.chance(0.4)) return `./${name}`;
  const list: unknown[] = [d.chance(0.5) ? name : { path: name, required: true }];
  if (d.chance(0.5)) list.push({ path: `env/missing-${d.word(4)}.env`, required: false });
  return list;
}

function freePort(d: Draw, ctx: ProjectContext): number {
  let p = d.int(1024, 60000);
  while (ctx.usedPorts.has(p)) p++;
  ctx.usedPorts.add(p);
  return p;
}

function port(d: Draw, ctx: ProjectContext): unknown {
  const target = d.pick([80, 443, 3000, 5432, 6379, 8000, 8080, 9090]);
  switch (d.int(0, 8)) {
    case 0:
      return String(target);
    case 1:
      return `${freePort(d, ctx)}:${target}`;
    case 2:
      return `127.0.0.1:${freePort(d, ctx)}:${target}`;
    case 3:
      return `${freePort(d, ctx)}:${target}/udp`;
    case 4: {
      const p = freePort(d, ctx);
      ctx.usedPorts.add(p + 1);
      return `${p}-${p + 1}:${target}-${target + 1}`;
    }
    case 5:
      return `${ctx.vars.expr('port')}:${target}`;
    case 6:
      return `127.0.0.1::${target}`;
    case 7: {
      const p = freePort(d, ctx);
      ctx.usedPorts.add(p + 1);
      return `${p}-${p + 1}:${target}`;
    }
    default: {
      const long: Record<string, unknown> = { target };
      if (d.chance(0.7)) long.published = d.chance(0.5) ? String(freePort(d, ctx)) : freePort(d, ctx);
      if (d.chance(0.3)) long.host_ip = '127.0.0.1';
      if (d.chance(0.3)) long.protocol = d.pick(['tcp', 'udp']);
      if (d.chance(0.3)) long.mode = d.pick(['host', 'ingress']);
      if (d.chance(0.3)) long.name = d.pick(['web', 'metrics', 'admin']);
      if (d.chance(0.3)) long.app_protocol = d.pick(['http', 'grpc']);
      return long;
    }
  }
}

function volumes(d: Draw, ctx: ProjectContext): unknown[] {
  const out: unknown[] = [];
  const targets = d.some(['/data', '/var/lib/app', '/cache', '/etc/app/conf', '/srv/static', '/tmp/work'], 1, 3);
  for (const target of targets) {
    const named = ctx.volumes.length > 0 ? d.pick(ctx.volumes) : undefined;
    const bindDir = `./${d.pick(['conf', 'static', 'data'])}`;
    ctx.files[`${bindDir.slice(2)}/.keep`] = '';
    switch (d.int(0, 6)) {
      case 0:
        out.push(named ? `${named}:${target}` : target);
        break;
      case 1:
        out.push(named ? `${named}:${target}:ro` : `${target}`);
        break;
      case 2:
        out.push(target);
        break;
      case 3:
        out.push(`${bindDir}:${target}${d.chance(0.5) ? ':ro' : ''}`);
        break;
      case 4: {
        const long: Record<string, unknown> = { type: 'volume', target };
        if (named) long.source = named;
        if (d.chance(0.3)) long.read_only = true;
        if (named && d.chance(0.4)) long.volume = d.chance(0.5) ? { nocopy: true } : { subpath: d.word(5) };
        out.push(long);
        break;
      }
      case 5: {
        const long: Record<string, unknown> = { type: 'bind', source: bindDir, target };
        if (d.chance(0.3)) long.read_only = d.chance(0.5);
        if (d.chance(0.3)) long.bind = d.pick<Record<string, unknown>>([{ create_host_path: true }, { create_host_path: false }, { selinux: 'z' }]);
        out.push(long);
        break;
      }
      default: {
        const long: Record<string, unknown> = { type: 'tmpfs', target };
        if (d.chance(0.5)) long.tmpfs = d.chance(0.5) ? { size: d.pick(['64m', 1048576, '1g']) } : { mode: d.pick([0o1777, 0o755]) };
        out.push(long);
      }
    }
  }
  return out;
}

function grants(d: Draw, names: readonly string[], kind: 'secret' | 'config'): unknown[] {
  return d.some(names, 1, 2).map((source) => {
    if (d.chance(0.5)) return source;
    const long: Record<string, unknown> = { source };
    if (d.chance(0.5)) long.target = kind === 'secret' ? d.pick([`${source}.txt`, `/etc/secrets/${source}`]) : `/etc/${source}.conf`;
    if (d.chance(0.3)) long.uid = '1000';
    if (d.chance(0.3)) long.gid = '1000';
    if (d.chance(0.3)) long.mode = d.pick([0o400, 0o440, 0o644]);
    return long;
  });
}

function networks(d: Draw, names: readonly string[]): unknown {
  const chosen = d.some(names, 1, 2);
  if (d.chance(0.4)) return chosen;
  return Object.fromEntries(chosen.map((n) => [n, d.chance(0.3) ? null : { aliases: d.some(['api', 'backend', 'svc-a'], 1, 2) }]));
}

function dependsOn(d: Draw, earlier: readonly string[]): unknown {
  const chosen = d.some(earlier, 1, 2);
  if (d.chance(0.4)) return chosen;
  return Object.fromEntries(
    chosen.map((n) => {
      const dep: Record<string, unknown> = { condition: d.pick(['service_started', 'service_healthy', 'service_completed_successfully']) };
      if (d.chance(0.3)) dep.required = d.chance(0.5);
      if (d.chance(0.3)) dep.restart = d.chance(0.5);
      return [n, dep];
    }),
  );
}

function healthcheck(d: Draw): Record<string, unknown> {
  const h: Record<string, unknown> = {};
  switch (d.int(0, 5)) {
    case 0:
      h.test = ['CMD', 'curl', '-f', 'http://localhost/health'];
      break;
    case 1:
      h.test = ['CMD-SHELL', 'pg_isready -U app || exit 1'];
      break;
    case 2:
      h.test = 'wget -qO- http://localhost:8080/ || exit 1';
      break;
    case 3:
      h.test = ['NONE'];
      break;
    case 4:
      return { disable: true };
    default:
      break;
  }
  for (const key of ['interval', 'timeout', 'start_period', 'start_interval']) if (d.chance(0.4)) h[key] = d.pick(DURATIONS);
  if (d.chance(0.4)) h.retries = d.int(1, 10);
  return h;
}

function deploy(d: Draw): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const resources: Record<string, unknown> = {};
  for (const kind of ['limits', 'reservations']) {
    if (!d.chance(0.6)) continue;
    const r: Record<string, unknown> = {};
    if (d.chance(0.7)) r.cpus = d.pick(CPUS);
    if (d.chance(0.7)) r.memory = d.pick(MEMORY);
    if (kind === 'limits' && d.chance(0.2)) r.pids = d.int(10, 500);
    resources[kind] = r;
  }
  out.resources = resources;
  if (d.chance(0.3)) out.replicas = d.int(1, 3);
  return out;
}

function labels(d: Draw, v: Variables): unknown {
  const entries = d.some(['com.example.team', 'com.example.tier', 'traefik.enable', 'note', 'version'], 1, 3).map((k) => [k, d.chance(0.5) ? v.textValue() : d.text(8)] as const);
  if (d.chance(0.5)) return Object.fromEntries(entries);
  return entries.map(([k, val]) => `${k}=${val}`);
}
