/**
 * `docker compose config --format json` → the comparable form. Compose prints a literal `$` as `$$`
 * (un-escaped here first), sizes as strings of bytes, durations as Go durations (`1m30s`), file
 * modes as octal strings, published ports as strings, and fills some defaults itself (port mode
 * `ingress`, secret targets); what compose leaves to the engine is filled here the way the engine
 * does (a relative secret target lies under `/run/secrets/`, a config's default target is `/<source>`).
 */
import type { Comparable } from './comparable';

type Json = Record<string, unknown>;
type Obj = { [key: string]: Comparable };

function obj(o: Record<string, Comparable | undefined>): Obj {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Obj;
}

const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const asObj = (v: unknown): Json => (isObj(v) ? v : {});
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Compose writes a literal `$` as `$$` in every string it prints. */
export function unescapeDollars(v: unknown): unknown {
  if (typeof v === 'string') return v.replace(/\$\$/g, '$');
  if (Array.isArray(v)) return v.map(unescapeDollars);
  if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unescapeDollars(x)]));
  return v;
}

/** Go's `time.Duration.String()` (`1h2m3.5s`, `500ms`, `1.5µs`) → milliseconds. */
export function goDurationMs(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, 'µs': 0.001, us: 0.001, ns: 0.000001 };
  let total = 0;
  for (const m of v.matchAll(/([0-9.]+)(h|ms|m|s|µs|us|ns)/g)) total += Number(m[1]) * units[m[2]];
  return Math.round(total * 1e6) / 1e6;
}

/** Docker's RAMInBytes: `64m`, `1g`, `512` (1024-based; an optional `b`/`ib` suffix). */
export function dockerBytes(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  const m = /^(\d+(?:\.\d+)?) ?([kmgtp])?i?b?$/i.exec(v);
  if (!m) return undefined;
  const power = m[2] === undefined ? 0 : 'kmgtp'.indexOf(m[2].toLowerCase()) + 1;
  return Math.floor(Number(m[1]) * 1024 ** power);
}

const numeric = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined);
const octal = (v: unknown): number | undefined => (typeof v === 'string' && /^0?[0-7]+$/.test(v) ? parseInt(v, 8) : typeof v === 'number' ? v : undefined);

function command(v: unknown): Comparable | undefined {
  return Array.isArray(v) ? v.map(String) : undefined;
}

function port(p: Json): Obj {
  const published = str(p.published);
  return obj({
    target: numeric(p.target),
    published: published === undefined || published === '' ? undefined : /^\d+$/.test(published) ? Number(published) : published,
    host_ip: str(p.host_ip) || undefined,
    protocol: str(p.protocol) ?? 'tcp',
    mode: str(p.mode) === 'ingress' ? undefined : str(p.mode),
    name: str(p.name),
    app_protocol: str(p.app_protocol),
  });
}

/** `expose` entries as written (`"3000"`, `3001`, `"4000-4001"`, `"5000/udp"`) → `port/protocol`, ranges expanded. */
function expose(list: unknown[]): string[] {
  return list.flatMap((e) => {
    const [ports, protocol = 'tcp'] = String(e).split('/');
    const [from, to = from] = ports.split('-').map(Number);
    return Array.from({ length: to - from + 1 }, (_, i) => `${from + i}/${protocol}`);
  });
}

function volume(v: Json): Obj {
  const type = str(v.type);
  const readOnly = v.read_only === true;
  if (type === 'bind') {
    const bind = v.bind;
    const create = isObj(bind) ? bind.create_host_path !== false : false;
    return obj({ type, source: str(v.source), target: str(v.target), read_only: readOnly, create_host_path: create });
  }
  if (type === 'volume') {
    const o = asObj(v.volume);
    return obj({ type, source: str(v.source), target: str(v.target), read_only: readOnly, nocopy: o.nocopy === true ? true : undefined, subpath: str(o.subpath) });
  }
  if (type === 'tmpfs') {
    const o = asObj(v.tmpfs);
    return obj({ type, target: str(v.target), read_only: readOnly, size: dockerBytes(o.size), mode: typeof o.mode === 'number' ? o.mode : undefined });
  }
  return obj({ type, source: str(v.source), target: str(v.target), read_only: readOnly });
}

/** Service-level `tmpfs` strings (`/run`, `/var/cache:size=64m,mode=1777`) as tmpfs mounts. */
function tmpfs(entry: unknown): Obj {
  const s = String(entry);
  const colon = s.indexOf(':');
  const target = colon < 0 ? s : s.slice(0, colon);
  const options = new Map((colon < 0 ? [] : s.slice(colon + 1).split(',')).map((o) => o.split('=') as [string, string]));
  return obj({ type: 'tmpfs', target, read_only: false, size: dockerBytes(options.get('size')), mode: octal(options.get('mode')) });
}

