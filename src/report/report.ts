/**
 * The conversion report: for each compose service, the objects made for it and how its compose keys
 * were translated; the Secrets to create; what was not translated. Built from the model and the
 * objects only (never from values), so it can be printed and committed.
 */
import { ComposeProject, ProjectInputs } from '../compose';
import { Diagnostic } from '../diagnostics';
import { AppModel, Container, JobReader, Probe, Workload } from '../model/types';
import { tlsSecretsOf } from '../output/documents';
import { K8sObject } from '../output/render';
import { AttentionGroup, attentionGroups, reportText } from './attention';
import { GatewayUse, gatewaysOf, ReachLine, reachLines } from './reach';
import { StorageLine, storageLines } from './storage';

export interface ServiceReport {
  readonly service: string;
  /** The compose service name, when normalization changed it. */
  readonly composeName: string;
  readonly workload: string;
  readonly kind: string;
  readonly objects: readonly string[];
  readonly notes: readonly string[];
  /** The Pod Security level it opted in to (x-k8s.podSecurity); absent for restricted. */
  readonly podSecurity?: 'baseline' | 'privileged';
}

export interface ConversionReport {
  readonly project: string;
  /** What was read: compose files (override and extends files marked), env files, profiles, services left out. */
  readonly inputs?: ProjectInputs;
  readonly namespace?: string;
  readonly services: readonly ServiceReport[];
  readonly secrets: readonly { readonly name: string; readonly keys: readonly { readonly key: string; readonly required: boolean }[] }[];
  readonly secretProvider: string;
  /** How each published port (and each port behind a route or an Ingress) is reached. */
  readonly reach: readonly ReachLine[];
  /** The Gateways the routes attach to. */
  readonly gateways: readonly GatewayUse[];
  /** The Pod Security level the namespace must allow (`pod-security.kubernetes.io/enforce`): the weakest any service asked for. */
  readonly podSecurity: 'restricted' | 'baseline' | 'privileged';
  /** Compose keys that were approximated or not translated, and other warnings. */
  /** Per storage object (claim, ConfigMap or Secret of files): its source and every (service, path) that mounts it. */
  readonly storage: readonly StorageLine[];
  readonly warnings: readonly string[];
  /** "Needs your attention": the coded warnings, grouped by service (src/report/attention.ts). */
  readonly attention: readonly AttentionGroup[];
}

function describeProbe(p: Probe | undefined): string | undefined {
  if (!p) return undefined;
  const h = p.handler;
  const what = 'httpGet' in h ? `httpGet ${h.httpGet.path} on ${h.httpGet.port}` : 'tcpSocket' in h ? `TCP ${h.tcpSocket.port}` : `exec ${h.exec.command.join(' ')}`;
  return `${what} every ${p.periodSeconds}s`;
}

function probeNote(c: Container): string | undefined {
  const parts = [
    c.readinessProbe ? `readiness ${describeProbe(c.readinessProbe)}` : undefined,
    c.livenessProbe ? `liveness ${describeProbe(c.livenessProbe)}` : undefined,
    c.startupProbe ? `startup window ${c.startupProbe.periodSeconds * c.startupProbe.failureThreshold}s` : undefined,
  ].filter((x): x is string => x !== undefined);
  return parts.length > 0 ? `probes: ${parts.join('; ')}` : undefined;
}

function gateNote(w: Workload): string | undefined {
  const gates = w.gates.map((g) => (g.kind === 'service' ? `${g.service} to accept connections` : g.kind === 'job' ? `Job ${g.job} to complete` : 'the schema (x-k8s.migrationGate)'));
  return gates.length > 0 ? `starts after: ${[...new Set(gates)].join(', ')}` : undefined;
}

function kindNote(w: Workload): string {
  if (w.kind === 'Job') return w.job?.role === 'init' ? `Job (init step, name hashed from its pod template; backoffLimit ${w.job.backoffLimit})` : `Job (one-shot, name hashed from its pod template; backoffLimit ${w.job?.backoffLimit ?? 0})`;
  if (w.kind === 'DaemonSet') return 'DaemonSet (one pod per node)';
  const replicas = w.autoscale ? `${w.autoscale.min}-${w.autoscale.max} replicas (HPA at ${w.autoscale.cpu}% CPU)` : `${w.replicas} replica${w.replicas === 1 ? '' : 's'}`;
  const pod = w.members && w.members.length > 0 ? `; its pod also runs ${w.members.join(', ')} (shared network namespace)` : '';
  return `${w.kind}, ${replicas}${w.claimTemplates.length > 0 ? ', one claim per replica' : ''}${pod}`;
}

