/** The Service of a long-running workload: which container ports it exposes, its type and port numbers. */
import { ComposeService } from '../../compose';
import { Diagnostics } from '../../diagnostics';
import { komposeServiceType, nodePort, servicePortNumber } from './exposure';
import { ServiceX } from '../extensions';
import { ContainerPort, ServiceExposure, WorkloadKind } from '../types';
import { NameUse } from './uses';

/**
 * The Service of a workload, or undefined for a Job, or for a service without a known port that
 * nobody uses by name. It lists every container port (every known port: known-ports.ts). A service
 * used by name whose ports stay unknown gets a headless Service without ports (`clusterIP: None`:
 * DNS returns the pod addresses and every port works, as under compose), with an attention item.
 * The type is `x-k8s.serviceType`, else the `kompose.service.type` label, default ClusterIP
 * (Headless: a ClusterIP Service without a cluster IP).
 */
export function planServiceExposure(s: ComposeService, name: string, kind: WorkloadKind, x: ServiceX, ports: readonly ContainerPort[], uses: readonly NameUse[], aliases: readonly string[], d: Diagnostics): ServiceExposure | undefined {
  if (kind === 'Job') return undefined;
  const alias = aliases.length > 0 ? { aliases: [...aliases] } : {};
  if (ports.length === 0) {
    if (uses.length === 0) return undefined;
    const by = [...new Set(uses.map((u) => `${u.where} of ${u.consumer}`))].join(', ');
    d.warn(
      s.source.file,
      `services.${s.name}`,
      `other services use it by name (${by}) but no port of it is known: a headless Service without ports (clusterIP: None) resolves to the pod addresses, so every port works as under compose; declare the ports it listens on with expose: (e.g. expose: ["8080"]) to get a Service with a stable address; the change replaces the Service: run kubectl delete service ${name} before applying`,
      'undeclared-port',
      s.name,
    );
    return { type: 'ClusterIP', headless: true, ports: [], ...alias };
  }
  const type = x.serviceType ?? komposeServiceType(s.labels['kompose.service.type']);
  return {
    type: type === 'Headless' || type === undefined ? 'ClusterIP' : type,
    headless: type === 'Headless',
    ports: ports.map((p, i) => ({
      name: p.name,
      port: servicePortNumber(s, type === 'LoadBalancer' ? 'LoadBalancer' : 'ClusterIP', p.containerPort, p.protocol, d),
      targetPort: p.name,
      protocol: p.protocol,
      ...(type === 'NodePort' ? nodePort(s, p.containerPort, i === 0, d) : {}),
    })),
    ...alias,
  };
}
