/**
 * Compose schema of a service's `deploy:` (replicas, update and rollback, resources, restart
 * policy, placement) and `gpus:`, which share the device-request syntax.
 */
import { anything, byType, byteSizeString, cpus, duration, integer, list, listOfStrings, listOrDict, nonNegativeNumber, object, str, type Check } from './validators';

/**
 * A device request (`deploy.resources.reservations.devices` entries, `gpus` entries); `capabilities`
 * is required except under `gpus`.
 */
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

/** `deploy.update_config` and `deploy.rollback_config`. */
const updateConfig: Check = object({
  parallelism: integer({ min: 0 }),
  delay: duration,
  failure_action: str(),
  monitor: duration,
  max_failure_ratio: nonNegativeNumber,
  order: str({ oneOf: ['start-first', 'stop-first'] }),
});

/** `deploy:` of a service. */
export const deploy: Check = object({
  mode: str({ oneOf: ['replicated', 'global', 'replicated-job', 'global-job'] }),
  endpoint_mode: str(),
  replicas: integer({ min: 0 }),
  labels: listOrDict,
  rollback_config: updateConfig,
  update_config: updateConfig,
  resources: object({
    limits: object({ cpus, memory: byteSizeString, pids: integer() }),
    reservations: object({ cpus, memory: byteSizeString, generic_resources: anything, devices: list(deviceRequest(false)) }),
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

/** `gpus:` of a service: "all" or a list of device requests. */
export const gpus: Check = byType({ string: str({ oneOf: ['all'] }), list: list(deviceRequest(true)) }, 'expected "all" or a list of GPU requests');
