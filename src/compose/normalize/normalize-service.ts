/**
 * One merged, validated compose service → {@link ComposeService}: every short syntax expanded,
 * durations in milliseconds, sizes in bytes, CPU counts as numbers, maps with sorted keys.
 *
 * Defaults filled in here (compose's): `depends_on` list entries are
 * `{condition: service_started, required: true, restart: false}`; ports use tcp; a service
 * without `networks` (and without `network_mode`) is on the `default` network; booleans
 * (`read_only`, `privileged`, `tty`, `stdin_open`) default to false. Healthcheck timings are
 * left unset when not written (the model applies compose's defaults).
 */
import { dictionary, scalarText, sortedRecord, longPublishedEnd, parseExpose, parseLongPort, parsePortNumber, parsePortString, type Protocol, splitShellWords, parseBoolean, parseBytes, parseCpus, parseDuration, parseInteger, parseNonNegativeNumber } from '../syntax';
import { serviceEnvironment, type EnvironmentContext } from './environment';
import { deviceRequests } from './device-requests';
import { lifecycleHooks } from './hooks';
import { serviceLabels } from './label-files';
import { SECRET_PLACES, toTemplate } from '../interpolate';
import { SERVICE_FIELDS } from '../schema';
import { hostPath, isRemoteContext } from '../host-paths';
import { readBuildImage } from './build-image';
import { implicitDependencies } from './implicit-dependencies';
import { extensionsOf } from './extensions';
import { CONFIGS_DIR, SECRETS_DIR, fileGrants, serviceTmpfs, serviceVolumes } from './service-mounts';
import type {
  BuildSpec,
  ComposeService,
  DependsOn,
  DependsOnCondition,
  DeploySpec,
  Healthcheck,
  PortSpec,
  ResourceSpec,
  Template,
} from '../types';
import { entriesOf, getKey, isMap, stripTags, untag, type YamlMap, type YamlValue } from '../yaml-value';

export interface ServiceContext extends EnvironmentContext {
  /** Active services: dependencies on others are dropped (profiles.ts reported them). */
  readonly activeServices: ReadonlySet<string>;
}

/** Reads one key of a service. */
class ServiceReader {
  constructor(private readonly service: YamlMap) {}

  value(key: string): YamlValue {
    return untag(getKey(this.service, key) ?? null);
  }

  string(key: string): string | undefined {
    const v = this.value(key);
    return typeof v === 'string' ? v : undefined;
  }

  flag(key: string): boolean | undefined {
    return parseBoolean(this.value(key));
  }

  strings(key: string): string[] {
    const v = this.value(key);
    // Mostly absent (`cap_add`, `dns` …): a new empty list without filtering and mapping one.
    if (v === null) return [];
    const list = Array.isArray(v) ? v.map(untag) : [v];
    return list.filter((x): x is string | number => typeof x === 'string' || typeof x === 'number').map(String);
  }
}

function sub(map: YamlValue, key: string): YamlValue {
  return isMap(map) ? untag(getKey(map, key) ?? null) : null;
}

/** A string attribute of a mapping, or undefined when absent or not a string. */
function text(map: YamlValue, key: string): string | undefined {
  const v = sub(map, key);
  return typeof v === 'string' ? v : undefined;
}

/** Drops the keys whose value is undefined (optional fields stay absent, not `undefined`). */
function defined<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  // An indexed loop: for-of makes an iterator result object per step until the code is optimized.
  const keys = Object.keys(o);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const v = (o as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = v;
  }
  return out as T;
}

/** `command` / `entrypoint`: a string is split like a shell would; null means "not set". */
function commandTemplates(value: YamlValue): Template[] | undefined {
  if (typeof value === 'string') {
    const split = splitShellWords(value);
    return 'words' in split ? split.words.map((w) => toTemplate(w).template) : undefined;
  }
  if (Array.isArray(value)) return value.map((v) => toTemplate(scalarText(untag(v))).template);
  return undefined;
}

