/**
 * Getting traffic in: which port an Ingress or a Gateway API HTTPRoute sends traffic to, what each
 * published port carries, and the HTTPRoute (gateway.networking.k8s.io/v1) itself.
 *
 * `x-k8s.route: {hosts, path, port, gateway, sectionName, gatewayNamespace}` defaults:
 * - `path`: `/` (one rule with a PathPrefix match: everything under the hosts);
 * - `port`: the Service port, as for x-k8s.ingress: the service's only TCP port; with several, an
 *   error naming them;
 * - `gateway` (`NAMESPACE/NAME`): the route's own, else `--gateway`, else the top-level
 *   `x-k8s.gateway`; without any, an error;
 * - `sectionName`: none (the route attaches to every listener of the Gateway that admits it);
 * - `gatewayNamespace`: the route's own, else the top-level one; without it the routed port admits
 *   any source (the data plane of a Gateway may run anywhere, even outside the cluster).
 * With `--gateway`, the Ingress settings (`x-k8s.ingress`, `kompose.service.expose*`) become routes
 * instead of Ingresses. A route or Ingress to a port that does not carry HTTP is an error.
 */
import { ComposeService } from '../../compose';
import { Diagnostics, show } from '../../diagnostics';
import { ingressSettings, planIngress } from './exposure';
import { GATEWAY_REF, ProjectX, ServiceX } from '../extensions';
import { ImageProfile } from '../images';
import { Component, Container, HttpRouteModel, IngressModel, PublishedPort, ServiceExposure, ServicePort } from '../types';

/** Well-known TCP ports of protocols other than HTTP (a route to one is refused, the report suggests a LoadBalancer). */
const NON_HTTP_PORTS: Readonly<Record<number, string>> = {
  22: 'SSH',
  25: 'SMTP',
  53: 'DNS',
  587: 'SMTP',
  1433: 'SQL Server',
  1521: 'Oracle',
  1883: 'MQTT',
  2181: 'ZooKeeper',
  3306: 'MySQL',
  4222: 'NATS',
  5432: 'PostgreSQL',
  5672: 'AMQP',
  6379: 'Redis',
  8883: 'MQTT over TLS',
  9042: 'Cassandra',
  9092: 'Kafka',
  11211: 'memcached',
  27017: 'MongoDB',
};
/** Compose `app_protocol` values that mean HTTP. */
const HTTP_APP_PROTOCOLS = new Set(['http', 'https', 'http2', 'h2c', 'ws', 'wss']);
/** Components whose image port is a database, cache or queue protocol. */
export const DATA_COMPONENTS: ReadonlySet<Component> = new Set<Component>(['database', 'cache', 'queue']);

export interface TrafficInput {
  readonly service: ComposeService;
  /** The Kubernetes name of the service (its Service's and its route's). */
  readonly name: string;
  readonly x: ServiceX;
  readonly px: ProjectX;
  /** `--gateway NAMESPACE/NAME`. */
  readonly gateway?: string;
  readonly exposure?: ServiceExposure;
  /** The main container (its ports and probes). */
  readonly container: Container;
  readonly profile?: ImageProfile;
  readonly component: Component;
}

export interface Traffic {
  readonly ingress?: IngressModel;
  readonly route?: HttpRouteModel;
  readonly published: readonly PublishedPort[];
}

interface Carries {
  readonly carries: PublishedPort['carries'];
  /** Why it is not HTTP (for `other`). */
  readonly why?: string;
}

/** What a container port carries: HTTP by a healthcheck, `app_protocol` or the image profile; other protocols by protocol, profile or port number. */
function carriesOf(input: TrafficInput, containerPort: number, protocol: string): Carries {
  const { container, profile, service, component } = input;
  if (protocol !== 'TCP') return { carries: 'other', why: `it is a ${protocol} port` };
  const portName = container.ports.find((p) => p.containerPort === containerPort && p.protocol === 'TCP')?.name;
  const httpProbe = [container.readinessProbe, container.startupProbe, container.livenessProbe].some(
    (p) => p !== undefined && 'httpGet' in p.handler && (p.handler.httpGet.port === containerPort || p.handler.httpGet.port === portName),
  );
  const appProtocol = service.ports.find((p) => p.target === containerPort && p.appProtocol !== undefined)?.appProtocol?.toLowerCase();
  if (httpProbe || (appProtocol !== undefined && HTTP_APP_PROTOCOLS.has(appProtocol)) || (profile?.http && profile.port === containerPort)) return { carries: 'http' };
  if (appProtocol !== undefined) return { carries: 'other', why: `compose declares app_protocol ${show(appProtocol)}` };
  if (profile && profile.port === containerPort && DATA_COMPONENTS.has(component)) return { carries: 'other', why: `the image is a ${component} that speaks its own protocol on it` };
  const known = NON_HTTP_PORTS[containerPort];
  if (known !== undefined) return { carries: 'other', why: `${containerPort} is the ${known} port` };
  return { carries: 'unknown' };
}

