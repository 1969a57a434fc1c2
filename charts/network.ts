/** Services (one per exposed workload, named after the compose service, plus a headless one for StatefulSets), NetworkPolicies, PDBs. */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AppModel, NetworkPolicyModel, Workload } from '../src/model/types';
import { metadata, projectLabels, selectorLabels, workloadLabels } from './labels';
import { headlessServiceName } from './workload';

export function addServices(scope: Construct, app: AppModel, w: Workload): void {
  const e = w.exposure;
  if (!e) return;
  const ports = e.ports.map((p) => ({
    name: p.name,
    port: p.port,
    targetPort: typeof p.targetPort === 'number' ? k8s.IntOrString.fromNumber(p.targetPort) : k8s.IntOrString.fromString(p.targetPort),
    protocol: p.protocol,
    ...(p.nodePort !== undefined ? { nodePort: p.nodePort } : {}),
  }));
  const labels = workloadLabels(app, w);
  new k8s.KubeService(scope, `service-${w.service}`, {
    metadata: metadata(app, 'Service', w.service, labels, w),
    spec: {
      type: e.type,
      ...(e.headless ? { clusterIp: 'None' } : {}),
      selector: selectorLabels(app, w),
      ports,
    },
  });
  if (w.kind === 'StatefulSet') {
    new k8s.KubeService(scope, `service-${headlessServiceName(w)}`, {
      metadata: metadata(app, 'Service', headlessServiceName(w), labels, w),
      spec: { type: 'ClusterIP', clusterIp: 'None', publishNotReadyAddresses: true, selector: selectorLabels(app, w), ports },
    });
  }
}

/** NetworkPolicies of the model (ingress rules; egress open where the model says so). */
export function addNetworkPolicy(scope: Construct, app: AppModel, p: NetworkPolicyModel): void {
  new k8s.KubeNetworkPolicy(scope, `networkpolicy-${p.name}`, {
    metadata: metadata(app, 'NetworkPolicy', p.name, projectLabels(app)),
    spec: {
      podSelector: { matchLabels: { ...p.podSelector } },
      policyTypes: p.allowAllEgress ? ['Ingress', 'Egress'] : ['Ingress'],
      ingress: p.ingress.map((r) => ({
        ...(r.from ? { from: r.from.map((l) => ({ podSelector: { matchLabels: { ...l } } })) } : {}),
        ports: r.ports.map((q) => ({ port: typeof q.port === 'number' ? k8s.IntOrString.fromNumber(q.port) : k8s.IntOrString.fromString(q.port), protocol: q.protocol })),
      })),
      ...(p.allowAllEgress ? { egress: [{}] } : {}),
    },
  });
}

/** A PodDisruptionBudget for workloads with more than one replica: one pod at a time may be evicted. */
export function addDisruptionBudget(scope: Construct, app: AppModel, w: Workload): void {
  if (w.replicas <= 1 || (w.kind !== 'Deployment' && w.kind !== 'StatefulSet')) return;
  new k8s.KubePodDisruptionBudget(scope, `pdb-${w.name}`, {
    metadata: metadata(app, 'PodDisruptionBudget', w.name, workloadLabels(app, w), w),
    spec: {
      maxUnavailable: k8s.IntOrString.fromNumber(1),
      selector: { matchLabels: selectorLabels(app, w) },
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    },
  });
}
