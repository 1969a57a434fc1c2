/**
 * Ordinary compose edits, applied programmatically to a project: the parsed main compose file (read
 * with the project's own YAML reader, written back as YAML 1.2 core, which that reader reads back
 * unchanged: a string that looks like a number, such as "0440", is quoted) and the project files it
 * mounts. Each edit applies to every service (or volume) it fits, so one (project, edit) pair covers
 * all of them. Which services fit is read from the model of the unedited version (a Job has no
 * ports; a multi-replica StatefulSet's claim templates are immutable and out of the suite).
 */
import * as fs from 'fs';
import * as path from 'path';
import { CORE_SCHEMA, dump } from 'js-yaml';
import type { CompileResult } from '../../src/compile';
import { parseComposeYaml } from '../../src/compose/read';
import { Diagnostics } from '../../src/diagnostics';
import { toDnsLabel } from '../../src/model/names';
import type { Workload } from '../../src/model/types';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export interface EditContext {
  /** One compose file of the project, parsed (edit it in place): the main file or an included project's main file. */
  readonly doc: Any;
  /** The project folder of the new version (edit mounted files there, never outside it). */
  readonly dir: string;
  /** The folder the file's relative paths resolve against (`dir` for the main file; an included project's directory). */
  readonly base: string;
  /** True for the main compose file (edits made once per project, such as an added service, go there). */
  readonly main: boolean;
  /** The unedited version, compiled. */
  readonly v1: CompileResult;
}

export interface Edit {
  readonly name: string;
  readonly description: string;
  /** Applies the edit; returns what it changed ("service web: image nginx:1.27.4"), empty when nothing fits. */
  apply(ctx: EditContext): string[];
}

/** Reads a compose file as the compiler does (merge keys resolved; aliases copied, so an edit touches one place). */
export function readCompose(file: string): Any {
  const d = new Diagnostics();
  const doc = parseComposeYaml(fs.readFileSync(file, 'utf8'), path.basename(file), d);
  if (!doc) throw new Error(`${file}: cannot be parsed`);
  return JSON.parse(JSON.stringify(doc));
}

export function writeCompose(file: string, doc: Any): void {
  fs.writeFileSync(file, dump(doc, { schema: CORE_SCHEMA, noRefs: true, lineWidth: -1 }));
}

/** A compose file the edits apply to, and the folder its relative paths resolve against. */
export interface ComposeFile {
  readonly file: string;
  readonly base: string;
}

/**
 * The main compose file and the main file of every project it includes (`include:`, recursively;
 * short and long syntax). An included project's other `path` files override its main file, as
 * `compose.override.yaml` overrides the main one: they are left as they are, like that one.
 * Include paths resolve against the including project's directory; an included project's paths
 * against its `project_directory` (default: the folder of its first file).
 */
export function composeFiles(main: string, base = path.dirname(main), seen = new Set<string>()): ComposeFile[] {
  if (seen.has(main)) return [];
  seen.add(main);
  const out: ComposeFile[] = [{ file: main, base }];
  for (const entry of listOf(readCompose(main).include)) {
    const paths = typeof entry === 'string' ? [entry] : listOf(entry?.path);
    if (typeof paths[0] !== 'string' || /^[a-z]+:\/\/|^git@/.test(paths[0])) continue;
    const first = path.resolve(base, paths[0]);
    const dir = typeof entry?.project_directory === 'string' ? path.resolve(base, entry.project_directory) : path.dirname(first);
    out.push(...composeFiles(first, dir, seen));
  }
  return out;
}

function services(doc: Any): [string, Any][] {
  return Object.entries((doc.services ?? {}) as Record<string, Any>).filter(([, s]) => s !== null && typeof s === 'object');
}

function workloadOf(ctx: EditContext, service: string): Workload | undefined {
  return ctx.v1.model.workloads.find((w) => w.service === toDnsLabel(service));
}

/** Long-running workloads: a port or `expose` on a Job would make it a server, not an ordinary edit. */
function longRunning(ctx: EditContext, service: string): boolean {
  const w = workloadOf(ctx, service);
  return w !== undefined && w.kind !== 'Job';
}

/**
 * A StatefulSet that can run several replicas keeps one claim per replica in volumeClaimTemplates,
 * which are immutable: a volume added to it or grown is out of the suite (README: the resize
 * procedure). Decided from the replica count, not from how the model placed the claims, so that a
 * single-replica StatefulSet on templates fails the suite.
 */
function multiReplicaStatefulSet(w: Workload): boolean {
  return w.kind === 'StatefulSet' && (w.replicas > 1 || w.autoscale !== undefined);
}

/** Claims (standalone or templates) by compose volume name, with the workloads that mount them. */
function claimsByVolume(v1: CompileResult): Map<string, { size: string; external: boolean; users: Workload[] }> {
  const out = new Map<string, { size: string; external: boolean; users: Workload[] }>();
  for (const w of v1.model.workloads) {
    const mounted = new Set(w.pod.volumes.flatMap((v) => ('persistentVolumeClaim' in v ? [v.persistentVolumeClaim.claimName] : [])));
    for (const c of [...v1.model.claims.filter((x) => mounted.has(x.name)), ...w.claimTemplates]) {
      const e = out.get(c.volume) ?? { size: c.size, external: c.external, users: [] };
      e.users.push(w);
      out.set(c.volume, e);
    }
  }
  return out;
}

