/**
 * Our front end's normalized project (src/compose) → the comparable form. Field names follow
 * compose's JSON; units are compose's after {@link import('./theirs')} converts them: durations in
 * milliseconds, sizes in bytes, CPUs as numbers, ports as numbers. Secret-variable references
 * become {@link secretMark}s.
 */
import type { ComposeFileObject, ComposeProject, ComposeService, EnvEntry, FileGrant, Template, VolumeMountSpec } from '../../../src/compose';
import { secretMark, type Comparable } from './comparable';

type Obj = { [key: string]: Comparable };

/** Drops undefined members (an absent field stays absent). */
function obj(o: Record<string, Comparable | undefined>): Obj {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Obj;
}

export function templateText(t: Template): string {
  return t.map((p) => (typeof p === 'string' ? p : secretMark(p.secretVariable))).join('');
}

function environment(entries: readonly EnvEntry[]): Obj {
  const out: Obj = {};
  for (const e of entries) out[e.name] = e.value === null ? null : templateText(e.value);
  return out;
}

function volume(v: VolumeMountSpec): Obj {
  switch (v.type) {
    case 'volume':
      return obj({ type: 'volume', source: v.source, target: v.target, read_only: v.readOnly, nocopy: v.nocopy === true ? true : undefined, subpath: v.subpath });
    case 'bind':
      return obj({ type: 'bind', source: v.source, target: v.target, read_only: v.readOnly, create_host_path: v.createHostPath });
    case 'tmpfs':
      return obj({ type: 'tmpfs', target: v.target, read_only: v.readOnly, size: v.size, mode: v.mode });
    default:
      return obj({ type: v.type, source: v.source, target: v.target, read_only: v.readOnly });
  }
}

function grant(g: FileGrant): Obj {
  return obj({ source: g.source, target: g.target, uid: g.uid, gid: g.gid, mode: g.mode });
}

function healthcheck(s: ComposeService): Comparable | undefined {
  const h = s.healthcheck;
  if (h === undefined) return undefined;
  let test: Comparable | undefined;
  if (!h.disabled && h.test !== undefined) {
    const argv = h.test.map(templateText);
    test = h.form === 'CMD' ? ['CMD', ...argv] : ['CMD-SHELL', argv.slice(2).join(' ')];
  }
  return obj({ test, disable: h.disabled, interval: h.interval, timeout: h.timeout, retries: h.retries, start_period: h.startPeriod, start_interval: h.startInterval });
}

function service(s: ComposeService): Obj {
  const resources = (r: { cpus?: number; memory?: number; pids?: number } | undefined) => (r === undefined ? undefined : obj({ cpus: r.cpus, memory: r.memory, pids: r.pids }));
  return obj({
    image: s.image,
    build: s.build === undefined ? undefined : obj({ context: s.build.context, dockerfile: s.build.dockerfile ?? 'Dockerfile', target: s.build.target, args: { ...s.build.args } }),
    command: s.command?.map(templateText),
    entrypoint: s.entrypoint?.map(templateText),
    environment: environment(s.environment),
    ports: s.ports.map((p) => obj({ target: p.target, published: p.publishedEnd === undefined ? p.published : `${p.published}-${p.publishedEnd}`, host_ip: p.hostIp, protocol: p.protocol, mode: p.mode === 'ingress' ? undefined : p.mode, name: p.name, app_protocol: p.appProtocol })),
    expose: s.expose.map((e) => `${e.port}/${e.protocol}`),
    volumes: s.volumes.map(volume),
    tmpfs: s.tmpfs.map(volume),
    secrets: s.secrets.map(grant),
    configs: s.configs.map(grant),
    networks: Object.fromEntries(Object.entries(s.networks).map(([n, c]) => [n, obj({ attached: true, aliases: [...c.aliases], ipv4_address: c.ipv4Address })])),
    links: [...s.links],
    network_mode: s.networkMode,
    depends_on: Object.fromEntries(Object.entries(s.dependsOn).map(([n, dep]) => [n, { condition: dep.condition, required: dep.required, restart: dep.restart }])),
    healthcheck: healthcheck(s),
    deploy:
      s.deploy === undefined
        ? undefined
        : obj({ mode: s.deploy.mode, replicas: s.deploy.replicas, resources: obj({ limits: resources(s.deploy.limits), reservations: resources(s.deploy.reservations) }) }),
    restart: s.restart,
    user: s.user,
    working_dir: s.workingDir,
    labels: { ...s.labels },
    profiles: [...s.profiles],
  });
}

function fileObject(project: string, key: string, o: ComposeFileObject): Obj {
  return obj({
    name: o.externalName ?? (o.external ? key : `${project}_${key}`),
    file: o.file,
    environment: o.environment,
    content: o.content,
    external: o.external,
  });
}

export function oursComparable(p: ComposeProject): Obj {
  return {
    name: p.name,
    services: Object.fromEntries(Object.entries(p.services).map(([n, s]) => [n, service(s)])),
    volumes: Object.fromEntries(
      Object.entries(p.volumes).map(([k, v]) => [
        k,
        obj({ name: v.externalName ?? (v.external ? k : `${p.name}_${k}`), external: v.external, driver: v.driver, driver_opts: { ...v.driverOpts }, labels: { ...v.labels } }),
      ]),
    ),
    networks: Object.fromEntries(Object.entries(p.networks).map(([k, n]) => [k, obj({ external: n.external, internal: n.internal, driver: n.driver, labels: { ...n.labels } })])),
    secrets: Object.fromEntries(Object.entries(p.secrets).map(([k, o]) => [k, fileObject(p.name, k, o)])),
    configs: Object.fromEntries(Object.entries(p.configs).map(([k, o]) => [k, fileObject(p.name, k, o)])),
  };
}
