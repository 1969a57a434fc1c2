/**
 * The compose file schema (after the Compose Specification's `compose-spec.json`), as a table of
 * checks. Every service, network, volume, secret and config key of the specification is known;
 * unknown keys are errors (with a "did you mean" hint), `x-` extensions are allowed wherever the
 * specification allows them. Values that compose casts from strings (integers, booleans) are
 * accepted as strings too.
 */
import { show } from '../diagnostics';
import { parseDeviceString } from './devices';
import { MAX_PORTS_PER_SERVICE, PROTOCOLS, TOO_MANY_PORTS, parseExpose, parseLongPort, parsePortNumber, parsePortString } from './ports';
import { isRemoteInclude } from './include-entry';
import { splitShellWords } from './shell-words';
import {
  allOf,
  anything,
  boolean,
  byType,
  byteSize,
  byteSizeOrUnlimited,
  cpus,
  duration,
  fileMode,
  integer,
  list,
  listOfStrings,
  listOrDict,
  mapOf,
  nonNegativeNumber,
  nullable,
  number,
  object,
  str,
  stringOrList,
  validateAt,
  type Check,
} from './validators';
import { EXPECTED_TMPFS, isAbsoluteContainerPath, parseTmpfsString, parseVolumeString } from './volumes';
import { getKey, indexPath, isMap, keyPath, untag, type YamlValue } from './yaml-value';

/** Names of services, networks, volumes, secrets and configs (compose: `^[a-zA-Z0-9._-]+$`). */
export const RESOURCE_NAME = /^[a-zA-Z0-9._-]+$/;
const NAME_EXPECTED = 'expected letters, digits, ".", "_" and "-" only';

function names(what: string, definition: Check): Check {
  return mapOf(definition, { key: RESOURCE_NAME, keyWhat: `${what} name`, keyExpected: NAME_EXPECTED, of: `${what}s` });
}

const stringOrNumber: Check = byType({ string: str(), number: number }, 'expected a string or a number');

/** `command`, `entrypoint`, hook commands: null, a shell-like string, or a list of strings. */
const command: Check = byType(
  {
    null: anything,
    string: (value, path, ctx) => {
      const split = splitShellWords(value as string);
      if ('error' in split) ctx.error(path, `invalid command ${show(value)}: ${split.error}; close the quote or use the list form`);
    },
    list: list(str()),
  },
  'expected a string or a list of strings',
);

const external: Check = byType(
  { boolean: anything, string: boolean, map: object({ name: str() }) },
  'expected true or false',
);

const ports: Check = (value, path, ctx) => {
  if (!Array.isArray(value)) return ctx.error(path, `invalid value ${show(value)}; expected a list of ports`);
  let budget = MAX_PORTS_PER_SERVICE;
  value.forEach((item, i) => {
    validateAt(
      (v, at) => {
        if (isMap(v)) return longPort(v, at, ctx);
        const parsed = typeof v === 'number' ? parsePortNumber(v) : typeof v === 'string' ? parsePortString(v, budget) : undefined;
        if (parsed === undefined) ctx.error(at, `invalid value ${show(v)}; expected a port string, a port number or a mapping`);
        else if ('error' in parsed) ctx.error(at, parsed.error);
        else budget -= parsed.ports.length;
      },
      item,
      indexPath(path, i),
      ctx,
    );
  });
  if (budget < 0) ctx.error(path, TOO_MANY_PORTS);
};

const longPortFields: Check = object(
  {
    name: str(),
    mode: str({ oneOf: ['host', 'ingress'] }),
    host_ip: str(),
    target: anything,
    published: anything,
    protocol: str({ oneOf: PROTOCOLS }),
    app_protocol: str(),
  },
  { required: ['target'] },
);

