/**
 * ConfigMap and Secret references of pod templates: every ConfigMap and Secret a pod reads exists
 * among the objects (or is created outside them), and every key it reads is in it. The TLS Secret of
 * an Ingress too, unless cert-manager makes it (a cert-manager annotation on the Ingress).
 */
import type { Diagnostic } from '../diagnostics';
import { certManagerMakesTls } from '../output/documents';
import type { K8sObject } from '../output/render';
import type { Inventory, PodTemplate } from './inventory';
import { elsewhereHint, groupOf, inNamespace, isExternal, isMap, mapOf, mapsOf, namespaceOf, problem, refOf, str, stringMap, type Json } from './objects';
import type { ExternalObjects } from './types';

type RefKind = 'Secret' | 'ConfigMap';

/**
 * Called for each ConfigMap and Secret reference of a pod spec, in order: `keys` are the keys it
 * reads (empty: the whole object); `where` (`container "web" env DB_PASSWORD`, `volume "config"`)
 * is made only when a message needs it.
 */
type Visit = (kind: RefKind, name: unknown, optional: unknown, keys: readonly string[], where: () => string) => void;

/** What a name resolves to: the object that provides it and its keys (undefined = not knowable). */
interface Provider {
  readonly source: string;
  readonly keys?: readonly string[];
}

/** ConfigMaps that Kubernetes creates in every namespace. */
const BUILT_IN_CONFIGMAPS: ReadonlyMap<string, Provider> = new Map([['kube-root-ca.crt', { source: 'ConfigMap/kube-root-ca.crt', keys: ['ca.crt'] }]]);

const NO_KEYS: readonly string[] = [];

const itemKeys = (items: unknown): string[] => mapsOf(items).map((i) => str(i.key)).filter((k): k is string => k !== undefined);

/** The key of a `secretKeyRef` or `configMapKeyRef`, as a list. */
function refKey(r: Json): readonly string[] {
  const key = str(r.key);
  return key === undefined ? NO_KEYS : [key];
}

/** Visits every ConfigMap and Secret reference of a pod template (the walk is allocation-light: it runs on every template). */
function visitReferences(t: PodTemplate, visit: Visit): void {
  for (const c of t.containers) {
    const env = c.container.env;
    if (Array.isArray(env)) {
      for (const e of env) {
        if (!isMap(e) || !isMap(e.valueFrom)) continue;
        const from = e.valueFrom;
        const where = () => `${c.label} env ${String(e.name)}`;
        if (from.secretKeyRef !== undefined) {
          const r = mapOf(from.secretKeyRef);
          visit('Secret', r.name, r.optional, refKey(r), where);
        }
        if (from.configMapKeyRef !== undefined) {
          const r = mapOf(from.configMapKeyRef);
          visit('ConfigMap', r.name, r.optional, refKey(r), where);
        }
      }
    }
    const envFrom = c.container.envFrom;
    if (!Array.isArray(envFrom)) continue;
    for (const source of envFrom) {
      if (!isMap(source)) continue;
      const where = () => `${c.label} envFrom`;
      if (source.secretRef !== undefined) visit('Secret', mapOf(source.secretRef).name, mapOf(source.secretRef).optional, NO_KEYS, where);
      if (source.configMapRef !== undefined) visit('ConfigMap', mapOf(source.configMapRef).name, mapOf(source.configMapRef).optional, NO_KEYS, where);
    }
  }
  const spec = t.spec;
  for (const volume of mapsOf(spec.volumes)) {
    const where = () => `volume ${JSON.stringify(volume.name ?? '?')}`;
    if (volume.secret !== undefined) {
      const s = mapOf(volume.secret);
      visit('Secret', s.secretName, s.optional, itemKeys(s.items), where);
    }
    if (volume.configMap !== undefined) {
      const c = mapOf(volume.configMap);
      visit('ConfigMap', c.name, c.optional, itemKeys(c.items), where);
    }
    if (volume.projected === undefined) continue;
    const projected = () => `projected ${where()}`;
    for (const source of mapsOf(mapOf(volume.projected).sources)) {
      if (source.secret !== undefined) {
        const s = mapOf(source.secret);
        visit('Secret', s.name, s.optional, itemKeys(s.items), projected);
      }
      if (source.configMap !== undefined) {
        const c = mapOf(source.configMap);
        visit('ConfigMap', c.name, c.optional, itemKeys(c.items), projected);
      }
    }
  }
  if (spec.imagePullSecrets !== undefined) for (const pull of mapsOf(spec.imagePullSecrets)) visit('Secret', pull.name, false, NO_KEYS, () => 'imagePullSecrets');
}