function grant(g: Json, kind: 'secret' | 'config'): Obj {
  const source = str(g.source) ?? '';
  let target = str(g.target);
  if (kind === 'secret' && target !== undefined && !target.startsWith('/')) target = `/run/secrets/${target}`;
  if (kind === 'config' && target === undefined) target = `/${source}`;
  return obj({ source, target, uid: str(g.uid), gid: str(g.gid), mode: octal(g.mode) });
}

function healthcheck(h: unknown): Comparable | undefined {
  if (!isObj(h)) return undefined;
  const test = Array.isArray(h.test) ? h.test.map(String) : undefined;
  const disabled = h.disable === true || test?.[0] === 'NONE';
  return obj({
    test: disabled ? undefined : test,
    disable: disabled,
    interval: goDurationMs(h.interval),
    timeout: goDurationMs(h.timeout),
    retries: typeof h.retries === 'number' ? h.retries : undefined,
    start_period: goDurationMs(h.start_period),
    start_interval: goDurationMs(h.start_interval),
  });
}

function resources(r: unknown): Comparable | undefined {
  if (!isObj(r)) return undefined;
  return obj({ cpus: typeof r.cpus === 'number' ? r.cpus : numeric(r.cpus), memory: dockerBytes(r.memory), pids: typeof r.pids === 'number' ? r.pids : undefined });
}

function service(s: Json): Obj {
  const build = isObj(s.build) ? s.build : undefined;
  const deploy = isObj(s.deploy) ? s.deploy : undefined;
  const res = asObj(deploy?.resources);
  return obj({
    image: str(s.image),
    build:
      build === undefined
        ? undefined
        : obj({
            context: str(build.context),
            dockerfile: str(build.dockerfile) ?? 'Dockerfile',
            target: str(build.target),
            // An argument without a value comes from the builder's environment: not a value of the project.
            args: Object.fromEntries(Object.entries(asObj(build.args)).filter(([, v]) => v !== null) as [string, Comparable][]),
          }),
    command: command(s.command),
    entrypoint: command(s.entrypoint),
    environment: asObj(s.environment) as Obj,
    ports: asList(s.ports).map((p) => port(asObj(p))),
    expose: expose(asList(s.expose)),
    volumes: asList(s.volumes).map((v) => volume(asObj(v))),
    tmpfs: asList(s.tmpfs).map(tmpfs),
    secrets: asList(s.secrets).map((g) => grant(asObj(g), 'secret')),
    configs: asList(s.configs).map((g) => grant(asObj(g), 'config')),
    networks: Object.fromEntries(
      Object.entries(asObj(s.networks)).map(([n, c]) => {
        const cfg = asObj(c);
        return [n, obj({ attached: true, aliases: asList(cfg.aliases).map(String), ipv4_address: str(cfg.ipv4_address) })];
      }),
    ),
    links: asList(s.links).map(String),
    network_mode: str(s.network_mode),
    depends_on: Object.fromEntries(
      Object.entries(asObj(s.depends_on)).map(([n, d]) => {
        const dep = asObj(d);
        return [n, { condition: str(dep.condition) ?? 'service_started', required: dep.required !== false, restart: dep.restart === true }];
      }),
    ),
    healthcheck: healthcheck(s.healthcheck),
    deploy: deploy === undefined ? undefined : obj({ mode: str(deploy.mode), replicas: typeof deploy.replicas === 'number' ? deploy.replicas : undefined, resources: obj({ limits: resources(res.limits), reservations: resources(res.reservations) }) }),
    restart: str(s.restart),
    user: str(s.user),
    working_dir: str(s.working_dir),
    labels: asObj(s.labels) as Obj,
    profiles: asList(s.profiles).map(String),
  });
}

function fileObject(o: Json): Obj {
  return obj({ name: str(o.name), file: str(o.file), environment: str(o.environment), content: str(o.content), external: o.external === true });
}

export function theirsComparable(raw: Record<string, unknown>): Obj {
  const json = unescapeDollars(raw) as Json;
  const section = (key: string, map: (v: Json, name: string) => Obj): Obj => Object.fromEntries(Object.entries(asObj(json[key])).map(([k, v]) => [k, map(asObj(v), k)]));
  return {
    name: str(json.name) ?? '',
    services: section('services', service),
    volumes: section('volumes', (v) => obj({ name: str(v.name), external: v.external === true, driver: str(v.driver), driver_opts: asObj(v.driver_opts) as Obj, labels: asObj(v.labels) as Obj })),
    networks: section('networks', (n) => obj({ external: n.external === true, internal: n.internal === true, driver: str(n.driver), labels: asObj(n.labels) as Obj })),
    secrets: section('secrets', fileObject),
    configs: section('configs', fileObject),
  };
}