/** The objects made for one workload: those with its name label, and the claims, ConfigMaps and RBAC it uses. */
function objectsOf(w: Workload, readers: ReadonlyMap<string | undefined, readonly JobReader[]>, byLabel: ReadonlyMap<string, K8sObject[]>, names: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const out = new Set<string>();
  // One workload per compose service: its objects carry its name label (NetworkPolicies are shared).
  for (const o of byLabel.get(w.service) ?? []) if (o.kind !== 'NetworkPolicy') out.add(`${o.kind}/${o.metadata.name}`);
  const add = (kind: string, name: string) => {
    if (names.get(kind)?.has(name)) out.add(`${kind}/${name}`);
  };
  for (const v of w.pod.volumes) {
    if ('persistentVolumeClaim' in v) add('PersistentVolumeClaim', v.persistentVolumeClaim.claimName);
    if ('configMap' in v) add('ConfigMap', v.configMap.name);
  }
  for (const c of w.pod.containers) for (const e of c.envFrom) add('ConfigMap', e.configMapRef.name);
  for (const r of readers.get(w.pod.serviceAccountName) ?? []) {
    add('Role', r.name);
    add('RoleBinding', r.name);
  }
  return [...out].sort();
}

export function buildReport(project: ComposeProject, model: AppModel, objects: readonly K8sObject[], warnings: readonly Diagnostic[], inputs?: ProjectInputs): ConversionReport {
  const composeNames = new Map(Object.keys(project.services).map((n) => [n.toLowerCase().replace(/[^a-z0-9-]+/g, '-'), n]));
  // Lookups built once: the report is linear in the number of objects. Names by kind in nested
  // collections: no `Kind/name` string is made for each of thousands of objects to look up a few.
  const byLabel = new Map<string, K8sObject[]>();
  const names = new Map<string, Set<string>>();
  for (const o of objects) {
    const ofKind = names.get(o.kind);
    if (ofKind) ofKind.add(o.metadata.name);
    else names.set(o.kind, new Set([o.metadata.name]));
    const name = (o.metadata as { labels?: Record<string, string> }).labels?.['app.kubernetes.io/name'];
    if (name === undefined) continue;
    const list = byLabel.get(name);
    if (list) list.push(o);
    else byLabel.set(name, [o]);
  }
  const readers = new Map<string | undefined, JobReader[]>();
  for (const r of model.jobReaders) {
    const list = readers.get(r.serviceAccount);
    if (list) list.push(r);
    else readers.set(r.serviceAccount, [r]);
  }
  // Each warning as the report shows it, once: the list and the attention groups use the same text.
  const texts = warnings.map(reportText);
  const services = model.workloads.map((w): ServiceReport => {
    const c = w.pod.containers[0];
    const secretKeys = c.env.filter((e) => 'secretKeyRef' in e).length;
    const claims = w.pod.volumes.filter((v) => 'persistentVolumeClaim' in v).length + w.claimTemplates.length;
    const notes = [
      kindNote(w),
      w.exposure ? `Service ${w.service}: ${w.exposure.ports.map((p) => `${p.port}/${p.protocol}`).join(', ')} (${w.exposure.headless ? 'headless' : w.exposure.type})` : undefined,
      probeNote(c),
      gateNote(w),
      secretKeys > 0 ? `secrets: ${secretKeys} env entr${secretKeys === 1 ? 'y' : 'ies'} from secretKeyRef` : undefined,
      claims > 0 ? `storage: ${claims} persistent claim${claims === 1 ? '' : 's'}` : undefined,
      `resources: requests ${c.resources.requests.cpu} CPU / ${c.resources.requests.memory}, limits ${c.resources.limits.cpu ?? '-'} CPU / ${c.resources.limits.memory}`,
      `runs as ${w.pod.securityContext.runAsUser}:${w.pod.securityContext.runAsGroup}, read-only root filesystem: ${c.securityContext.readOnlyRootFilesystem ? 'yes' : 'no'}`,
      w.podSecurity ? `Pod Security ${w.podSecurity.level} (x-k8s.podSecurity)${w.podSecurity.reasons.length > 0 ? `: ${w.podSecurity.reasons.join(', ')}` : ''}` : undefined,
      ...w.notes,
    ].filter((x): x is string => x !== undefined);
    return {
      service: w.service,
      composeName: composeNames.get(w.service) ?? w.service,
      workload: w.name,
      kind: w.kind,
      objects: objectsOf(w, readers, byLabel, names),
      notes,
      ...(w.podSecurity ? { podSecurity: w.podSecurity.level } : {}),
    };
  });
  return {
    project: model.project,
    ...(inputs ? { inputs } : {}),
    ...(model.namespace !== undefined ? { namespace: model.namespace } : {}),
    services,
    secrets: [
      ...model.secrets.map((s) => ({ name: s.name, keys: s.keys.map((k) => ({ key: k.key, required: k.required })) })),
      // The Ingresses' TLS Secrets made by hand (SECRETS.md: kubectl create secret tls).
      ...tlsSecretsOf(model).map((t) => ({ name: t.name, keys: [{ key: 'tls.crt', required: true }, { key: 'tls.key', required: true }] })),
    ],
    secretProvider: model.secretProvider.kind,
    reach: reachLines(model),
    gateways: gatewaysOf(model),
    podSecurity: model.podSecurity,
    storage: storageLines(model),
    // File names without folders: the report is committed, and must not depend on where synth ran.
    // Sorted: the order of services in the compose file must not change the report.
    warnings: texts.slice().sort(),
    attention: attentionGroups(warnings, texts),
  };
}
