/**
 * The pod selector of a workload: `app.kubernetes.io/name` (the compose service) and
 * `app.kubernetes.io/instance` (the project), nothing else. A Deployment's, StatefulSet's or
 * DaemonSet's selector is immutable, so it may hold only what no compose edit but a rename changes:
 * never `component` (it follows the ports: adding `expose` to a worker makes it an app), `version`
 * (the image tag), a network label, or cdk8s' path-derived labels. Services, PDBs and the
 * NetworkPolicies of one workload select its pods with the same labels.
 */
export function workloadSelector(project: string, service: string): Record<string, string> {
  return {
    'app.kubernetes.io/instance': project,
    'app.kubernetes.io/name': service,
  };
}
