/** The Service of a long-running workload: which container ports it exposes, its type and port numbers. */
import { ComposeService } from '../../compose';
import { Diagnostics } from '../../diagnostics';
import { komposeServiceType, nodePort, servicePortNumber } from './exposure';
import { ServiceX } from '../extensions';
import { ImageProfile } from '../images';
import { ContainerPort, ServiceExposure, WorkloadKind } from '../types';

/**
 * The Service of a workload, or undefined for a Job or a service without a port to expose. Exposed
 * are the container ports compose declares (`ports`, `expose`), the image profile's port, and every
 * port when others depend on the service (`reached`). The type is `x-k8s.serviceType`, else the
 * `kompose.service.type` label, default ClusterIP (Headless: a ClusterIP Service without a cluster IP).
 */
export function planServiceExposure(s: ComposeService, kind: WorkloadKind, x: ServiceX, ports: readonly ContainerPort[], profile: ImageProfile | undefined, reached: boolean, d: Diagnostics): ServiceExposure | undefined {
  const tcpUdp = ports.filter((p) => s.ports.some((q) => q.target === p.containerPort) || s.expose.some((q) => q.port === p.containerPort) || p.containerPort === profile?.port || reached);
  if (kind === 'Job' || tcpUdp.length === 0) return undefined;
  const type = x.serviceType ?? komposeServiceType(s.labels['kompose.service.type']);
  return {
    type: type === 'Headless' || type === undefined ? 'ClusterIP' : type,
    headless: type === 'Headless',
    ports: tcpUdp.map((p, i) => ({
      name: p.name,
      port: servicePortNumber(s, type === 'LoadBalancer' ? 'LoadBalancer' : 'ClusterIP', p.containerPort, p.protocol, d),
      targetPort: p.name,
      protocol: p.protocol,
      ...(type === 'NodePort' ? nodePort(s, p.containerPort, i === 0, d) : {}),
    })),
  };
}
