/**
 * Compose schema of a service: the table of every service key of the Compose Specification, with
 * the check of each. The long-syntax keys have their own modules (schema-ports, schema-mounts,
 * schema-build, schema-deploy, schema-healthcheck, schema-lifecycle, schema-service-networks).
 */
import { parseDeviceString } from '../syntax';
import { build } from './schema-build';
import { deploy, gpus } from './schema-deploy';
import { healthcheck } from './schema-healthcheck';
import { dependsOn, hook } from './schema-lifecycle';
import { tmpfsItem, volumeItem } from './schema-mounts';
import { expose, ports } from './schema-ports';
import { extraHosts, serviceNetworks } from './schema-service-networks';
import { command, fileGrants, stringOrNumber } from './schema-shared';
import {
  anything,
  boolean,
  byType,
  byteSize,
  byteSizeOrUnlimited,
  cpus,
  duration,
  integer,
  list,
  listOfStrings,
  listOrDict,
  mapOf,
  nullable,
  number,
  object,
  str,
  stringOrList,
  type Check,
} from './validators';

/** `ulimits:` of a service: lowercase names to a number or a `soft`/`hard` mapping. */
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

/** `env_file:` of a service: a path, or a list of paths or of mappings with `path`. */
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

/** `restart:` values compose accepts. */
const RESTART = /^(no|always|unless-stopped|on-failure(:[0-9]+)?)$/;
/** `pull_policy:` values compose accepts. */
const PULL_POLICY = /^(always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+)$/;
/** `container_name:` (compose: `^[a-zA-Z0-9][a-zA-Z0-9_.-]+$`). */
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

/** One service: a mapping of {@link SERVICE_FIELDS} (and `x-` extensions). */
export const service: Check = object(SERVICE_FIELDS);