function healthcheck(value: YamlValue): Healthcheck | undefined {
  if (!isMap(value)) return undefined;
  const test = sub(value, 'test');
  const timings = defined({
    interval: parseDuration(sub(value, 'interval')),
    timeout: parseDuration(sub(value, 'timeout')),
    retries: parseInteger(sub(value, 'retries')),
    startPeriod: parseDuration(sub(value, 'start_period')),
    startInterval: parseDuration(sub(value, 'start_interval')),
  });
  const sh = (cmd: Template[]): Template[] => [['sh'], ['-c'], ...cmd];
  if (parseBoolean(sub(value, 'disable')) === true) return { disabled: true, ...timings };
  if (typeof test === 'string') return { test: sh([toTemplate(test).template]), form: 'string', disabled: false, ...timings };
  if (Array.isArray(test)) {
    const [form, ...args] = test.map((t) => scalarText(untag(t)));
    const argv = args.map((a) => toTemplate(a).template);
    if (form === 'NONE') return { disabled: true, ...timings };
    if (form === 'CMD') return { test: argv, form: 'CMD', disabled: false, ...timings };
    if (form === 'CMD-SHELL') return { test: sh(argv), form: 'CMD-SHELL', disabled: false, ...timings };
  }
  return { disabled: false, ...timings };
}

function ports(value: YamlValue): PortSpec[] {
  const list = Array.isArray(value) ? value.map(untag) : [];
  return list.flatMap((item): PortSpec[] => {
    if (typeof item === 'number' || typeof item === 'string') {
      const parsed = typeof item === 'number' ? parsePortNumber(item) : parsePortString(item);
      return 'ports' in parsed ? parsed.ports : [];
    }
    if (!isMap(item)) return [];
    const target = parseLongPort(sub(item, 'target'), false);
    if (target === undefined) return [];
    const mode = text(item, 'mode');
    return [
      defined({
        target,
        published: parseLongPort(sub(item, 'published'), true),
        publishedEnd: longPublishedEnd(sub(item, 'published')),
        hostIp: text(item, 'host_ip'),
        protocol: (text(item, 'protocol')?.toLowerCase() ?? 'tcp') as Protocol,
        name: text(item, 'name'),
        appProtocol: text(item, 'app_protocol'),
        mode: mode === 'host' || mode === 'ingress' ? mode : undefined,
      }),
    ];
  });
}

function expose(value: YamlValue): ComposeService['expose'] {
  const list = Array.isArray(value) ? value.map(untag) : [];
  return list.flatMap((item) => {
    const parsed = parseExpose(item);
    return 'ports' in parsed ? parsed.ports : [];
  });
}

function dependsOn(value: YamlValue, active: ReadonlySet<string>): Record<string, DependsOn> {
  const entries: [string, DependsOn][] = Array.isArray(value)
    ? value.map(untag).flatMap((n) => (typeof n === 'string' ? [[n, { condition: 'service_started', required: true, restart: false }]] : []))
    : isMap(value)
      ? entriesOf(value).map(([name, spec]) => [
          name,
          {
            condition: (scalarText(sub(untag(spec), 'condition')) || 'service_started') as DependsOnCondition,
            required: parseBoolean(sub(untag(spec), 'required')) ?? true,
            restart: parseBoolean(sub(untag(spec), 'restart')) ?? false,
          },
        ])
      : [];
  return sortedRecord(entries.filter(([name]) => active.has(name)));
}

function resources(value: YamlValue): ResourceSpec | undefined {
  if (!isMap(value)) return undefined;
  return defined({ cpus: parseCpus(sub(value, 'cpus')), memory: parseBytes(sub(value, 'memory')), pids: parseInteger(sub(value, 'pids')) });
}

function deploy(value: YamlValue): DeploySpec | undefined {
  if (!isMap(value)) return undefined;
  const res = sub(value, 'resources');
  const restart = sub(value, 'restart_policy');
  const update = sub(value, 'update_config');
  const placement = getKey(value, 'placement');
  return defined({
    mode: text(value, 'mode') as DeploySpec['mode'],
    replicas: parseInteger(sub(value, 'replicas')),
    limits: resources(sub(res, 'limits')),
    reservations: resources(sub(res, 'reservations')),
    restartPolicy: isMap(restart)
      ? defined({
          condition: text(restart, 'condition') as NonNullable<DeploySpec['restartPolicy']>['condition'],
          delay: parseDuration(sub(restart, 'delay')),
          maxAttempts: parseInteger(sub(restart, 'max_attempts')),
          window: parseDuration(sub(restart, 'window')),
        })
      : undefined,
    updateConfig: isMap(update)
      ? defined({
          parallelism: parseInteger(sub(update, 'parallelism')),
          delay: parseDuration(sub(update, 'delay')),
          order: text(update, 'order') as NonNullable<DeploySpec['updateConfig']>['order'],
          failureAction: text(update, 'failure_action'),
          monitor: parseDuration(sub(update, 'monitor')),
          maxFailureRatio: parseNonNegativeNumber(sub(update, 'max_failure_ratio')),
        })
      : undefined,
    labels: dictionary(sub(value, 'labels')),
    placement: placement === undefined ? undefined : stripTags(placement),
    endpointMode: text(value, 'endpoint_mode'),
  });
}