/**
 * The Service port a route or Ingress sends traffic to: `requested` (a Service port number), else the
 * only TCP port. Reports an error at `at` and returns undefined when there is none to choose.
 */
function choosePort(input: TrafficInput, requested: number | undefined, at: string, what: string, d: Diagnostics): ServicePort | undefined {
  const { service: s, exposure } = input;
  if (!exposure) {
    d.error(s.source.file, at, `${what} needs a Service: add ports: or expose: to the service`);
    return undefined;
  }
  const list = exposure.ports.map((p) => `${p.port}${p.protocol === 'TCP' ? '' : `/${p.protocol}`}`).join(', ');
  if (requested !== undefined) {
    const port = exposure.ports.find((p) => p.port === requested);
    if (!port) d.error(s.source.file, `${at}.port`, `the Service ${s.name} has no port ${requested}; expected one of ${list}`);
    return port;
  }
  const tcp = exposure.ports.filter((p) => p.protocol === 'TCP');
  if (tcp.length === 1) return tcp[0];
  d.error(
    s.source.file,
    at,
    tcp.length === 0 ? `${what} needs a TCP port, and the Service ${s.name} has only ${list}` : `the Service ${s.name} has several ports (${list}); add port: to say which one ${what} sends traffic to`,
  );
  return undefined;
}

/** The container port behind a Service port (its targetPort is the container port's name). */
function containerPortOf(input: TrafficInput, port: ServicePort): number {
  return input.container.ports.find((p) => p.name === port.targetPort || p.containerPort === port.targetPort)?.containerPort ?? port.port;
}

/** Refuses a route or Ingress to a port that carries another protocol; true when the port may carry HTTP. */
function checkHttp(input: TrafficInput, port: ServicePort, at: string, what: string, d: Diagnostics): boolean {
  const target = containerPortOf(input, port);
  const c = carriesOf(input, target, port.protocol);
  if (c.carries !== 'other') return true;
  d.error(
    input.service.source.file,
    at,
    `port ${port.port} of ${input.service.name} does not carry HTTP (${c.why}); ${what} carries HTTP only: for other traffic use x-k8s.serviceType: LoadBalancer`,
  );
  return false;
}

function splitGateway(ref: string): { namespace: string; name: string } {
  const [namespace, name] = ref.split('/');
  return { namespace, name };
}