/** Volumes out of the suite: mounted by a StatefulSet of several replicas. */
export function templateVolumes(v1: CompileResult): Set<string> {
  return new Set([...claimsByVolume(v1)].filter(([, c]) => c.users.some(multiReplicaStatefulSet)).map(([v]) => v));
}

/** The next version of a tag: its last number plus one (`16.4-alpine` → `16.5-alpine`, `v4.18.1` → `v4.18.2`). */
export function bumpTag(image: string): string | undefined {
  if (image.includes('@')) return undefined;
  const slash = image.lastIndexOf('/');
  const colon = image.indexOf(':', slash + 1);
  if (colon < 0) return undefined;
  const tag = image.slice(colon + 1);
  const m = /^(.*?)(\d+)(\D*)$/.exec(tag);
  if (!m || tag.includes('$')) return undefined;
  return `${image.slice(0, colon + 1)}${m[1]}${Number(m[2]) + 1}${m[3]}`;
}

/** Twice the size (`10Gi` → `20Gi`, `500M` → `1000M`). */
export function doubleSize(size: string): string {
  const m = /^(\d+(?:\.\d+)?)([A-Za-z]*)$/.exec(size);
  if (!m) throw new Error(`unexpected size ${size}`);
  return `${Number(m[1]) * 2}${m[2]}`;
}

function listOf(v: Any): Any[] {
  return Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
}

/** A port number the service uses nowhere yet, from `start` up. */
function freePort(svc: Any, start: number): number {
  const used = JSON.stringify([svc.ports ?? [], svc.expose ?? []]);
  let p = start;
  while (used.includes(String(p))) p++;
  return p;
}

/** Project-relative bind sources of a service: short `./x:/y[:ro]` and long `{type: bind, source}`. */
function bindSources(svc: Any): string[] {
  const out: string[] = [];
  for (const v of listOf(svc.volumes)) {
    // Short syntax: a bind starts with "." (a name is a named volume); long syntax: any relative source.
    const source = typeof v === 'string' ? (v.startsWith('.') ? v.split(':')[0] : undefined) : v?.type === 'bind' ? v.source : undefined;
    if (typeof source === 'string' && !source.includes('$') && !source.startsWith('/') && !source.startsWith('~')) out.push(source);
  }
  return out;
}

function insideProject(dir: string, base: string, rel: string): string | undefined {
  const p = path.resolve(base, rel);
  const r = path.relative(dir, p);
  return r.startsWith('..') || path.isAbsolute(r) ? undefined : p;
}

/** The Service port number v1's route or Ingress of the service sends traffic to. */
function trafficPort(w: Workload | undefined, key: 'route' | 'ingress'): number | undefined {
  if (key === 'route') return w?.route?.origin === 'x-k8s.route' ? w.route.servicePort : undefined;
  return w?.ingress ? w.exposure?.ports.find((p) => p.name === w.ingress!.servicePort)?.port : undefined;
}

/**
 * Adds a port the service does not use yet to `ports` or `expose` of every long-running service. An
 * `x-k8s.route` or `x-k8s.ingress` without `port:` goes to the only TCP port; with a second one the
 * compiler asks for `port:`, so the edit pins it to the port it had, as the error tells the user to.
 */
function addPort(ctx: EditContext, key: 'ports' | 'expose', start: number, entry: (port: number) => string): string[] {
  return services(ctx.doc).flatMap(([n, s]) => {
    if (!longRunning(ctx, n)) return [];
    const e = entry(freePort(s, start));
    s[key] = [...listOf(s[key]), e];
    const changes = [`service ${n}: ${key} + ${e}`];
    for (const k of ['route', 'ingress'] as const) {
      const setting = s['x-k8s']?.[k];
      const port = trafficPort(workloadOf(ctx, n), k);
      if (setting === null || typeof setting !== 'object' || setting.port !== undefined || port === undefined) continue;
      setting.port = port;
      changes.push(`service ${n}: x-k8s.${k}.port ${port}`);
    }
    return changes;
  });
}

// Reservations below every limit the projects set in other files (override-files limits web to 64M
// in its override file, which wins over this edit of compose.yaml): a reservation above its limit
// is refused (the cluster suite found it; see checkReservations).
const RESOURCES = { limits: { cpus: '0.75', memory: '333M' }, reservations: { cpus: '0.05', memory: '48M' } };