function build(value: YamlValue, ctx: ServiceContext): BuildSpec | undefined {
  if (value === null) return undefined;
  const spec = typeof value === 'string' ? { context: value } : isMap(value) ? value : {};
  const context = text(spec, 'context') ?? '.';
  const at = `services.${ctx.name}.build.args`;
  const args: [string, string][] = [];
  for (const [key, v] of Object.entries(dictionaryOrInherited(sub(spec, 'args')))) {
    if (v !== null) {
      args.push([key, v]);
    } else if (ctx.secrets.isSecret(key)) {
      ctx.diags.error(ctx.origins.fileOf(at), `${at}.${key}`, `secret variable ${key} cannot be used here; ${SECRET_PLACES}`);
    } else {
      const inherited = ctx.variables.get(key);
      if (inherited !== undefined) args.push([key, inherited]);
    }
  }
  const input = {
    context: isRemoteContext(context) ? context : hostPath(context, ctx.projectDir),
    dockerfile: text(spec, 'dockerfile'),
    target: text(spec, 'target'),
    args: sortedRecord(args),
  };
  const site = `services.${ctx.name}.build`;
  const image = readBuildImage({ ...input, dockerfileInline: text(spec, 'dockerfile_inline') }, {
    file: ctx.origins.fileOf(site),
    at: site,
    projectDir: ctx.projectDir,
    warn: (f, p, m) => ctx.diags.warn(f, p, m),
    error: (f, p, m) => ctx.diags.error(f, p, m),
  });
  return defined({ ...input, image });
}

/** Like {@link dictionary}, but a key given alone (`- ARG`, `ARG:`) is null: its value comes from the variables. */
function dictionaryOrInherited(value: YamlValue): Record<string, string | null> {
  if (isMap(value)) return Object.fromEntries(entriesOf(value).map(([k, v]) => [k, untag(v) === null ? null : scalarText(untag(v))]));
  if (!Array.isArray(value)) return {};
  return Object.fromEntries(
    value.map(untag).flatMap((item): [string, string | null][] => {
      if (typeof item !== 'string') return [];
      const eq = item.indexOf('=');
      return [eq < 0 ? [item, null] : [item.slice(0, eq), item.slice(eq + 1)]];
    }),
  );
}

function networks(value: YamlValue, networkMode: string | undefined): ComposeService['networks'] {
  if (networkMode !== undefined) return {};
  if (Array.isArray(value)) return sortedRecord(value.map(untag).flatMap((n) => (typeof n === 'string' ? [[n, { aliases: [] }]] : [])));
  if (!isMap(value)) return { default: { aliases: [] } };
  return sortedRecord(
    entriesOf(value).map(([name, spec]) => {
      const s = untag(spec);
      const aliases = sub(s, 'aliases');
      return [
        name,
        defined({
          aliases: Array.isArray(aliases) ? aliases.map((a) => scalarText(untag(a))) : [],
          ipv4Address: text(s, 'ipv4_address'),
        }),
      ];
    }),
  );
}

/** `links:` entries `SERVICE` or `SERVICE:ALIAS` that name an active service of the project. */
function links(value: YamlValue, active: ReadonlySet<string>): ComposeService['links'] {
  const list = Array.isArray(value) ? value.map(untag) : [];
  return list.flatMap((l) => {
    if (typeof l !== 'string') return [];
    const [service, alias] = l.split(':', 2);
    return active.has(service) ? [{ service, alias: alias || service }] : [];
  });
}

function devices(value: YamlValue): string[] {
  const list = Array.isArray(value) ? value.map(untag) : [];
  return list.flatMap((d) => {
    if (typeof d === 'string') return [d];
    if (!isMap(d)) return [];
    const source = scalarText(sub(d, 'source'));
    const target = scalarText(sub(d, 'target')) || source;
    const permissions = scalarText(sub(d, 'permissions'));
    return [`${source}:${target}${permissions === '' ? '' : `:${permissions}`}`];
  });
}

