/** Services: one per exposed workload, named after the compose service, plus a headless one for StatefulSets. */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AppModel, Workload } from '../src/model/types';
import { metadata, selectorLabels, workloadLabels } from './labels';
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
    metadata: metadata(app, w.service, labels),
    spec: {
      type: e.type,
      ...(e.headless ? { clusterIp: 'None' } : {}),
      selector: selectorLabels(app, w),
      ports,
    },
  });
  if (w.kind === 'StatefulSet') {
    new k8s.KubeService(scope, `service-${headlessServiceName(w)}`, {
      metadata: metadata(app, headlessServiceName(w), labels),
      spec: { type: 'ClusterIP', clusterIp: 'None', publishNotReadyAddresses: true, selector: selectorLabels(app, w), ports },
    });
  }
}
