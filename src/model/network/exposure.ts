/**
 * How a service is reached from outside its pods: the Service type (x-k8s.serviceType or
 * kompose.service.type), node ports, the HorizontalPodAutoscaler and the Ingress.
 */
import { ComposeService } from '../../compose';
import { Diagnostics, show } from '../../diagnostics';
import { ServiceX } from '../extensions';
import { toDnsLabel } from '../names';
import { IngressModel, ServiceExposure, ServicePort, Workload } from '../types';

/** Default CPU target of an autoscaler, percent of the request. */
export const DEFAULT_AUTOSCALE_CPU = 70;

/** `x-k8s.autoscale`, else the `kompose.hpa.*` labels. */
export function planAutoscale(s: ComposeService, x: ServiceX, d: Diagnostics): Workload['autoscale'] {
  const l = s.labels;
  const raw = x.autoscale ?? (l['kompose.hpa.replicas.max'] !== undefined
    ? { min: Number(l['kompose.hpa.replicas.min'] ?? 1), max: Number(l['kompose.hpa.replicas.max']), cpu: l['kompose.hpa.cpu'] !== undefined ? Number(l['kompose.hpa.cpu']) : undefined }
    : undefined);
  if (!raw) return undefined;
  const min = raw.min ?? 2;
  if (!Number.isInteger(min) || !Number.isInteger(raw.max) || min < 1 || raw.max <= min) {
    d.error(s.source.file, `services.${s.name}.x-k8s.autoscale`, `invalid range min ${min}, max ${raw.max}; expected whole numbers with 1 <= min < max`);
    return undefined;
  }
  return { min, max: raw.max, cpu: raw.cpu ?? DEFAULT_AUTOSCALE_CPU };
}

/** The Ingress settings of a service (`x-k8s.ingress`, else the `kompose.service.expose*` labels), and where they come from. */
export function ingressSettings(s: ComposeService, x: ServiceX): { spec: NonNullable<ServiceX['ingress']>; origin: 'x-k8s.ingress' | 'kompose.service.expose' } | undefined {
  if (x.ingress) return { spec: x.ingress, origin: 'x-k8s.ingress' };
  const l = s.labels;
  if (l['kompose.service.expose'] === undefined || l['kompose.service.expose'] === 'false') return undefined;
  const first = l['kompose.service.expose'].split(',')[0].trim();
  const [host, ...rest] = first === 'true' ? [`${s.name}.local`] : first.split('/');
  return {
    spec: {
      host,
      ...(rest.length > 0 ? { path: `/${rest.join('/')}` } : {}),
      ...(l['kompose.service.expose.tls-secret'] ? { tls: l['kompose.service.expose.tls-secret'] } : {}),
      ...(l['kompose.service.expose.ingress-class-name'] ? { className: l['kompose.service.expose.ingress-class-name'] } : {}),
    },
    origin: 'kompose.service.expose',
  };
}

/** networking.k8s.io/v1 Ingress from the Ingress settings, to `port` of the Service (chosen by the caller). */
export function planIngress(s: ComposeService, spec: NonNullable<ServiceX['ingress']>, port: ServicePort): IngressModel {
  const hosts = typeof spec.host === 'string' ? [spec.host] : [...spec.host];
  const tlsSecret = spec.tls === true ? `${toDnsLabel(s.name)}-tls` : typeof spec.tls === 'string' ? spec.tls : undefined;
  return {
    hosts,
    path: spec.path ?? '/',
    servicePort: port.name,
    ...(spec.className ? { className: spec.className } : {}),
    ...(tlsSecret ? { tlsSecret } : {}),
    annotations: { ...(spec.annotations ?? {}) },
  };
}

export function komposeServiceType(type: string | undefined): ServiceX['serviceType'] {
  switch (type?.toLowerCase()) {
    case 'nodeport':
      return 'NodePort';
    case 'loadbalancer':
      return 'LoadBalancer';
    case 'headless':
      return 'Headless';
    case 'clusterip':
      return 'ClusterIP';
    default:
      return undefined;
  }
}

/** Node ports Kubernetes accepts (the default service-node-port-range). */
export const NODE_PORT_RANGE = { min: 30000, max: 32767 } as const;
const inNodePortRange = (n: number) => Number.isInteger(n) && n >= NODE_PORT_RANGE.min && n <= NODE_PORT_RANGE.max;

/**
 * The nodePort of a NodePort Service port: the `kompose.service.nodeport.port` label (the service's
 * first port), else a published port in 30000-32767; else none, and the cluster assigns one.
 */
export function nodePort(s: ComposeService, target: number, first: boolean, d: Diagnostics): { nodePort?: number } {
  const label = s.labels['kompose.service.nodeport.port'];
  if (label !== undefined && first) {
    if (inNodePortRange(Number(label))) return { nodePort: Number(label) };
    d.error(s.source.file, `services.${s.name}.labels.kompose.service.nodeport.port`, `invalid node port ${show(label)}; expected a number from ${NODE_PORT_RANGE.min} to ${NODE_PORT_RANGE.max}`);
    return {};
  }
  const published = s.ports.find((p) => p.target === target)?.published;
  return published !== undefined && inNodePortRange(published) ? { nodePort: published } : {};
}

/**
 * The port a Service listens on for a container port: the container (target) port, so that `db:5432`
 * keeps working inside the cluster; a LoadBalancer listens on the port compose published instead
 * (`"8080:80"` → 8080, as on the docker host).
 */
export function servicePortNumber(s: ComposeService, type: ServiceExposure['type'], containerPort: number, protocol: string, d: Diagnostics): number {
  if (type !== 'LoadBalancer') return containerPort;
  const published = s.ports.find((p) => p.target === containerPort && p.protocol.toUpperCase() === protocol && p.published !== undefined)?.published;
  if (published === undefined || published === containerPort) return containerPort;
  d.warn(
    s.source.file,
    `services.${s.name}.ports`,
    `the LoadBalancer Service listens on ${published}, the port compose publishes for container port ${containerPort}; inside the cluster other services reach ${toDnsLabel(s.name)}:${published} too, not ${toDnsLabel(s.name)}:${containerPort} as under compose: publish "${containerPort}:${containerPort}" if they use ${containerPort}`,
  );
  return published;
}
