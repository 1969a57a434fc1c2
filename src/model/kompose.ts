/**
 * The `kompose.*` labels users already have in their compose files, read the way kompose reads
 * them. Each is documented in the README table; an unknown `kompose.*` label is a warning.
 *
 * | label | effect |
 * |---|---|
 * | kompose.service.type | Service type: clusterip, nodeport, loadbalancer, headless |
 * | kompose.service.nodeport.port | nodePort of a NodePort Service's first port (30000-32767) |
 * | kompose.service.expose | Ingress: `true` (host `<service>.local`) or `host[/path]`, comma-separated (the first is used) |
 * | kompose.service.expose.tls-secret | Ingress TLS Secret |
 * | kompose.service.expose.ingress-class-name | Ingress class |
 * | kompose.volume.size / kompose.volume.storage-class-name | claim size / storage class (on the volume) |
 * | kompose.controller.type | deployment, statefulset, daemonset |
 * | kompose.image-pull-policy | Always, IfNotPresent, Never |
 * | kompose.service.healthcheck.readiness.* / .liveness.* | test, interval, timeout, retries, start_period, disable |
 * | kompose.hpa.replicas.min / .max, kompose.hpa.cpu | HorizontalPodAutoscaler |
 * | kompose.service.group | services with the same value share one pod (src/model/pods) |
 */
import { ComposeService, Healthcheck, parseDuration, parseInteger } from '../compose';
import { Diagnostics, show } from '../diagnostics';

const SERVICE_LABELS = new Set([
  'kompose.service.type',
  'kompose.service.nodeport.port',
  'kompose.service.expose',
  'kompose.service.expose.tls-secret',
  'kompose.service.expose.ingress-class-name',
  'kompose.controller.type',
  'kompose.image-pull-policy',
  'kompose.hpa.replicas.min',
  'kompose.hpa.replicas.max',
  'kompose.hpa.cpu',
  'kompose.service.group',
]);
const PROBE_FIELDS = ['test', 'interval', 'timeout', 'retries', 'start_period', 'disable'];
/** Labels of a top-level volume. */
export const VOLUME_LABELS = new Set(['kompose.volume.size', 'kompose.volume.storage-class-name']);

export interface KomposeSettings {
  readonly controllerType?: 'deployment' | 'statefulset' | 'daemonset';
  readonly imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  readonly readiness?: Healthcheck;
  readonly liveness?: Healthcheck;
}

function probeFrom(s: ComposeService, kind: 'readiness' | 'liveness', d: Diagnostics): Healthcheck | undefined {
  const prefix = `kompose.service.healthcheck.${kind}.`;
  const get = (f: string) => s.labels[prefix + f];
  if (!PROBE_FIELDS.some((f) => get(f) !== undefined)) return undefined;
  const at = (f: string) => `services.${s.name}.labels.${prefix}${f}`;
  const duration = (f: string): number | undefined => {
    const v = get(f);
    if (v === undefined) return undefined;
    const ms = parseDuration(v);
    if (ms === undefined) d.error(s.source.file, at(f), `invalid duration ${show(v)}; expected a duration like "10s" or "1m30s"`);
    return ms;
  };
  const retries = get('retries') !== undefined ? parseInteger(get('retries')) : undefined;
  if (get('retries') !== undefined && retries === undefined) d.error(s.source.file, at('retries'), `invalid value ${show(get('retries'))}; expected an integer`);
  const test = get('test');
  return {
    disabled: get('disable') === 'true',
    ...(test !== undefined ? { test: [['sh'], ['-c'], [test]], form: 'CMD-SHELL' as const } : {}),
    interval: duration('interval'),
    timeout: duration('timeout'),
    retries,
    startPeriod: duration('start_period'),
  };
}

/** Reads the kompose labels of a service; warns about unknown ones. */
export function readKompose(s: ComposeService, d: Diagnostics): KomposeSettings {
  let any = false;
  for (const k of Object.keys(s.labels)) {
    if (!k.startsWith('kompose.')) continue;
    any = true;
    const probe = /^kompose\.service\.healthcheck\.(readiness|liveness)\.(.+)$/.exec(k);
    if (SERVICE_LABELS.has(k) || (probe && PROBE_FIELDS.includes(probe[2]))) continue;
    d.warn(s.source.file, `services.${s.name}.labels.${k}`, `unknown kompose label ${show(k)}; it is ignored (see the README for the kompose labels cdk8s-compose reads)`);
  }
  const out: { -readonly [K in keyof KomposeSettings]: KomposeSettings[K] } = {};
  // Every setting below is a kompose.* label.
  if (!any) return out;
  const ct = s.labels['kompose.controller.type'];
  if (ct !== undefined) {
    const v = ct.toLowerCase();
    if (v === 'deployment' || v === 'statefulset' || v === 'daemonset') out.controllerType = v;
    else d.error(s.source.file, `services.${s.name}.labels.kompose.controller.type`, `invalid value ${show(ct)}; expected deployment, statefulset or daemonset`);
  }
  const pp = s.labels['kompose.image-pull-policy'];
  if (pp !== undefined) {
    if (pp === 'Always' || pp === 'IfNotPresent' || pp === 'Never') out.imagePullPolicy = pp;
    else d.error(s.source.file, `services.${s.name}.labels.kompose.image-pull-policy`, `invalid value ${show(pp)}; expected Always, IfNotPresent or Never`);
  }
  const readiness = probeFrom(s, 'readiness', d);
  if (readiness) out.readiness = readiness;
  const liveness = probeFrom(s, 'liveness', d);
  if (liveness) out.liveness = liveness;
  return out;
}
