/**
 * ConfigMap and Secret references of pod templates: every ConfigMap and Secret a pod reads exists
 * among the objects (or is created outside them), and every key it reads is in it. The TLS Secret of
 * an Ingress too, unless cert-manager makes it (a cert-manager annotation on the Ingress).
 */
import type { Diagnostic } from '../diagnostics';
import { certManagerMakesTls } from '../output/documents';
import type { K8sObject } from '../output/render';
import {
  containersOf, elsewhereHint, groupOf, inNamespace, Inventory, isExternal, mapOf, mapsOf, namespaceOf, problem, refOf, str, stringMap, type Json,
} from './objects';
import type { ExternalObjects } from './types';

type RefKind = 'Secret' | 'ConfigMap';

interface ConfigRef {
  readonly kind: RefKind;
  readonly name: string;
  readonly optional: boolean;
  /** Keys it reads (empty: the whole object). */
  readonly keys: readonly string[];
  /** `container "web" env DB_PASSWORD`, `volume "config"`, for messages. */
  readonly where: string;
}

/** What a name resolves to: the object that provides it and its keys (undefined = not knowable). */
interface Provider {
  readonly source: string;
  readonly keys?: readonly string[];
}

/** ConfigMaps that Kubernetes creates in every namespace. */
const BUILT_IN_CONFIGMAPS: ReadonlyMap<string, Provider> = new Map([['kube-root-ca.crt', { source: 'ConfigMap/kube-root-ca.crt', keys: ['ca.crt'] }]]);

const itemKeys = (items: unknown): string[] => mapsOf(items).map((i) => str(i.key)).filter((k): k is string => k !== undefined);

/** Every ConfigMap and Secret reference of a pod spec. */
function referencesOf(spec: Json): ConfigRef[] {
  const refs: ConfigRef[] = [];
  const add = (kind: RefKind, name: unknown, optional: unknown, keys: string[], where: string) => {
    const n = str(name);
    if (n !== undefined) refs.push({ kind, name: n, optional: optional === true, keys, where });
  };
  for (const { container, label } of containersOf(spec)) {
    for (const env of mapsOf(container.env)) {
      const from = mapOf(env.valueFrom);
      const where = `${label} env ${String(env.name)}`;
      if (from.secretKeyRef !== undefined) {
        const r = mapOf(from.secretKeyRef);
        add('Secret', r.name, r.optional, itemKeys([r]), where);
      }
      if (from.configMapKeyRef !== undefined) {
        const r = mapOf(from.configMapKeyRef);
        add('ConfigMap', r.name, r.optional, itemKeys([r]), where);
      }
    }
    for (const source of mapsOf(container.envFrom)) {
      if (source.secretRef !== undefined) add('Secret', mapOf(source.secretRef).name, mapOf(source.secretRef).optional, [], `${label} envFrom`);
      if (source.configMapRef !== undefined) add('ConfigMap', mapOf(source.configMapRef).name, mapOf(source.configMapRef).optional, [], `${label} envFrom`);
    }
  }
  for (const volume of mapsOf(spec.volumes)) {
    const where = `volume ${JSON.stringify(volume.name ?? '?')}`;
    if (volume.secret !== undefined) {
      const s = mapOf(volume.secret);
      add('Secret', s.secretName, s.optional, itemKeys(s.items), where);
    }
    if (volume.configMap !== undefined) {
      const c = mapOf(volume.configMap);
      add('ConfigMap', c.name, c.optional, itemKeys(c.items), where);
    }
    for (const source of mapsOf(mapOf(volume.projected).sources)) {
      if (source.secret !== undefined) {
        const s = mapOf(source.secret);
        add('Secret', s.name, s.optional, itemKeys(s.items), `projected ${where}`);
      }
      if (source.configMap !== undefined) {
        const c = mapOf(source.configMap);
        add('ConfigMap', c.name, c.optional, itemKeys(c.items), `projected ${where}`);
      }
    }
  }
  for (const pull of mapsOf(spec.imagePullSecrets)) add('Secret', pull.name, false, [], 'imagePullSecrets');
  return refs;
}

const dataKeys = (o: K8sObject, fields: readonly string[]): string[] => fields.flatMap((f) => Object.keys(mapOf(o[f])));

