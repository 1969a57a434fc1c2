/**
 * The application chart: every object of the model, one construct per concern. Object names come
 * from the model (never from construct paths), and cdk8s' own labels are not added.
 */
import { Chart, ChartProps } from 'cdk8s';
// The L1 classes only: loading all of cdk8s-plus-28 (its L2 constructs) costs ~100 ms per run.
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { AppModel } from '../src/model/types';
import { addJobReader, addServiceAccount } from './access';
import { addAutoscaler, addDisruptionBudget, addIngress, addNetworkPolicy, addServices } from './network';
import { addRoute } from './route';
import { addSecretProviderObjects } from './secrets';
import { addClaim, addConfigMap } from './storage';
import { ObjectSink, constructSink } from './sink';
import { addWorkload } from './workload';

/** Labels Pod Security admission reads on the Namespace. */
export const POD_SECURITY_LABELS = {
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/enforce-version': 'latest',
  'pod-security.kubernetes.io/warn': 'restricted',
  'pod-security.kubernetes.io/audit': 'restricted',
} as const;

/**
 * The Namespace's Pod Security labels at `level`: the weakest level any service asked for
 * (x-k8s.podSecurity), restricted by default. warn and audit follow enforce, so that the opted-in
 * pods do not warn on every apply.
 */
export function podSecurityLabels(level: AppModel['podSecurity']): Record<string, string> {
  return Object.fromEntries(Object.entries(POD_SECURITY_LABELS).map(([k, v]) => [k, k.endsWith('-version') ? v : level]));
}

export class ApplicationChart extends Chart {
  constructor(scope: Construct, id: string, readonly model: AppModel, props: ChartProps = {}) {
    super(scope, id, { disableResourceNameHashes: true, ...props });
    addObjects(constructSink(this), model);
  }
}

/** Every object of the model, into `out`, in the order they are applied and listed. */
export function addObjects(out: ObjectSink, app: AppModel): void {
  if (app.namespace !== undefined) {
    out.add(k8s.KubeNamespace, `namespace-${app.namespace}`, {
      metadata: { name: app.namespace, labels: { 'kubernetes.io/metadata.name': app.namespace, ...podSecurityLabels(app.podSecurity) } },
    });
  }
  addSecretProviderObjects(out, app);
  for (const cm of app.configMaps) addConfigMap(out, app, cm);
  for (const c of app.claims) addClaim(out, app, c);
  for (const w of app.workloads) {
    addServiceAccount(out, app, w);
    addServices(out, app, w);
    addWorkload(out.group(`${w.kind.toLowerCase()}-${w.name}`), app, w);
    addDisruptionBudget(out, app, w);
    addAutoscaler(out, app, w);
    addIngress(out, app, w);
    addRoute(out, app, w);
  }
  for (const p of app.networkPolicies) addNetworkPolicy(out, app, p);
  for (const r of app.jobReaders) addJobReader(out, app, r);
}