const longPort: Check = (value, path, ctx) => {
  longPortFields(value, path, ctx);
  if (!isMap(value)) return;
  const target = untag(getKey(value, 'target') ?? null);
  if (target !== null && parseLongPort(target, false) === undefined) {
    ctx.error(keyPath(path, 'target'), `invalid port ${show(target)}; expected a port number from 1 to 65535`);
  }
  const published = untag(getKey(value, 'published') ?? null);
  if (published !== null && parseLongPort(published, true) === undefined) {
    ctx.error(keyPath(path, 'published'), `invalid port ${show(published)}; expected a port number from 1 to 65535 or a range like "8000-8010"`);
  }
};

const expose: Check = (value, path, ctx) => {
  if (!Array.isArray(value)) return ctx.error(path, `invalid value ${show(value)}; expected a list of ports`);
  let budget = MAX_PORTS_PER_SERVICE;
  value.forEach((item, i) =>
    validateAt(
      (v, at) => {
        const parsed = parseExpose(v, budget);
        if ('error' in parsed) ctx.error(at, parsed.error);
        else budget -= parsed.ports.length;
      },
      item,
      indexPath(path, i),
      ctx,
    ),
  );
};

const absoluteTarget: Check = str({
  test: isAbsoluteContainerPath,
  what: 'target',
  expected: 'expected an absolute path in the container, like "/data"',
});

const longVolumeFields: Check = object(
  {
    type: str({ oneOf: ['bind', 'volume', 'tmpfs', 'cluster', 'npipe', 'image'] }),
    source: str(),
    target: absoluteTarget,
    read_only: boolean,
    consistency: str(),
    bind: object({
      propagation: str(),
      create_host_path: boolean,
      recursive: str({ oneOf: ['enabled', 'disabled', 'writable', 'readonly'] }),
      selinux: str({ oneOf: ['z', 'Z'] }),
    }),
    volume: object({ labels: listOrDict, nocopy: boolean, subpath: str() }),
    tmpfs: object({ size: byteSize, mode: fileMode }),
    image: object({ subpath: str() }),
  },
  { required: ['type', 'target'] },
);

const volumeItem: Check = byType(
  {
    string: (value, path, ctx) => {
      const parsed = parseVolumeString(value as string);
      if ('error' in parsed) return ctx.error(path, parsed.error);
      for (const option of parsed.volume.unknownOptions) {
        ctx.warn(path, `unknown volume option ${show(option)} is ignored; expected ro, rw, nocopy, z, Z or a propagation mode`);
      }
    },
    map: (value, path, ctx) => {
      longVolumeFields(value, path, ctx);
      if (!isMap(value)) return;
      const type = untag(getKey(value, 'type') ?? null);
      if ((type === 'bind' || type === 'image' || type === 'npipe') && getKey(value, 'source') === undefined) {
        ctx.error(path, `missing key "source"; it is required for a ${type} mount`);
      }
    },
  },
  'expected a string like "data:/var/lib/data" or a mapping',
);

const tmpfsItem: Check = str({ test: (s) => !('error' in parseTmpfsString(s)), what: 'tmpfs', expected: EXPECTED_TMPFS });

/** `secrets:` / `configs:` of a service. */
const fileGrants: Check = list(
  byType(
    {
      string: str(),
      map: object({ source: str(), target: str(), uid: str(), gid: str(), mode: fileMode }, { required: ['source'] }),
    },
    'expected a name or a mapping with "source"',
  ),
);

const dependsOn: Check = byType(
  {
    list: list(str({ test: (s) => RESOURCE_NAME.test(s), what: 'service name', expected: NAME_EXPECTED }), { unique: true }),
    map: names(
      'service',
      object(
        {
          condition: str({ oneOf: ['service_started', 'service_healthy', 'service_completed_successfully'] }),
          required: boolean,
          restart: boolean,
        },
        { required: ['condition'] },
      ),
    ),
  },
  'expected a list of services or a mapping',
);

const HEALTHCHECK_FORMS = ['CMD', 'CMD-SHELL', 'NONE'];