const dataKeys = (o: K8sObject, fields: readonly string[]): string[] => fields.flatMap((f) => Object.keys(mapOf(o[f])));

/** Providers of Secrets and ConfigMaps by namespace and name. */
function providers(inv: Inventory): Record<RefKind, Map<string, Provider>> {
  const secrets = new Map<string, Provider>();
  const configMaps = new Map<string, Provider>();
  const key = (o: K8sObject, name: string) => `${namespaceOf(o) ?? ''}\u0000${name}`;
  // By kind, not in object order: a Secret wins over an ExternalSecret target of the same name
  // wherever either is (the last Secret, else the first ExternalSecret), so the order does not matter.
  for (const o of inv.ofKind('Secret')) {
    if (groupOf(o.apiVersion) !== '') continue;
    // A Secret without data is filled by someone else: its keys are not knowable.
    const keys = dataKeys(o, ['data', 'stringData']);
    secrets.set(key(o, o.metadata.name), { source: refOf(o), keys: o.data === undefined && o.stringData === undefined ? undefined : keys });
  }
  for (const o of inv.ofKind('ExternalSecret')) {
    if (groupOf(o.apiVersion) !== 'external-secrets.io') continue;
    const spec = mapOf(o.spec);
    const target = str(mapOf(spec.target).name) ?? o.metadata.name;
    // `dataFrom` and templates produce keys that the manifest does not list.
    const listed = spec.dataFrom === undefined && mapOf(spec.target).template === undefined;
    const keys = mapsOf(spec.data).map((d) => str(d.secretKey)).filter((k): k is string => k !== undefined);
    if (!secrets.has(key(o, target))) secrets.set(key(o, target), { source: refOf(o), keys: listed ? keys : undefined });
  }
  for (const o of inv.ofKind('ConfigMap')) {
    if (groupOf(o.apiVersion) !== '') continue;
    configMaps.set(key(o, o.metadata.name), { source: refOf(o), keys: dataKeys(o, ['data', 'binaryData']) });
  }
  return { Secret: secrets, ConfigMap: configMaps };
}

/** Secret and ConfigMap references of every pod template (and of ServiceAccounts' imagePullSecrets). */
export function checkConfigReferences(inv: Inventory, external: ExternalObjects): Diagnostic[] {
  const out: Diagnostic[] = [];
  const index = providers(inv);
  const check = (owner: K8sObject, ns: string | undefined, kind: RefKind, name: string, keys: readonly string[], where: () => string) => {
    const provided = index[kind];
    const provider = (provided.size > 0 ? provided.get(`${ns ?? ''}\u0000${name}`) : undefined) ?? (kind === 'ConfigMap' ? BUILT_IN_CONFIGMAPS.get(name) : undefined);
    if (provider === undefined) {
      if (isExternal(ns, name, kind === 'Secret' ? external.secrets : external.configMaps)) return;
      const what = kind === 'Secret' ? 'in the output (as a Secret or an ExternalSecret target) nor an external secret' : 'in the output nor an external ConfigMap';
      const hint = elsewhereHint(inv.elsewhere(ns, kind, name));
      out.push(problem(owner, `${refOf(owner)} ${where()} reads ${kind}/${name}${inNamespace(ns)}, which is neither ${what}${hint}`));
      return;
    }
    if (provider.keys === undefined) return;
    for (const key of keys) {
      if (provider.keys.includes(key)) continue;
      const known = provider.keys.length > 0 ? provider.keys.join(', ') : 'none';
      out.push(problem(owner, `${refOf(owner)} ${where()} reads key ${JSON.stringify(key)} of ${provider.source}, which has no such key (keys: ${known})`));
    }
  };
  for (const t of inv.templates) {
    visitReferences(t, (kind, name, optional, keys, where) => {
      // An optional reference may be missing; one without a name is no reference.
      const n = str(name);
      if (optional !== true && n !== undefined) check(t.owner, t.ns, kind, n, keys, where);
    });
  }
  for (const ing of inv.ofKind('Ingress')) {
    if (groupOf(ing.apiVersion) !== 'networking.k8s.io' || certManagerMakesTls(stringMap(mapOf(ing.metadata).annotations))) continue;
    for (const tls of mapsOf(mapOf(ing.spec).tls)) {
      const name = str(tls.secretName);
      if (name !== undefined) check(ing, namespaceOf(ing), 'Secret', name, NO_KEYS, () => 'spec.tls');
    }
  }
  for (const sa of inv.ofKind('ServiceAccount')) {
    for (const pull of mapsOf(sa.imagePullSecrets)) {
      const name = str(pull.name);
      if (name !== undefined) check(sa, namespaceOf(sa), 'Secret', name, NO_KEYS, () => 'imagePullSecrets');
    }
  }
  return out;
}
