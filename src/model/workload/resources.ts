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
import { parseImage } from '../images';
import { bytesToQuantity, cpusToQuantity, parseQuantity } from '../quantities';
import { Component, PodVolume, Resources } from '../types';

const MI = 1024 * 1024;

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
  /** True when compose set the memory limit (memory-fit.ts keeps it). */
  readonly memoryLimitSet: boolean;
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
    memoryLimitSet: limitMem !== undefined,
  };
}

function minQ(a: string, b: string): string {
  return parseQuantity(a) <= parseQuantity(b) ? a : b;
}

/*
 * Memory that fits (DESIGN "Storage": memory-backed volumes and a heap count towards the limit).
 * A container needs at least
 * - its memory-backed volumes (compose `tmpfs`, `shm_size`: emptyDir `medium: Memory`, charged to
 *   the container's memory) plus a working set: the component's default memory request;
 * - 1.5 × the largest JVM heap it is given: `-Xmx` in any environment value (`JAVA_OPTS`,
 *   `KAFKA_HEAP_OPTS`, `ES_JAVA_OPTS`, …) or in its command; else the default heap of its image's start
 *   script ({@link START_SCRIPT_HEAPS}) when the variable that overrides it is not set.
 * Our default limit below that is raised to it (a warning); a limit set in compose is kept and the
 * conflict is a `memory-limit` attention item.
 */

/** A heap needs this much more than itself: metaspace, thread stacks, direct buffers, the GC. */
export const HEAP_HEADROOM = 1.5;

/**
 * Default heaps of start scripts, by repository: `kafka-server-start.sh` sets `-Xmx1G -Xms1G` unless
 * KAFKA_HEAP_OPTS is set (apache/kafka, bitnami/kafka, confluentinc/cp-kafka, wurstmeister/kafka).
 */
export const START_SCRIPT_HEAPS: readonly { readonly repositories: readonly string[]; readonly heapBytes: number; readonly unlessEnv: string; readonly script: string }[] = [
  { repositories: ['apache/kafka', 'bitnami/kafka', 'confluentinc/cp-kafka', 'wurstmeister/kafka'], heapBytes: 1024 * MI, unlessEnv: 'KAFKA_HEAP_OPTS', script: 'kafka-server-start.sh' },
];

const XMX = /(?:^|\s|["'=])-Xmx([0-9]+)([kKmMgGtT]?)(?=$|[\s"'])/g;
const UNIT: Record<string, number> = { '': 1, k: 1024, m: MI, g: 1024 * MI, t: 1024 * 1024 * MI };

interface Need {
  readonly bytes: number;
  readonly why: string;
}

const text = (t: readonly (string | object)[] | null): string | undefined =>
  t === null ? undefined : t.length === 1 && typeof t[0] === 'string' ? t[0] : t.map((p) => (typeof p === 'string' ? p : '')).join('');

function heapNeed(s: ComposeService, image: string): Need | undefined {
  let best: { bytes: number; where: string; flag: string } | undefined;
  const scan = (value: string | undefined, where: string) => {
    if (value === undefined || !value.includes('-Xmx')) return;
    for (const m of value.matchAll(XMX)) {
      const bytes = Number(m[1]) * UNIT[m[2].toLowerCase()];
      if (best === undefined || bytes > best.bytes) best = { bytes, where, flag: `-Xmx${m[1]}${m[2]}` };
    }
  };
  for (const e of s.environment) scan(text(e.value), e.name);
  for (const t of s.entrypoint ?? []) scan(text(t), 'the command');
  for (const t of s.command ?? []) scan(text(t), 'the command');
  if (best !== undefined) return { bytes: Math.ceil((best.bytes * HEAP_HEADROOM) / MI) * MI, why: `${best.flag} in ${best.where} needs ${HEAP_HEADROOM} × its heap` };
  const repo = parseImage(image).repository;
  const known = START_SCRIPT_HEAPS.find((h) => h.repositories.includes(repo) && !s.environment.some((e) => e.name === h.unlessEnv && e.value !== null));
  if (known === undefined) return undefined;
  return { bytes: Math.ceil((known.heapBytes * HEAP_HEADROOM) / MI) * MI, why: `${known.script} starts a ${bytesToQuantity(known.heapBytes)} heap unless ${known.unlessEnv} is set; that needs ${HEAP_HEADROOM} × the heap` };
}

function volumeNeed(volumes: readonly PodVolume[], component: Component): Need | undefined {
  const memory = volumes.flatMap((v) => ('emptyDir' in v && v.emptyDir.medium === 'Memory' ? [{ name: v.name, bytes: parseQuantity(v.emptyDir.sizeLimit ?? '0') }] : []));
  if (memory.length === 0) return undefined;
  const working = parseQuantity(DEFAULT_RESOURCES[component].memoryRequest);
  const sum = memory.reduce((a, v) => a + v.bytes, 0);
  return { bytes: Math.ceil((sum + working) / MI) * MI, why: `its memory-backed volumes (${memory.map((v) => `${v.name} ${bytesToQuantity(v.bytes)}`).join(', ')}) plus a ${bytesToQuantity(working)} working set` };
}

/**
 * The resources with the memory limit raised to what the container needs (when it is our default),
 * or the same resources with an attention item (when compose set the limit).
 */
export function fitMemory(s: ComposeService, ctx: { image: string; component: Component; volumes: readonly PodVolume[]; limitFromCompose: boolean }, resources: Resources, d: Diagnostics): Resources {
  const needs = [heapNeed(s, ctx.image), volumeNeed(ctx.volumes, ctx.component)].filter((n): n is Need => n !== undefined);
  const limit = parseQuantity(resources.limits.memory);
  const need = needs.sort((a, b) => b.bytes - a.bytes)[0];
  if (need === undefined || need.bytes <= limit) return resources;
  const at = `services.${s.name}`;
  const q = bytesToQuantity(need.bytes);
  if (ctx.limitFromCompose) {
    d.warn(s.source.file, `${at}.deploy.resources.limits.memory`, `the memory limit ${resources.limits.memory} set in compose is below the ${q} the container needs: ${need.why}; it is kept, and the container will be OOM-killed: raise deploy.resources.limits.memory to ${q} or more, or lower what it uses`, 'memory-limit', s.name);
    return resources;
  }
  d.warn(s.source.file, at, `the default memory limit ${resources.limits.memory} is raised to ${q}: ${need.why}; set deploy.resources.limits.memory to choose it`);
  return { requests: resources.requests, limits: { ...resources.limits, memory: q } };
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