const healthcheckTest: Check = byType(
  {
    string: str(),
    list: (value, path, ctx) => {
      list(str())(value, path, ctx);
      const items = (value as YamlValue[]).map(untag);
      const first = items[0];
      if (first === undefined) {
        ctx.error(path, 'invalid healthcheck test []; expected ["CMD", ...], ["CMD-SHELL", "command"] or ["NONE"]');
      } else if (typeof first === 'string' && !HEALTHCHECK_FORMS.includes(first)) {
        ctx.error(indexPath(path, 0), `invalid healthcheck test form ${show(first)}; expected "CMD", "CMD-SHELL" or "NONE" first`);
      } else if ((first === 'CMD' || first === 'CMD-SHELL') && items.length < 2) {
        ctx.error(path, `invalid healthcheck test with ${show(first)} alone; expected a command after it`);
      }
    },
  },
  'expected a string or a list of strings',
);

const healthcheck: Check = object({
  disable: boolean,
  interval: duration,
  retries: integer({ min: 0 }),
  test: healthcheckTest,
  timeout: duration,
  start_period: duration,
  start_interval: duration,
});

const deviceRequest = (gpu: boolean): Check =>
  object(
    {
      capabilities: listOfStrings,
      count: byType({ number: integer({ min: 0 }), string: (v, p, c) => (v === 'all' ? undefined : integer({ min: 0 })(v, p, c)) }, 'expected a number or "all"'),
      device_ids: listOfStrings,
      driver: str(),
      options: listOrDict,
    },
    gpu ? {} : { required: ['capabilities'] },
  );

const updateConfig: Check = object({
  parallelism: integer({ min: 0 }),
  delay: duration,
  failure_action: str(),
  monitor: duration,
  max_failure_ratio: nonNegativeNumber,
  order: str({ oneOf: ['start-first', 'stop-first'] }),
});

const deploy: Check = object({
  mode: str({ oneOf: ['replicated', 'global', 'replicated-job', 'global-job'] }),
  endpoint_mode: str(),
  replicas: integer({ min: 0 }),
  labels: listOrDict,
  rollback_config: updateConfig,
  update_config: updateConfig,
  resources: object({
    limits: object({ cpus, memory: byteSize, pids: integer() }),
    reservations: object({ cpus, memory: byteSize, generic_resources: anything, devices: list(deviceRequest(false)) }),
  }),
  restart_policy: object({
    condition: str({ oneOf: ['none', 'on-failure', 'any'] }),
    delay: duration,
    max_attempts: integer({ min: 0 }),
    window: duration,
  }),
  placement: object({
    constraints: list(str()),
    preferences: list(object({ spread: str() })),
    max_replicas_per_node: integer({ min: 0 }),
  }),
});

const build: Check = byType(
  {
    string: str(),
    map: object({
      context: str(),
      dockerfile: str(),
      dockerfile_inline: str(),
      entitlements: list(str()),
      args: listOrDict,
      ssh: anything,
      labels: listOrDict,
      cache_from: list(str()),
      cache_to: list(str()),
      no_cache: boolean,
      additional_contexts: listOrDict,
      network: str(),
      pull: boolean,
      target: str(),
      shm_size: byteSize,
      extra_hosts: anything,
      isolation: str(),
      privileged: boolean,
      secrets: fileGrants,
      tags: list(str()),
      ulimits: anything,
      platforms: list(str()),
    }),
  },
  'expected a build context path or a mapping',
);

const extraHosts: Check = byType(
  {
    list: list(
      str({
        test: (s) => /^[^:=\s]+[:=]\S+$/.test(s),
        what: 'host entry',
        expected: 'expected "HOST:IP" or "HOST=IP"',
      }),
      { unique: true },
    ),
    map: mapOf(byType({ string: str(), list: list(str()) }, 'expected an IP address or a list of them')),
  },
  'expected a list of "HOST:IP" strings or a mapping of hosts to IP addresses',
);

const serviceNetworks: Check = byType(
  {
    list: list(str({ test: (s) => RESOURCE_NAME.test(s), what: 'network name', expected: NAME_EXPECTED }), { unique: true }),
    map: names(
      'network',
      nullable(
        object({
          aliases: listOfStrings,
          interface_name: str(),
          ipv4_address: str(),
          ipv6_address: str(),
          link_local_ips: listOfStrings,
          mac_address: str(),
          driver_opts: mapOf(stringOrNumber),
          priority: number,
          gw_priority: number,
        }),
      ),
    ),
  },
  'expected a list of networks or a mapping',
);

