/**
 * Container resources from compose (`deploy.resources`, `mem_limit`, `mem_reservation`, `cpus`),
 * with documented defaults per component when compose says nothing.
 *
 * - limits: `deploy.resources.limits` (else `mem_limit` / `cpus`);
 * - requests: `deploy.resources.reservations` (else `mem_reservation`); when only limits are given,
 *   requests equal the limits, as Kubernetes itself does;
 * - when only requests are given, the memory limit is the larger of the request and the default limit;
 * - ephemeral-storage is always set (emptyDirs count against it): the default below, raised to cover
 *   the pod's emptyDir size limits.
 */
import { ComposeService } from '../../compose';
import { Diagnostics } from '../../diagnostics';
import { bytesToQuantity, cpusToQuantity, parseQuantity } from '../quantities';
import { Component, Resources } from '../types';

interface Defaults {
  readonly cpuRequest: string;
  readonly memoryRequest: string;
  readonly cpuLimit: string;
  readonly memoryLimit: string;
}

/** Defaults per component when compose gives no resources (a warning says so). */
export const DEFAULT_RESOURCES: Readonly<Record<Component, Defaults>> = {
  app: { cpuRequest: '100m', memoryRequest: '256Mi', cpuLimit: '1', memoryLimit: '512Mi' },
  worker: { cpuRequest: '100m', memoryRequest: '256Mi', cpuLimit: '1', memoryLimit: '512Mi' },
  proxy: { cpuRequest: '50m', memoryRequest: '64Mi', cpuLimit: '500m', memoryLimit: '128Mi' },
  database: { cpuRequest: '250m', memoryRequest: '512Mi', cpuLimit: '1', memoryLimit: '1Gi' },
  cache: { cpuRequest: '100m', memoryRequest: '128Mi', cpuLimit: '500m', memoryLimit: '256Mi' },
  queue: { cpuRequest: '250m', memoryRequest: '512Mi', cpuLimit: '1', memoryLimit: '1Gi' },
  migration: { cpuRequest: '100m', memoryRequest: '256Mi', cpuLimit: '1', memoryLimit: '512Mi' },
  job: { cpuRequest: '100m', memoryRequest: '256Mi', cpuLimit: '1', memoryLimit: '512Mi' },
};

/** Ephemeral storage of every main container: request / limit. */
export const DEFAULT_EPHEMERAL = { request: '128Mi', limit: '1Gi' } as const;

/** Resources of the small gate containers (wait-for-service, wait-for-job). */
export const GATE_RESOURCES: Resources = {
  requests: { cpu: '10m', memory: '16Mi', 'ephemeral-storage': '16Mi' },
  limits: { cpu: '100m', memory: '64Mi', 'ephemeral-storage': '64Mi' },
};

export interface ResourcePlan {
  readonly resources: Resources;
  /** True when nothing in compose set them (the caller warns). */
  readonly defaulted: boolean;
}

function max(a: string, b: string): string {
  return parseQuantity(a) >= parseQuantity(b) ? a : b;
}

export function planResources(s: ComposeService, component: Component, emptyDirBytes: number): ResourcePlan {
  const d = DEFAULT_RESOURCES[component];
  const lim = s.deploy?.limits;
  const res = s.deploy?.reservations;
  const limitMem = lim?.memory ?? s.memLimit;
  const limitCpu = lim?.cpus ?? s.cpus;
  const reqMem = res?.memory ?? s.memReservation;
  const reqCpu = res?.cpus;
  const defaulted = [limitMem, limitCpu, reqMem, reqCpu].every((v) => v === undefined);

  const memoryLimit = limitMem !== undefined ? bytesToQuantity(limitMem) : reqMem !== undefined ? max(bytesToQuantity(reqMem), d.memoryLimit) : d.memoryLimit;
  const memoryRequest = reqMem !== undefined ? bytesToQuantity(reqMem) : limitMem !== undefined ? memoryLimit : minQ(d.memoryRequest, memoryLimit);
  const cpuLimit = limitCpu !== undefined ? cpusToQuantity(limitCpu) : reqCpu !== undefined ? max(cpusToQuantity(reqCpu), d.cpuLimit) : d.cpuLimit;
  const cpuRequest = reqCpu !== undefined ? cpusToQuantity(reqCpu) : limitCpu !== undefined ? cpuLimit : minQ(d.cpuRequest, cpuLimit);

  const ephemeralLimit = emptyDirBytes > 0 ? max(DEFAULT_EPHEMERAL.limit, bytesToQuantity(emptyDirBytes + 256 * 1024 * 1024)) : DEFAULT_EPHEMERAL.limit;
  return {
    resources: {
      requests: { cpu: cpuRequest, memory: memoryRequest, 'ephemeral-storage': DEFAULT_EPHEMERAL.request },
      limits: { cpu: cpuLimit, memory: memoryLimit, 'ephemeral-storage': ephemeralLimit },
    },
    defaulted,
  };
}

function minQ(a: string, b: string): string {
  return parseQuantity(a) <= parseQuantity(b) ? a : b;
}

/**
 * A reservation above its limit (`deploy.resources.reservations.memory: 111M` with
 * `limits.memory: 64M`, often from two files merged) is refused by the API server ("must be less
 * than or equal to memory limit") and by docker for memory: an error naming both values.
 */
export function checkReservations(s: ComposeService, r: Resources, d: Diagnostics): void {
  const reservationPath = (key: 'memory' | 'cpus') =>
    s.deploy?.reservations?.[key] !== undefined ? `services.${s.name}.deploy.resources.reservations.${key}` : `services.${s.name}.mem_reservation`;
  for (const [res, key] of [
    ['memory', 'memory'],
    ['cpu', 'cpus'],
  ] as const) {
    const request = r.requests[res];
    const limit = r.limits[res];
    if (request === undefined || limit === undefined || parseQuantity(request) <= parseQuantity(limit)) continue;
    d.error(
      s.source.file,
      reservationPath(key),
      `the reservation "${request}" is more than the ${res} limit "${limit}"; Kubernetes refuses a request above its limit; lower the reservation or raise the limit (check every compose file that sets them: -f files and overrides merge)`,
    );
  }
}