export const EDITS: readonly Edit[] = [
  {
    name: 'image-tag',
    description: 'a new image tag (the last number of every tag plus one)',
    apply: (ctx) =>
      services(ctx.doc).flatMap(([n, s]) => {
        const next = typeof s.image === 'string' ? bumpTag(s.image) : undefined;
        if (next === undefined) return [];
        s.image = next;
        return [`service ${n}: image ${next}`];
      }),
  },
  {
    name: 'command',
    description: 'a changed command (one more argument)',
    apply: (ctx) =>
      services(ctx.doc).flatMap(([n, s]) => {
        if (typeof s.command === 'string') s.command = `${s.command} --edited`;
        else if (Array.isArray(s.command)) s.command = [...s.command, '--edited'];
        else return [];
        return [`service ${n}: command + --edited`];
      }),
  },
  {
    name: 'mounted-file',
    description: 'a changed mounted file (a line appended) or a new file in a mounted folder (a new migration)',
    apply: (ctx) => {
      const done = new Set<string>();
      const out: string[] = [];
      const touch = (rel: string, what: string): void => {
        const p = insideProject(ctx.dir, ctx.base, rel);
        if (p === undefined || done.has(p) || !fs.existsSync(p)) return;
        done.add(p);
        if (fs.statSync(p).isDirectory()) {
          const sql = fs.readdirSync(p).some((f) => f.endsWith('.sql'));
          const name = sql ? '999999_edited.up.sql' : 'edited.txt';
          fs.writeFileSync(path.join(p, name), sql ? 'SELECT 1;\n' : 'edited\n');
          out.push(`${what}: new file ${rel}/${name}`);
        } else {
          fs.appendFileSync(p, '\n');
          out.push(`${what}: ${rel} changed`);
        }
      };
      for (const [n, s] of services(ctx.doc)) for (const src of bindSources(s)) touch(src, `service ${n}`);
      for (const [n, c] of Object.entries((ctx.doc.configs ?? {}) as Record<string, Any>)) if (typeof c?.file === 'string') touch(c.file, `config ${n}`);
      return out;
    },
  },
  {
    name: 'port',
    description: 'an added published port on every long-running service',
    apply: (ctx) => addPort(ctx, 'ports', 19091, (p) => `${p}:${p}`),
  },
  {
    name: 'expose',
    description: 'an added expose on every long-running service (a worker becomes reachable)',
    apply: (ctx) => addPort(ctx, 'expose', 9100, String),
  },
  {
    name: 'env',
    description: 'an added environment entry on every service',
    apply: (ctx) =>
      services(ctx.doc).map(([n, s]) => {
        if (Array.isArray(s.environment)) s.environment = [...s.environment, 'EDITED_SETTING=edited'];
        else s.environment = { ...(s.environment ?? {}), EDITED_SETTING: 'edited' };
        return `service ${n}: environment + EDITED_SETTING`;
      }),
  },
  {
    name: 'service',
    description: 'an added service',
    apply: (ctx) => {
      if (!ctx.main) return [];
      let name = 'edited-worker';
      while (ctx.doc.services?.[name] !== undefined) name = `${name}-x`;
      ctx.doc.services = {
        ...(ctx.doc.services ?? {}),
        [name]: { image: 'busybox:1.36.1', command: ['sleep', 'infinity'], user: '65532:65532', deploy: { resources: { limits: { cpus: '0.1', memory: '32M' } } } },
      };
      return [`service ${name} added`];
    },
  },
  {
    name: 'volume',
    description: 'an added named volume, mounted by every single-replica Deployment, StatefulSet and Job',
    apply: (ctx) =>
      services(ctx.doc).flatMap(([n, s]) => {
        const w = workloadOf(ctx, n);
        if (!w || w.kind === 'DaemonSet' || w.replicas > 1 || w.autoscale !== undefined) return [];
        const volume = `edited-data-${n}`;
        ctx.doc.volumes = { ...(ctx.doc.volumes ?? {}), [volume]: { 'x-k8s': { size: '1Gi' } } };
        s.volumes = [...listOf(s.volumes), `${volume}:/edited-data`];
        return [`service ${n}: volume ${volume} at /edited-data`];
      }),
  },
  {
    name: 'volume-size',
    description: 'a grown volume size (x-k8s.size doubled) of every claim, but those of multi-replica StatefulSets',
    apply: (ctx) => {
      const claims = claimsByVolume(ctx.v1);
      const excluded = templateVolumes(ctx.v1);
      return Object.entries((ctx.doc.volumes ?? {}) as Record<string, Any>).flatMap(([n, v]) => {
        const c = claims.get(n);
        if (!c || c.external || excluded.has(n)) return [];
        const size = doubleSize(c.size);
        ctx.doc.volumes[n] = { ...(v ?? {}), 'x-k8s': { ...(v?.['x-k8s'] ?? {}), size } };
        return [`volume ${n}: size ${c.size} → ${size}`];
      });
    },
  },
  {
    name: 'resources',
    description: 'other cpu/memory (deploy.resources) on every service',
    apply: (ctx) =>
      services(ctx.doc).map(([n, s]) => {
        for (const k of ['mem_limit', 'mem_reservation', 'cpus']) delete s[k];
        const r = s.deploy?.resources ?? {};
        s.deploy = {
          ...(s.deploy ?? {}),
          resources: { ...r, limits: { ...(r.limits ?? {}), ...RESOURCES.limits }, reservations: { ...(r.reservations ?? {}), ...RESOURCES.reservations } },
        };
        return `service ${n}: resources ${RESOURCES.limits.cpus} cpu / ${RESOURCES.limits.memory}`;
      }),
  },
];