const ulimits: Check = mapOf(
  byType(
    {
      number: integer(),
      string: integer(),
      map: object({ soft: integer(), hard: integer() }, { required: ['soft', 'hard'] }),
    },
    'expected a number or a mapping with "soft" and "hard"',
  ),
  { key: /^[a-z]+$/, keyWhat: 'ulimit', keyExpected: 'expected a lowercase ulimit name like "nofile"' },
);

const envFile: Check = byType(
  {
    string: str(),
    list: list(
      byType(
        {
          string: str(),
          map: object({ path: str(), required: boolean, format: str() }, { extensions: false, required: ['path'] }),
        },
        'expected a path or a mapping with "path"',
      ),
    ),
  },
  'expected a path or a list of paths',
);

const hook: Check = object(
  { command, user: str(), privileged: boolean, working_dir: str(), environment: listOrDict },
  { required: ['command'] },
);

const gpus: Check = byType({ string: str({ oneOf: ['all'] }), list: list(deviceRequest(true)) }, 'expected "all" or a list of GPU requests');

const RESTART = /^(no|always|unless-stopped|on-failure(:[0-9]+)?)$/;
const PULL_POLICY = /^(always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+)$/;
const CONTAINER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** Every key of a compose service. */
export const SERVICE_FIELDS: Readonly<Record<string, Check>> = {
  annotations: listOrDict,
  attach: boolean,
  blkio_config: object({
    device_read_bps: list(anything),
    device_read_iops: list(anything),
    device_write_bps: list(anything),
    device_write_iops: list(anything),
    weight: integer({ min: 10, max: 1000 }),
    weight_device: list(anything),
  }),
  build,
  cap_add: listOfStrings,
  cap_drop: listOfStrings,
  cgroup: str({ oneOf: ['host', 'private'] }),
  cgroup_parent: str(),
  command,
  configs: fileGrants,
  container_name: str({ test: (s) => CONTAINER_NAME.test(s), what: 'container name', expected: 'expected [a-zA-Z0-9][a-zA-Z0-9_.-]+' }),
  cpu_count: integer({ min: 0 }),
  cpu_percent: integer({ min: 0, max: 100 }),
  cpu_period: number,
  cpu_quota: number,
  cpu_rt_period: stringOrNumber,
  cpu_rt_runtime: stringOrNumber,
  cpu_shares: number,
  cpus,
  cpuset: str(),
  credential_spec: object({ config: str(), file: str(), registry: str() }),
  depends_on: dependsOn,
  deploy: nullable(deploy),
  develop: anything,
  device_cgroup_rules: listOfStrings,
  devices: list(
    byType(
      {
        string: (value, path, ctx) => {
          const parsed = parseDeviceString(value as string);
          if ('error' in parsed) ctx.error(path, parsed.error);
        },
        map: object({ source: str(), target: str(), permissions: str() }, { required: ['source'] }),
      },
      'expected "HOST:CONTAINER[:PERMISSIONS]" or a mapping',
    ),
  ),
  dns: stringOrList(),
  dns_opt: listOfStrings,
  dns_search: stringOrList(),
  domainname: str(),
  entrypoint: command,
  env_file: envFile,
  environment: listOrDict,
  expose,
  extends: byType(
    { string: str(), map: object({ service: str(), file: str() }, { extensions: false, required: ['service'] }) },
    'expected a service name or a mapping with "service"',
  ),
  external_links: listOfStrings,
  extra_hosts: extraHosts,
  gpus,
  group_add: list(stringOrNumber, { unique: true }),
  healthcheck,
  hostname: str(),
  image: str({ test: (s) => s.trim() !== '', what: 'image', expected: 'expected an image reference like "nginx:1.27"' }),
  init: boolean,
  ipc: str(),
  isolation: str(),
  label_file: stringOrList(),
  labels: listOrDict,
  links: listOfStrings,
  logging: object({ driver: str(), options: mapOf(nullable(stringOrNumber)) }),
  mac_address: str(),
  mem_limit: byteSize,
  mem_reservation: byteSize,
  mem_swappiness: integer({ min: 0, max: 100 }),
  memswap_limit: byteSizeOrUnlimited,
  models: anything,
  network_mode: str(),
  networks: serviceNetworks,
  oom_kill_disable: boolean,
  oom_score_adj: integer({ min: -1000, max: 1000 }),
  pid: nullable(str()),
  pids_limit: integer({ min: -1 }),
  platform: str(),
  ports,
  post_start: list(hook),
  pre_stop: list(hook),
  privileged: boolean,
  profiles: listOfStrings,
  provider: object({ type: str(), options: anything }, { required: ['type'] }),
  pull_policy: str({ test: (s) => PULL_POLICY.test(s), what: 'pull policy', expected: 'expected always, never, missing, build, daily, weekly or every_<duration>' }),
  pull_refresh_after: str(),
  read_only: boolean,
  restart: str({ test: (s) => RESTART.test(s), what: 'restart policy', expected: 'expected "no", "always", "on-failure[:N]" or "unless-stopped"' }),
  runtime: str(),
  scale: integer({ min: 0 }),
  secrets: fileGrants,
  security_opt: listOfStrings,
  shm_size: byteSize,
  stdin_open: boolean,
  stop_grace_period: duration,
  stop_signal: str(),
  storage_opt: mapOf(anything),
  sysctls: listOrDict,
  tmpfs: stringOrList(tmpfsItem),
  tty: boolean,
  ulimits,
  use_api_socket: boolean,
  user: str(),
  userns_mode: str(),
  uts: str(),
  volumes: list(volumeItem, { of: 'volumes' }),
  volumes_from: listOfStrings,
  working_dir: str(),
};

