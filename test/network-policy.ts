/**
 * A NetworkPolicy evaluator for the tests: Kubernetes label-selector semantics and ingress rules,
 * for sources in the project's namespace, in another namespace, or outside the cluster.
 */
import { CompileResult } from '../src/compile';
import { Any } from './helpers';

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** Kubernetes label-selector semantics (matchLabels and matchExpressions). */
export function selects(sel: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!sel) return false;
  const has = (key: string) => Object.prototype.hasOwnProperty.call(labels, key);
  const okLabels = Object.entries(sel.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const okExpr = (sel.matchExpressions ?? []).every((e) => {
    switch (e.operator) {
      case 'In':
        return has(e.key) && e.values!.includes(labels[e.key]);
      case 'NotIn':
        return !has(e.key) || !e.values!.includes(labels[e.key]);
      case 'Exists':
        return has(e.key);
      case 'DoesNotExist':
        return !has(e.key);
      default:
        throw new Error(`unknown operator ${e.operator}`);
    }
  });
  return okLabels && okExpr;
}

export function podLabels(w: Any): Record<string, string> {
  return w.spec.template.metadata.labels;
}

/** A client outside the cluster (a load balancer's client, a node port client). */
export const OUTSIDE = 'outside' as const;
/** A pod in namespace `namespace` (not the project's), with these pod labels. */
export interface ForeignPod {
  readonly namespace: string;
  readonly labels: Record<string, string>;
}
export function podIn(namespace: string, labels: Record<string, string> = { app: 'client' }): ForeignPod {
  return { namespace, labels };
}
/** Pod labels (a pod of the project's namespace), a pod of another namespace, or outside the cluster. */
export type Source = Record<string, string> | ForeignPod | typeof OUTSIDE;

/** Name of the project's namespace when the output sets none (where the folder is applied). */
const PROJECT_NAMESPACE = 'project-namespace';

function isForeign(src: Source): src is ForeignPod {
  return typeof src === 'object' && typeof (src as ForeignPod).namespace === 'string' && typeof (src as ForeignPod).labels === 'object';
}

/**
 * NetworkPolicy ingress semantics for pods of one namespace: traffic to a pod is allowed when no
 * policy with policyType Ingress selects it, or when some such policy has a rule whose peers match
 * the source and whose ports match the destination port. A namespaceSelector reads the namespace's
 * `kubernetes.io/metadata.name` label; it never matches a client outside the cluster.
 */
export function ingressAllowed(r: CompileResult, src: Source, dst: Any, port: number): boolean {
  const labels = podLabels(dst);
  const policies = r.objects.filter(
    (p: Any) => p.kind === 'NetworkPolicy' && (p.spec.policyTypes ?? ['Ingress']).includes('Ingress') && selects(p.spec.podSelector, labels),
  ) as Any[];
  if (policies.length === 0) return true;
  const containerPorts = dst.spec.template.spec.containers.flatMap((c: Any) => c.ports ?? []);
  const portMatches = (ports: Any[] | undefined) =>
    !ports ||
    ports.length === 0 ||
    ports.some((p) => (typeof p.port === 'number' ? p.port === port : p.port === undefined || containerPorts.some((cp: Any) => cp.name === p.port && cp.containerPort === port)));
  const source = src === OUTSIDE ? undefined : isForeign(src) ? src : { namespace: r.model.namespace ?? PROJECT_NAMESPACE, labels: src as Record<string, string> };
  const ownNamespace = r.model.namespace ?? PROJECT_NAMESPACE;
  const peerMatches = (peer: Any) => {
    if (peer.ipBlock) return source === undefined;
    if (source === undefined) return false;
    if (peer.namespaceSelector) {
      return selects(peer.namespaceSelector, { 'kubernetes.io/metadata.name': source.namespace }) && (!peer.podSelector || selects(peer.podSelector, source.labels));
    }
    return source.namespace === ownNamespace && selects(peer.podSelector, source.labels);
  };
  return policies.some((p) => (p.spec.ingress ?? []).some((rule: Any) => portMatches(rule.ports) && (!rule.from || rule.from.length === 0 || rule.from.some(peerMatches))));
}