/** The Ingress or HTTPRoute of a service, and what each of its published ports carries. */
export function planTraffic(input: TrafficInput, d: Diagnostics): Traffic {
  const { service: s, x, px } = input;
  const at = `services.${s.name}.x-k8s`;
  const settings = ingressSettings(s, x);
  const ingressAt = settings?.origin === 'x-k8s.ingress' ? `${at}.ingress` : `services.${s.name}.labels.kompose.service.expose`;
  let ingress: IngressModel | undefined;
  let route: HttpRouteModel | undefined;
  let routeSpec: { hosts: readonly string[]; path?: string; port?: ServicePort; gateway?: string; sectionName?: string; gatewayNamespace?: string; origin: HttpRouteModel['origin']; at: string } | undefined;

  const routePort = x.route ? choosePort(input, x.route.port, `${at}.route`, 'an HTTPRoute', d) : undefined;
  const ingressPort = settings ? choosePort(input, settings.spec.port, ingressAt, input.gateway !== undefined ? 'an HTTPRoute' : 'an Ingress', d) : undefined;
  if (x.route && settings) {
    if (routePort && ingressPort && routePort.name === ingressPort.name) {
      d.error(s.source.file, `${at}.route`, `x-k8s.route and ${settings.origin} both send traffic to port ${routePort.port} of ${s.name}; keep one of them (an HTTPRoute for a cluster with a Gateway, an Ingress for an ingress controller)`);
      return { published: publishedPorts(input, undefined) };
    }
    if (input.gateway !== undefined) {
      d.error(s.source.file, `${at}.route`, `with --gateway, ${settings.origin} becomes an HTTPRoute of ${s.name} too, and the service already has x-k8s.route; keep one of them`);
      return { published: publishedPorts(input, undefined) };
    }
  }
  if (x.route && routePort && checkHttp(input, routePort, `${at}.route`, 'an HTTPRoute', d)) {
    const hosts = typeof x.route.hosts === 'string' ? [x.route.hosts] : x.route.hosts;
    routeSpec = { ...x.route, hosts, port: routePort, gateway: x.route.gateway ?? input.gateway ?? px.gateway, origin: 'x-k8s.route', at: `${at}.route` };
  }
  if (settings && ingressPort && checkHttp(input, ingressPort, ingressAt, input.gateway !== undefined ? 'an HTTPRoute' : 'an Ingress', d)) {
    if (input.gateway !== undefined) {
      const { spec } = settings;
      const dropped = [
        spec.tls !== undefined && spec.tls !== false ? 'tls (the Gateway\'s listener terminates TLS: give it the certificate in certificateRefs)' : undefined,
        spec.className !== undefined ? 'className (the Gateway decides which implementation serves the route)' : undefined,
        spec.annotations !== undefined && Object.keys(spec.annotations).length > 0 ? 'annotations (an HTTPRoute reads none; express them as route filters)' : undefined,
      ].filter((t): t is string => t !== undefined);
      if (dropped.length > 0) d.warn(s.source.file, ingressAt, `becomes HTTPRoute ${s.name} (--gateway ${input.gateway}); not carried over: ${dropped.join('; ')}`);
      routeSpec = { hosts: typeof spec.host === 'string' ? [spec.host] : spec.host, path: spec.path, port: ingressPort, gateway: input.gateway, origin: settings.origin, at: ingressAt };
    } else {
      ingress = planIngress(s, settings.spec, ingressPort);
    }
  }
  if (routeSpec?.port) {
    if (routeSpec.gateway === undefined) {
      d.error(s.source.file, routeSpec.at, 'no Gateway to attach the HTTPRoute to; add gateway: NAMESPACE/NAME to x-k8s.route, x-k8s.gateway: NAMESPACE/NAME at the top level, or pass --gateway NAMESPACE/NAME');
    } else {
      const gatewayNamespace = routeSpec.gatewayNamespace ?? px.gatewayNamespace;
      route = {
        name: input.name,
        parent: { ...splitGateway(routeSpec.gateway), ...(routeSpec.sectionName !== undefined ? { sectionName: routeSpec.sectionName } : {}) },
        hostnames: [...routeSpec.hosts],
        path: routeSpec.path ?? '/',
        servicePort: routeSpec.port.port,
        portName: routeSpec.port.name,
        ...(gatewayNamespace !== undefined ? { gatewayNamespace } : {}),
        origin: routeSpec.origin,
      };
    }
  }
  const asked = new Set([route?.portName, ingress?.servicePort].filter((n): n is string => n !== undefined));
  return { ...(ingress ? { ingress } : {}), ...(route ? { route } : {}), published: publishedPorts(input, asked) };
}

/** The compose ports with a host port, and what each carries (a route or Ingress asked for makes it HTTP). */
function publishedPorts(input: TrafficInput, asked: ReadonlySet<string> | undefined): PublishedPort[] {
  const out: PublishedPort[] = [];
  for (const p of input.service.ports) {
    if (p.published === undefined) continue;
    const protocol = p.protocol.toUpperCase() as PublishedPort['protocol'];
    if (out.some((q) => q.published === p.published && q.protocol === protocol)) continue;
    const name = input.container.ports.find((c) => c.containerPort === p.target && c.protocol === protocol)?.name;
    const carries = name !== undefined && asked?.has(name) ? 'http' : carriesOf(input, p.target, protocol).carries;
    out.push({ published: p.published, containerPort: p.target, protocol, carries });
  }
  return out.sort((a, b) => a.published - b.published || (a.protocol < b.protocol ? -1 : 1));
}

/** `--gateway`: a problem with the value, or undefined. */
export function checkGatewayOption(gateway: string | undefined, d: Diagnostics): void {
  if (gateway !== undefined && (!GATEWAY_REF.test(gateway) || gateway.split('/')[0].length > 63)) {
    d.error(undefined, undefined, `--gateway ${show(gateway)} is not a Gateway reference; expected NAMESPACE/NAME, like "infra/public"`);
  }
}
