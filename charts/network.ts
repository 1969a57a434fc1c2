/** Services (one per exposed workload, named after the compose service, plus a headless one for StatefulSets), NetworkPolicies, PDBs. */
// The L1 classes only: loading all of cdk8s-plus-28 (its L2 constructs) costs ~100 ms per run.
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { ObjectSink } from './sink';
import { AppModel, NetworkPolicyModel, NetworkPort, Workload } from '../src/model/types';
import { metadata, projectLabels, selectorLabels, workloadLabels } from './labels';
import { headlessServiceName } from './workload';

export function addServices(out: ObjectSink, app: AppModel, w: Workload): void {
  // kompose.service.group: the other services of the pod keep their own Service, selecting this pod.
  for (const m of w.memberServices ?? []) addService(out, app, w, m.name, m.exposure);
  if (w.exposure) addService(out, app, w, w.service, w.exposure);
}

function addService(out: ObjectSink, app: AppModel, w: Workload, name: string, e: NonNullable<Workload['exposure']>): void {
  const ports = e.ports.map((p) => ({
    name: p.name,
    port: p.port,
    targetPort: typeof p.targetPort === 'number' ? k8s.IntOrString.fromNumber(p.targetPort) : k8s.IntOrString.fromString(p.targetPort),
    protocol: p.protocol,
    ...(p.nodePort !== undefined ? { nodePort: p.nodePort } : {}),
  }));
  const labels = workloadLabels(app, w);
  out.add(k8s.KubeService, `service-${name}`, {
    metadata: metadata(app, 'Service', name, labels, w),
    spec: {
      type: e.type,
      ...(e.headless ? { clusterIp: 'None' } : {}),
      selector: selectorLabels(app, w),
      ...(ports.length > 0 ? { ports } : {}),
    },
  });
  // Network and link aliases: the same selector and ports under another name.
  for (const alias of e.aliases ?? []) {
    out.add(k8s.KubeService, `service-${alias}`, {
      metadata: metadata(app, 'Service', alias, labels, w),
      spec: { type: e.type === 'LoadBalancer' || e.type === 'NodePort' ? 'ClusterIP' : e.type, ...(e.headless ? { clusterIp: 'None' } : {}), selector: selectorLabels(app, w), ...(ports.length > 0 ? { ports: ports.map(({ nodePort: _n, ...p }) => p) } : {}) },
    });
  }
  if (w.kind === 'StatefulSet' && name === w.service) {
    out.add(k8s.KubeService, `service-${headlessServiceName(w)}`, {
      metadata: metadata(app, 'Service', headlessServiceName(w), labels, w),
      spec: { type: 'ClusterIP', clusterIp: 'None', publishNotReadyAddresses: true, selector: selectorLabels(app, w), ports },
    });
  }
}

function networkPorts(ports: readonly NetworkPort[]): k8s.NetworkPolicyPort[] {
  return ports.map((q) => ({ port: typeof q.port === 'number' ? k8s.IntOrString.fromNumber(q.port) : k8s.IntOrString.fromString(q.port), protocol: q.protocol }));
}

/** NetworkPolicies of the model. */
export function addNetworkPolicy(out: ObjectSink, app: AppModel, p: NetworkPolicyModel): void {
  out.add(k8s.KubeNetworkPolicy, `networkpolicy-${p.name}`, {
    metadata: metadata(app, 'NetworkPolicy', p.name, projectLabels(app)),
    spec: {
      podSelector: {
        matchLabels: { ...p.podSelector },
        ...(p.podSelectorWithout ? { matchExpressions: p.podSelectorWithout.map((key) => ({ key, operator: 'DoesNotExist' })) } : {}),
      },
      policyTypes: [...p.policyTypes],
      ...(p.policyTypes.includes('Ingress')
        ? {
            ingress: p.ingress.map((r) => ({
              ...(r.from || r.fromNamespaces
                ? {
                    from: [
                      ...(r.from ?? []).map((l) => ({ podSelector: { matchLabels: { ...l } } })),
                      ...(r.fromNamespaces ?? []).map((l) => ({ namespaceSelector: { matchLabels: { ...l } } })),
                    ],
                  }
                : {}),
              // No port list: every port (the members of a compose network).
              ...(r.ports.length > 0 ? { ports: networkPorts(r.ports) } : {}),
            })),
          }
        : {}),
      ...(p.egress
        ? {
            egress: p.egress.map((r) => ({
              ...(r.toPods || r.toCidrs
                ? { to: [...(r.toPods ?? []).map((l) => ({ podSelector: { matchLabels: { ...l } } })), ...(r.toCidrs ?? []).map((cidr) => ({ ipBlock: { cidr } }))] }
                : {}),
              ...(r.ports ? { ports: networkPorts(r.ports) } : {}),
            })),
          }
        : {}),
    },
  });
}

/** A PodDisruptionBudget for workloads with more than one replica: one pod at a time may be evicted. */
export function addDisruptionBudget(out: ObjectSink, app: AppModel, w: Workload): void {
  const many = w.autoscale !== undefined ? w.autoscale.max > 1 : w.replicas > 1;
  if (!many || (w.kind !== 'Deployment' && w.kind !== 'StatefulSet')) return;
  out.add(k8s.KubePodDisruptionBudget, `pdb-${w.name}`, {
    metadata: metadata(app, 'PodDisruptionBudget', w.name, workloadLabels(app, w), w),
    spec: {
      maxUnavailable: k8s.IntOrString.fromNumber(1),
      selector: { matchLabels: selectorLabels(app, w) },
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    },
  });
}

/** HorizontalPodAutoscaler (autoscaling/v2) on CPU utilization. */
export function addAutoscaler(out: ObjectSink, app: AppModel, w: Workload): void {
  if (!w.autoscale) return;
  out.add(k8s.KubeHorizontalPodAutoscalerV2, `hpa-${w.name}`, {
    metadata: metadata(app, 'HorizontalPodAutoscaler', w.name, workloadLabels(app, w), w),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: w.kind, name: w.name },
      minReplicas: w.autoscale.min,
      maxReplicas: w.autoscale.max,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: w.autoscale.cpu } } }],
    },
  });
}

/** networking.k8s.io/v1 Ingress to the workload's Service. */
export function addIngress(out: ObjectSink, app: AppModel, w: Workload): void {
  const i = w.ingress;
  if (!i) return;
  const backend = { service: { name: w.service, port: { name: i.servicePort } } };
  out.add(k8s.KubeIngress, `ingress-${w.service}`, {
    metadata: metadata(app, 'Ingress', w.service, workloadLabels(app, w), w, { ...i.annotations }),
    spec: {
      ...(i.className ? { ingressClassName: i.className } : {}),
      ...(i.tlsSecret ? { tls: [{ hosts: [...i.hosts], secretName: i.tlsSecret }] } : {}),
      rules: i.hosts.map((host) => ({ host, http: { paths: [{ path: i.path, pathType: 'Prefix', backend }] } })),
    },
  });
}
