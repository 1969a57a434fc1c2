/**
 * Recommended labels (`app.kubernetes.io/*`). Selectors use only name and instance
 * (src/model/selectors.ts): `component` and `version` are labels, never selector keys, so no
 * ordinary compose edit can change an immutable selector.
 */
import { syncWave, SYNC_WAVE_ANNOTATION } from '../src/model/gitops';
import { workloadSelector } from '../src/model/network';
import { AppModel, Workload } from '../src/model/types';

export const MANAGED_BY = 'cdk8s-compose';

export function selectorLabels(app: AppModel, w: Workload): Record<string, string> {
  return workloadSelector(app.project, w.service);
}

export function workloadLabels(app: AppModel, w: Workload): Record<string, string> {
  // Assigned in the order a literal with spreads would give (the selector's two keys are fixed).
  const out: Record<string, string> = { 'app.kubernetes.io/component': w.component };
  const selector = selectorLabels(app, w);
  for (const k of Object.keys(selector)) out[k] = selector[k];
  out['app.kubernetes.io/managed-by'] = MANAGED_BY;
  out['app.kubernetes.io/part-of'] = app.project;
  if (w.version !== undefined) out['app.kubernetes.io/version'] = w.version;
  return out;
}

/** Labels of objects that belong to the project but to no one workload (Secrets, shared claims). */
export function projectLabels(app: AppModel): Record<string, string> {
  return {
    'app.kubernetes.io/instance': app.project,
    'app.kubernetes.io/managed-by': MANAGED_BY,
    'app.kubernetes.io/part-of': app.project,
  };
}

/** Object metadata: name, namespace (with --namespace), labels, and the Argo CD sync wave of `kind`. */
export function metadata(app: AppModel, kind: string, name: string, labels: Record<string, string>, owner?: Workload, annotations: Record<string, string> = {}) {
  const out: { name: string; namespace?: string; labels: Record<string, string>; annotations: Record<string, string> } = { name, labels, annotations: {} };
  if (app.namespace !== undefined) out.namespace = app.namespace;
  out.annotations = sortKeys({ ...annotations, [SYNC_WAVE_ANNOTATION]: String(syncWave(app, kind, owner, kind === 'PersistentVolumeClaim' ? name : undefined)) });
  return out;
}

export function sortKeys(r: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
