/**
 * Plain helpers over synthesized Kubernetes objects for the output check: reading untyped JSON
 * safely, identities and namespaces, ports and label selectors (the index of the objects, their
 * pod templates and containers: ./inventory).
 *
 * Namespaces: an object without `metadata.namespace` is in "the unset namespace", which equals only
 * another unset namespace (the folder may be applied to any namespace, so it is never `default`).
 */
import type { Diagnostic } from '../diagnostics';
import type { K8sObject } from '../output/render';

export type Json = Readonly<Record<string, unknown>>;

export function isMap(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The map at `v`, or an empty one. */
export function mapOf(v: unknown): Json {
  return isMap(v) ? v : {};
}

/** The elements of `v` that are maps (non-arrays give none). */
export function mapsOf(v: unknown): Json[] {
  return Array.isArray(v) ? v.filter(isMap) : [];
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * String-valued entries of a map (labels, selectors), read only. The map itself when it holds only
 * strings (labels and selectors nearly always do): a copy per pod template and per selector was a
 * good part of the output check's allocations. A copy otherwise, and for a `__proto__` key, which a
 * copy cannot hold as an entry.
 */
export function stringMap(v: unknown): Readonly<Record<string, string>> {
  if (!isMap(v)) return {};
  for (const k in v) {
    if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
    if (typeof v[k] !== 'string' || k === '__proto__') return copyStrings(v);
  }
  return v as Readonly<Record<string, string>>;
}

function copyStrings(v: Json): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return out;
}

/** The API group of an apiVersion: `''` for the core group (`v1`). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export function namespaceOf(o: K8sObject): string | undefined {
  return str(o.metadata.namespace);
}

/** `Kind/name`, the way objects are named in paths and messages. */
export function refOf(o: K8sObject): string {
  return `${o.kind}/${o.metadata.name}`;
}

/** ` in namespace NS` when the object has one (messages only). */
export function inNamespace(ns: string | undefined): string {
  return ns === undefined ? '' : ` in namespace ${ns}`;
}

/** An error about object `o`: the path is `Kind/name`, the message names both objects. */
export function problem(o: K8sObject, message: string): Diagnostic {
  return { severity: 'error', path: refOf(o), message };
}

/** `"http"` for names, `8000` for numbers. */
export function showPort(p: unknown): string {
  return typeof p === 'number' ? String(p) : JSON.stringify(p);
}

// ---------------------------------------------------------------------------------------------
// Containers

/** `http=8000/TCP, 9090/UDP` — a container's declared ports, for messages. */
export function showContainerPorts(container: Json): string {
  const ports = mapsOf(container.ports).map((p) => `${p.name !== undefined ? `${String(p.name)}=` : ''}${String(p.containerPort)}/${String(p.protocol ?? 'TCP')}`);
  return ports.length > 0 ? ports.join(', ') : 'none';
}

// ---------------------------------------------------------------------------------------------
// Selectors

/** A plain map selector (Service `spec.selector`, `matchLabels`): every pair is among the labels. */
export function mapMatches(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  for (const k in selector) {
    if (Object.prototype.hasOwnProperty.call(selector, k) && !(Object.prototype.hasOwnProperty.call(labels, k) && labels[k] === selector[k])) return false;
  }
  return true;
}

/** metav1.LabelSelector semantics (`matchLabels` and `matchExpressions`). */
export function labelSelectorMatches(selector: Json, labels: Readonly<Record<string, string>>): boolean {
  if (!mapMatches(stringMap(selector.matchLabels), labels)) return false;
  if (!Array.isArray(selector.matchExpressions)) return true;
  return mapsOf(selector.matchExpressions).every((e) => {
    const key = String(e.key);
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    const values = Array.isArray(e.values) ? e.values : [];
    switch (e.operator) {
      case 'In':
        return has && values.includes(labels[key]);
      case 'NotIn':
        return !has || !values.includes(labels[key]);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      default:
        return false;
    }
  });
}

/** True when a LabelSelector has neither matchLabels nor matchExpressions (it selects everything). */
export function labelSelectorIsEmpty(selector: Json): boolean {
  return Object.keys(mapOf(selector.matchLabels)).length === 0 && mapsOf(selector.matchExpressions).length === 0;
}

/** `a=1,b=2` (and `key In (x,y)` for expressions), for messages. */
export function showSelector(selector: Json): string {
  const parts = Object.entries(mapOf(selector.matchLabels ?? selector)).filter(([, v]) => typeof v === 'string').map(([k, v]) => `${k}=${String(v)}`);
  for (const e of mapsOf(selector.matchExpressions)) {
    const values = Array.isArray(e.values) ? ` (${e.values.join(',')})` : '';
    parts.push(`${String(e.key)} ${String(e.operator)}${values}`);
  }
  return parts.length > 0 ? parts.join(',') : '{}';
}

/** ` (ServiceAccount/app exists only in namespace x / without a namespace)` when that helps. */
export function elsewhereHint(found: readonly K8sObject[]): string {
  if (found.length === 0) return '';
  const where = found.map((o) => (namespaceOf(o) === undefined ? 'without a namespace' : `in namespace ${namespaceOf(o)!}`));
  return ` (${refOf(found[0])} exists only ${[...new Set(where)].join(' and ')})`;
}

/** True when `name` (in namespace `ns`) is among external names given as `name` or `namespace/name`. */
export function isExternal(ns: string | undefined, name: string, names: readonly string[] | undefined): boolean {
  if (names === undefined || names.length === 0) return false;
  return names.includes(name) || (ns !== undefined && names.includes(`${ns}/${name}`));
}
