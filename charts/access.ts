/** ServiceAccounts (one per workload, no token mounted) and the RBAC that lets a gate read one Job. */
// The L1 classes only: loading all of cdk8s-plus-28 (its L2 constructs) costs ~100 ms per run.
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { ObjectSink } from './sink';
import { AppModel, JobReader, Workload } from '../src/model/types';
import { metadata, projectLabels, workloadLabels } from './labels';

export function addServiceAccount(out: ObjectSink, app: AppModel, w: Workload): void {
  out.add(k8s.KubeServiceAccount, `serviceaccount-${w.pod.serviceAccountName}`, {
    metadata: metadata(app, 'ServiceAccount', w.pod.serviceAccountName, workloadLabels(app, w), w),
    automountServiceAccountToken: false,
  });
}

/** A Role that may `get` only the named Jobs, bound to the waiting workload's ServiceAccount. */
export function addJobReader(out: ObjectSink, app: AppModel, r: JobReader): void {
  out.add(k8s.KubeRole, `role-${r.name}`, {
    metadata: metadata(app, 'Role', r.name, projectLabels(app)),
    rules: [{ apiGroups: ['batch'], resources: ['jobs'], verbs: ['get'], resourceNames: [...r.jobNames] }],
  });
  out.add(k8s.KubeRoleBinding, `rolebinding-${r.name}`, {
    metadata: metadata(app, 'RoleBinding', r.name, projectLabels(app)),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: r.name },
    // Without --namespace the subject has none: in a RoleBinding that means the binding's own
    // namespace, wherever the folder is applied (kubectl -n, Argo CD or Flux target namespace).
    subjects: [{ kind: 'ServiceAccount', name: r.serviceAccount, ...(app.namespace !== undefined ? { namespace: app.namespace } : {}) }],
  });
}
