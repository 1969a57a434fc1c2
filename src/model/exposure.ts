/**
 * How a service is reached from outside its pods: the Service type (x-k8s.serviceType or
 * kompose.service.type), node ports, the HorizontalPodAutoscaler and the Ingress.
 */
import { ComposeService } from '../compose/types';
import { Diagnostics } from '../diagnostics';
import { ServiceX } from './extensions';
import { toDnsLabel } from './names';
import { ServiceExposure, Workload } from './types';

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

/** `x-k8s.ingress`, else the `kompose.service.expose*` labels. */
export function planIngress(s: ComposeService, x: ServiceX, exposure: ServiceExposure | undefined, d: Diagnostics): Workload['ingress'] {
  const l = s.labels;
  let spec = x.ingress;
  if (!spec && l['kompose.service.expose'] !== undefined && l['kompose.service.expose'] !== 'false') {
    const first = l['kompose.service.expose'].split(',')[0].trim();
    const [host, ...rest] = first === 'true' ? [`${s.name}.local`] : first.split('/');
    spec = {
      host,
      ...(rest.length > 0 ? { path: `/${rest.join('/')}` } : {}),
      ...(l['kompose.service.expose.tls-secret'] ? { tls: l['kompose.service.expose.tls-secret'] } : {}),
      ...(l['kompose.service.expose.ingress-class-name'] ? { className: l['kompose.service.expose.ingress-class-name'] } : {}),
    };
  }
  if (!spec) return undefined;
  const at = `services.${s.name}.x-k8s.ingress`;
  if (!exposure) {
    d.error(s.source.file, at, 'an Ingress needs a Service: add ports: or expose: to the service');
    return undefined;
  }
  const port = spec.port !== undefined ? exposure.ports.find((p) => p.port === spec!.port) : exposure.ports.find((p) => p.protocol === 'TCP');
  if (!port) {
    d.error(s.source.file, `${at}.port`, `the service has no TCP port ${spec.port ?? ''}; expected one of ${exposure.ports.map((p) => p.port).join(', ')}`.replace(' ;', ';'));
    return undefined;
  }
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

export function nodePort(s: ComposeService, target: number): { nodePort?: number } {
  const published = s.ports.find((p) => p.target === target)?.published;
  return published !== undefined && published >= 30000 && published <= 32767 ? { nodePort: published } : {};
}