/** Providers of Secrets and ConfigMaps by namespace and name. */
function providers(inv: Inventory): Record<RefKind, Map<string, Provider>> {
  const secrets = new Map<string, Provider>();
  const configMaps = new Map<string, Provider>();
  const key = (o: K8sObject, name: string) => `${namespaceOf(o) ?? ''}\u0000${name}`;
  for (const o of inv.objects) {
    const group = groupOf(o.apiVersion);
    if (o.kind === 'Secret' && group === '') {
      // A Secret without data is filled by someone else: its keys are not knowable.
      const keys = dataKeys(o, ['data', 'stringData']);
      secrets.set(key(o, o.metadata.name), { source: refOf(o), keys: o.data === undefined && o.stringData === undefined ? undefined : keys });
    } else if (o.kind === 'ExternalSecret' && group === 'external-secrets.io') {
      const spec = mapOf(o.spec);
      const target = str(mapOf(spec.target).name) ?? o.metadata.name;
      // `dataFrom` and templates produce keys that the manifest does not list.
      const listed = spec.dataFrom === undefined && mapOf(spec.target).template === undefined;
      const keys = mapsOf(spec.data).map((d) => str(d.secretKey)).filter((k): k is string => k !== undefined);
      if (!secrets.has(key(o, target))) secrets.set(key(o, target), { source: refOf(o), keys: listed ? keys : undefined });
    } else if (o.kind === 'ConfigMap' && group === '') {
      configMaps.set(key(o, o.metadata.name), { source: refOf(o), keys: dataKeys(o, ['data', 'binaryData']) });
    }
  }
  return { Secret: secrets, ConfigMap: configMaps };
}

/** Secret and ConfigMap references of every pod template (and of ServiceAccounts' imagePullSecrets). */
export function checkConfigReferences(inv: Inventory, external: ExternalObjects): Diagnostic[] {
  const out: Diagnostic[] = [];
  const index = providers(inv);
  const check = (owner: K8sObject, r: ConfigRef) => {
    if (r.optional) return;
    const ns = namespaceOf(owner);
    const provider = index[r.kind].get(`${ns ?? ''}\u0000${r.name}`) ?? (r.kind === 'ConfigMap' ? BUILT_IN_CONFIGMAPS.get(r.name) : undefined);
    if (provider === undefined) {
      if (isExternal(ns, r.name, r.kind === 'Secret' ? external.secrets : external.configMaps)) return;
      const what = r.kind === 'Secret' ? 'in the output (as a Secret or an ExternalSecret target) nor an external secret' : 'in the output nor an external ConfigMap';
      const hint = elsewhereHint(inv.elsewhere(ns, r.kind, r.name));
      out.push(problem(owner, `${refOf(owner)} ${r.where} reads ${r.kind}/${r.name}${inNamespace(ns)}, which is neither ${what}${hint}`));
      return;
    }
    if (provider.keys === undefined) return;
    for (const key of r.keys) {
      if (provider.keys.includes(key)) continue;
      const keys = provider.keys.length > 0 ? provider.keys.join(', ') : 'none';
      out.push(problem(owner, `${refOf(owner)} ${r.where} reads key ${JSON.stringify(key)} of ${provider.source}, which has no such key (keys: ${keys})`));
    }
  };
  for (const t of inv.templates) for (const r of referencesOf(t.spec)) check(t.owner, r);
  for (const ing of inv.ofKind('Ingress')) {
    if (groupOf(ing.apiVersion) !== 'networking.k8s.io' || certManagerMakesTls(stringMap(mapOf(ing.metadata).annotations))) continue;
    for (const tls of mapsOf(mapOf(ing.spec).tls)) {
      const name = str(tls.secretName);
      if (name !== undefined) check(ing, { kind: 'Secret', name, optional: false, keys: [], where: 'spec.tls' });
    }
  }
  for (const sa of inv.ofKind('ServiceAccount')) {
    for (const pull of mapsOf(sa.imagePullSecrets)) {
      const name = str(pull.name);
      if (name !== undefined) check(sa, { kind: 'Secret', name, optional: false, keys: [], where: 'imagePullSecrets' });
    }
  }
  return out;
}