function ulimits(value: YamlValue): Record<string, unknown> {
  if (!isMap(value)) return {};
  return sortedRecord(
    entriesOf(value).map(([name, limit]) => {
      const l = untag(limit);
      return [name, isMap(l) ? { soft: parseInteger(sub(l, 'soft')), hard: parseInteger(sub(l, 'hard')) } : parseInteger(l)];
    }),
  );
}

/** Normalizes one service. */
export function normalizeService(service: YamlMap, ctx: ServiceContext): ComposeService {
  const r = new ServiceReader(service);
  const at = `services.${ctx.name}`;
  const fileOf = (p: string) => ctx.origins.fileOf(p);
  const networkMode = r.string('network_mode');
  return defined({
    name: ctx.name,
    source: { file: ctx.origins.fileOf(at), path: at },
    image: r.string('image'),
    build: build(r.value('build'), ctx),
    entrypoint: commandTemplates(r.value('entrypoint')),
    command: commandTemplates(r.value('command')),
    workingDir: r.string('working_dir'),
    user: r.string('user'),
    environment: serviceEnvironment(service, ctx),
    ports: ports(r.value('ports')),
    expose: expose(r.value('expose')),
    volumes: serviceVolumes(getKey(service, 'volumes'), `${at}.volumes`, ctx.projectDir, fileOf),
    tmpfs: serviceTmpfs(getKey(service, 'tmpfs'), `${at}.tmpfs`, fileOf),
    secrets: fileGrants(getKey(service, 'secrets'), SECRETS_DIR),
    configs: fileGrants(getKey(service, 'configs'), CONFIGS_DIR),
    dependsOn: implicitDependencies(service, dependsOn(r.value('depends_on'), ctx.activeServices), ctx.activeServices),
    healthcheck: healthcheck(r.value('healthcheck')),
    deviceRequests: deviceRequests(getKey(service, 'gpus'), getKey(service, 'deploy'), at),
    postStart: lifecycleHooks(getKey(service, 'post_start'), 'post_start', ctx),
    preStop: lifecycleHooks(getKey(service, 'pre_stop'), 'pre_stop', ctx),
    deploy: deploy(r.value('deploy')),
    restart: r.string('restart'),
    networks: networks(r.value('networks'), networkMode),
    networkMode,
    links: links(r.value('links'), ctx.activeServices),
    labels: serviceLabels(service, ctx),
    annotations: dictionary(r.value('annotations')),
    profiles: r.strings('profiles'),
    readOnly: r.flag('read_only') ?? false,
    privileged: r.flag('privileged') ?? false,
    capAdd: r.strings('cap_add'),
    capDrop: r.strings('cap_drop'),
    securityOpt: r.strings('security_opt'),
    stopGracePeriod: parseDuration(r.value('stop_grace_period')),
    stopSignal: r.string('stop_signal'),
    init: r.flag('init'),
    memLimit: parseBytes(r.value('mem_limit')),
    memReservation: parseBytes(r.value('mem_reservation')),
    cpus: parseCpus(r.value('cpus')),
    shmSize: parseBytes(r.value('shm_size')),
    pid: r.string('pid'),
    ipc: r.string('ipc'),
    devices: devices(r.value('devices')),
    useApiSocket: r.flag('use_api_socket'),
    hostname: r.string('hostname'),
    domainname: r.string('domainname'),
    extraHosts: hostEntries(r.value('extra_hosts')),
    dns: r.strings('dns'),
    sysctls: dictionary(r.value('sysctls')),
    ulimits: ulimits(r.value('ulimits')),
    pullPolicy: r.string('pull_policy'),
    platform: r.string('platform'),
    containerName: r.string('container_name'),
    tty: r.flag('tty') ?? false,
    stdinOpen: r.flag('stdin_open') ?? false,
    scale: parseInteger(r.value('scale')),
    extensions: extensionsOf(service),
    // Keys of the compose specification only: an unknown key is already an error of the front end.
    keys: Object.keys(service)
      .filter((k) => !k.startsWith('x-') && Object.prototype.hasOwnProperty.call(SERVICE_FIELDS, k))
      .sort(),
  });
}

/** `extra_hosts`: a mapping (several addresses joined with ",") or `HOST:IP` / `HOST=IP` strings. */
function hostEntries(value: YamlValue): Record<string, string> {
  if (isMap(value)) {
    return sortedRecord(
      entriesOf(value).map(([host, ip]) => {
        const v = untag(ip);
        return [host, Array.isArray(v) ? v.map((x) => scalarText(untag(x))).join(',') : scalarText(v)];
      }),
    );
  }
  return dictionary(value, ':=');
}