const service: Check = object(SERVICE_FIELDS);

const network: Check = object({
  name: str(),
  driver: str(),
  driver_opts: mapOf(stringOrNumber),
  ipam: object({ driver: str(), config: list(anything), options: mapOf(str()) }),
  external,
  internal: boolean,
  enable_ipv4: boolean,
  enable_ipv6: boolean,
  attachable: boolean,
  labels: listOrDict,
});

const volume: Check = object({
  name: str(),
  driver: str(),
  driver_opts: mapOf(stringOrNumber),
  external,
  labels: listOrDict,
});

const secret: Check = object({
  name: str(),
  environment: str(),
  file: str(),
  external,
  labels: listOrDict,
  driver: str(),
  driver_opts: mapOf(stringOrNumber),
  template_driver: str(),
});

const config: Check = object({
  name: str(),
  content: str(),
  environment: str(),
  file: str(),
  external,
  labels: listOrDict,
  template_driver: str(),
});

const REMOTE_INCLUDE = 'remote includes (git repositories, OCI artifacts) are not supported; clone or copy the project and include it by a local path';

const includePath: Check = str({ test: (s) => !isRemoteInclude(s), what: 'include path', expected: REMOTE_INCLUDE });

/** `include:` (Compose Specification): a list of paths, or of mappings with `path`, `env_file`, `project_directory`. */
const include: Check = list(
  byType(
    {
      string: includePath,
      map: object({ path: stringOrList(includePath), env_file: stringOrList(), project_directory: str() }, { extensions: false, required: ['path'] }),
    },
    'expected a path or a mapping with "path"',
  ),
);

const obsoleteVersion: Check = allOf(str(), (_value, path, ctx) =>
  ctx.warn(path, 'the top-level "version" is obsolete and ignored; remove it'),
);

/** The whole compose file. */
export const COMPOSE_FILE_SCHEMA: Check = object({
  version: obsoleteVersion,
  name: str(),
  include,
  services: nullable(names('service', service)),
  networks: nullable(names('network', nullable(network))),
  volumes: nullable(names('volume', nullable(volume))),
  secrets: nullable(names('secret', secret)),
  configs: nullable(names('config', config)),
  models: anything,
});
