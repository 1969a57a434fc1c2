/** Gateway API HTTPRoutes: each form of x-k8s.route, x-k8s.gateway and --gateway; the errors; the NetworkPolicy of a routed port. */
import { formatDiagnostic, UserError } from '../../src/diagnostics';
import { Any, compileExample, compileText, find, nginxWeb } from '../helpers';
import { ingressAllowed, OUTSIDE, podIn } from '../network-policy';

const WEB = (x: string, top?: string, ports?: string) => nginxWeb(x, { top, ports });

const route = (r: ReturnType<typeof compileText>, name = 'web') => find(r, 'HTTPRoute', name) as Any;
const kinds = (r: ReturnType<typeof compileText>) => r.objects.map((o) => `${o.kind}/${o.metadata.name}`).sort();
const warnings = (r: ReturnType<typeof compileText>) => r.warnings.map(formatDiagnostic);

function errors(compose: string, options: Record<string, unknown> = {}): string[] {
  try {
    compileText(compose, options);
  } catch (e) {
    if (e instanceof UserError) return e.diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d).replace(/^error: [^:]*compose\.yaml: /, '').replace(/^error: /, ''));
    throw e;
  }
  throw new Error('expected errors');
}

describe('x-k8s.route', () => {
  test('every field: parentRefs with namespace and sectionName, hostnames, one PathPrefix rule to the Service port', () => {
    const r = compileText(WEB('    x-k8s:\n      route: {hosts: [shop.example.com, www.shop.example.com], path: /store, port: 80, gateway: infra/public, sectionName: https}\n'));
    const o = route(r);
    expect(o.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(o.metadata.name).toBe('web');
    expect(o.metadata.namespace).toBeUndefined();
    expect(o.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/part-of': 'shop' });
    expect(o.spec).toEqual({
      parentRefs: [{ namespace: 'infra', name: 'public', sectionName: 'https' }],
      hostnames: ['shop.example.com', 'www.shop.example.com'],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/store' } }], backendRefs: [{ name: 'web', port: 80 }] }],
    });
    expect(kinds(r)).not.toContain('Ingress/web');
    expect(r.files.has('91-httproute-web.yaml')).toBe(true);
  });

  test('only hosts: path /, the only port, the top-level x-k8s.gateway, no sectionName; the route lives in --namespace', () => {
    const r = compileText(WEB('    x-k8s:\n      route: {hosts: shop.example.com}\n', 'x-k8s: {gateway: infra/public}\n'), { namespace: 'shop' });
    const o = route(r);
    expect(o.metadata.namespace).toBe('shop');
    expect(o.spec).toEqual({
      parentRefs: [{ namespace: 'infra', name: 'public' }],
      hostnames: ['shop.example.com'],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'web', port: 80 }] }],
    });
  });

  test('--gateway wins over the top-level x-k8s.gateway; the route\'s own gateway wins over both', () => {
    const top = 'x-k8s: {gateway: infra/public}\n';
    expect(route(compileText(WEB('    x-k8s:\n      route: {hosts: [a.example.com]}\n', top), { gateway: 'edge/shared' })).spec.parentRefs).toEqual([{ namespace: 'edge', name: 'shared' }]);
    expect(route(compileText(WEB('    x-k8s:\n      route: {hosts: [a.example.com], gateway: team/own}\n', top), { gateway: 'edge/shared' })).spec.parentRefs).toEqual([{ namespace: 'team', name: 'own' }]);
  });

  test('the backendRef names the Service port: a LoadBalancer Service listens on the published port', () => {
    const r = compileText(WEB('    x-k8s:\n      serviceType: LoadBalancer\n      route: {hosts: [a.example.com], gateway: infra/public}\n'));
    expect(route(r).spec.rules[0].backendRefs).toEqual([{ name: 'web', port: 8080 }]);
  });

  test('a port compose only exposes can be routed, and the NetworkPolicy admits traffic to it', () => {
    const r = compileText(`name: shop
services:
  api:
    image: example/api:1.0
    user: "1000:1000"
    expose: ["8000"]
    healthcheck: {test: ["CMD", "curl", "-f", "http://localhost:8000/health"]}
    x-k8s:
      route: {hosts: [api.example.com], gateway: infra/public}
`);
    expect(route(r, 'api').spec.rules[0].backendRefs).toEqual([{ name: 'api', port: 8000 }]);
    expect(ingressAllowed(r, OUTSIDE, find(r, 'Deployment', 'api'), 8000)).toBe(true);
  });
});

describe('--gateway turns the Ingress settings into routes', () => {
  test('x-k8s.ingress becomes an HTTPRoute to the same port; tls, className and annotations are named as not carried over', () => {
    const r = compileText(WEB('    x-k8s:\n      ingress: {host: shop.example.com, path: /api, tls: true, className: nginx, annotations: {a: b}}\n'), { gateway: 'infra/public' });
    expect(kinds(r).filter((k) => /^(Ingress|HTTPRoute)\//.test(k))).toEqual(['HTTPRoute/web']);
    expect(route(r).spec).toEqual({
      parentRefs: [{ namespace: 'infra', name: 'public' }],
      hostnames: ['shop.example.com'],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/api' } }], backendRefs: [{ name: 'web', port: 80 }] }],
    });
    expect(warnings(r)).toContain(
      "warning: compose.yaml: services.web.x-k8s.ingress: becomes HTTPRoute web (--gateway infra/public); not carried over: tls (the Gateway's listener terminates TLS: give it the certificate in certificateRefs); className (the Gateway decides which implementation serves the route); annotations (an HTTPRoute reads none; express them as route filters)",
    );
  });

  test('kompose.service.expose becomes an HTTPRoute (host and path from the label)', () => {
    const r = compileText(WEB('    labels:\n      kompose.service.expose: shop.example.com/shop\n'), { gateway: 'infra/public' });
    expect(route(r).spec.hostnames).toEqual(['shop.example.com']);
    expect(route(r).spec.rules[0].matches).toEqual([{ path: { type: 'PathPrefix', value: '/shop' } }]);
    expect(kinds(r)).not.toContain('Ingress/web');
    expect(r.warnings.filter((w) => w.message.includes('not carried over'))).toEqual([]);
  });

  test('without --gateway the Ingress stays an Ingress, even with a top-level x-k8s.gateway', () => {
    const r = compileText(WEB('    x-k8s:\n      ingress: {host: shop.example.com}\n', 'x-k8s: {gateway: infra/public}\n'));
    expect(kinds(r).filter((k) => /^(Ingress|HTTPRoute)\//.test(k))).toEqual(['Ingress/web']);
  });
});

describe('errors', () => {
  test('no gateway anywhere', () => {
    expect(errors(WEB('    x-k8s:\n      route: {hosts: [shop.example.com]}\n'))).toEqual([
      'services.web.x-k8s.route: no Gateway to attach the HTTPRoute to; add gateway: NAMESPACE/NAME to x-k8s.route, x-k8s.gateway: NAMESPACE/NAME at the top level, or pass --gateway NAMESPACE/NAME',
    ]);
  });

  test('several ports and no port:, a port the Service lacks, and no Service at all', () => {
    expect(errors(WEB('    x-k8s:\n      route: {hosts: [a.example.com], gateway: infra/public}\n', '', '["8080:80", "8443:443"]'))).toEqual([
      'services.web.x-k8s.route: the Service web has several ports (80, 443); add port: to say which one an HTTPRoute sends traffic to',
    ]);
    expect(errors(WEB('    x-k8s:\n      route: {hosts: [a.example.com], gateway: infra/public, port: 8080}\n'))).toEqual([
      'services.web.x-k8s.route.port: the Service web has no port 8080; expected one of 80',
    ]);
    expect(errors('name: shop\nservices:\n  worker:\n    image: example/worker:1.0\n    user: "1000:1000"\n    x-k8s:\n      route: {hosts: [a.example.com], gateway: infra/public}\n')).toEqual([
      'services.worker.x-k8s.route: an HTTPRoute needs a Service: add ports: or expose: to the service',
    ]);
  });

  test('a route to a port that does not carry HTTP says why: a database image, UDP, a well-known protocol port', () => {
    expect(errors('name: shop\nservices:\n  db:\n    image: postgres:16.4\n    ports: ["5432:5432"]\n    x-k8s:\n      route: {hosts: [db.example.com], gateway: infra/public}\n')).toEqual([
      'services.db.x-k8s.route: port 5432 of db does not carry HTTP (the image is a database that speaks its own protocol on it); an HTTPRoute carries HTTP only: for other traffic use x-k8s.serviceType: LoadBalancer',
    ]);
    expect(errors('name: shop\nservices:\n  game:\n    image: example/game:1.0\n    user: "1000:1000"\n    ports: ["27015:27015/udp"]\n    x-k8s:\n      route: {hosts: [game.example.com], gateway: infra/public, port: 27015}\n')).toEqual([
      'services.game.x-k8s.route: port 27015 of game does not carry HTTP (it is a UDP port); an HTTPRoute carries HTTP only: for other traffic use x-k8s.serviceType: LoadBalancer',
    ]);
    expect(errors('name: shop\nservices:\n  mqtt:\n    image: eclipse-mosquitto:2.0.20\n    user: "1883:1883"\n    ports: ["1883:1883"]\n    x-k8s:\n      ingress: {host: mqtt.example.com}\n')).toEqual([
      'services.mqtt.x-k8s.ingress: port 1883 of mqtt does not carry HTTP (1883 is the MQTT port); an Ingress carries HTTP only: for other traffic use x-k8s.serviceType: LoadBalancer',
    ]);
  });

  test('x-k8s.route and x-k8s.ingress on the same port; with --gateway, on any port', () => {
    expect(errors(WEB('    x-k8s:\n      ingress: {host: shop.example.com}\n      route: {hosts: [shop.example.com], gateway: infra/public}\n'))).toEqual([
      'services.web.x-k8s.route: x-k8s.route and x-k8s.ingress both send traffic to port 80 of web; keep one of them (an HTTPRoute for a cluster with a Gateway, an Ingress for an ingress controller)',
    ]);
    const twoPorts = WEB('    x-k8s:\n      ingress: {host: admin.example.com, port: 443}\n      route: {hosts: [shop.example.com], port: 80, gateway: infra/public}\n', '', '["8080:80", "8443:443"]');
    const both = compileText(twoPorts);
    expect(kinds(both).filter((k) => /^(Ingress|HTTPRoute)\//.test(k))).toEqual(['HTTPRoute/web', 'Ingress/web']);
    expect((find(both, 'Ingress', 'web') as Any).spec.rules[0].http.paths[0].backend).toEqual({ service: { name: 'web', port: { name: 'https' } } });
    expect(errors(twoPorts, { gateway: 'infra/public' })).toEqual([
      'services.web.x-k8s.route: with --gateway, x-k8s.ingress becomes an HTTPRoute of web too, and the service already has x-k8s.route; keep one of them',
    ]);
  });

  test('invalid values of x-k8s.route, x-k8s.gateway and --gateway', () => {
    expect(errors(WEB('    x-k8s:\n      route: {path: /}\n'))).toEqual(['services.web.x-k8s.route: missing hosts in services.web.x-k8s.route; expected {hosts: [app.example.com]}']);
    expect(errors(WEB('    x-k8s:\n      route: {hosts: [Shop.Example.com], gateway: infra/public}\n'))).toEqual([
      'services.web.x-k8s.route: invalid host "Shop.Example.com"; expected a lowercase DNS name like "app.example.com" (or "*.example.com")',
    ]);
    expect(errors(WEB('    x-k8s:\n      route: {hosts: [a.example.com], gateway: public}\n'))).toEqual([
      'services.web.x-k8s.route: invalid gateway "public"; expected NAMESPACE/NAME of a Gateway, like "infra/public"',
    ]);
    expect(errors(WEB('    x-k8s:\n      route: {hosts: [a.example.com], path: /a//b}\n'))).toEqual(['services.web.x-k8s.route: invalid path "/a//b"; a route path must not contain "//"']);
    expect(errors(WEB('    x-k8s:\n      route: {hosts: [a.example.com], path: "/a b"}\n'))).toEqual([
      'services.web.x-k8s.route: invalid path "/a b"; expected only URL path characters (others percent-encoded)',
    ]);
    expect(errors(WEB('    x-k8s:\n      route: {hosts: [a.example.com], tls: true}\n'))).toEqual([
      'services.web.x-k8s.route: unknown key "tls" in services.web.x-k8s.route; expected one of hosts, path, port, gateway, sectionName, gatewayNamespace',
    ]);
    expect(errors(WEB('', 'x-k8s: {gateway: "infra/Public", gatewayNamespace: "Envoy"}\n'))).toEqual([
      'x-k8s.gateway: invalid gateway "infra/Public"; expected NAMESPACE/NAME of a Gateway, like "infra/public"',
      'x-k8s.gatewayNamespace: invalid namespace "Envoy"; expected a DNS label like "envoy-gateway-system"',
    ]);
    expect(errors(WEB(''), { gateway: 'public' })).toEqual(['--gateway "public" is not a Gateway reference; expected NAMESPACE/NAME, like "infra/public"']);
  });
});

describe('NetworkPolicy of a routed port', () => {
  const compose = (gatewayNamespace: string) => `name: shop
${gatewayNamespace.startsWith('top:') ? `x-k8s: {gatewayNamespace: ${gatewayNamespace.slice(4)}, ingressNamespace: ingress-nginx}\n` : 'x-k8s: {ingressNamespace: ingress-nginx}\n'}services:
  web:
    image: nginx:1.27.3
    ports: ["8080:80", "9090:9090"]
    deploy:
      resources: {limits: {cpus: "0.5", memory: 128m}}
    x-k8s:
      route: {hosts: [shop.example.com], port: 80, gateway: infra/public${gatewayNamespace.startsWith('route:') ? `, gatewayNamespace: ${gatewayNamespace.slice(6)}` : ''}}
`;

  test.each(['route:envoy-gateway-system', 'top:envoy-gateway-system'])('x-k8s.gatewayNamespace (%s): a pod there reaches the routed port; another namespace and the outside do not', (where) => {
    const r = compileText(compose(where), { namespace: 'shop' });
    const web = find(r, 'Deployment', 'web');
    expect(ingressAllowed(r, podIn('envoy-gateway-system'), web, 80)).toBe(true);
    expect(ingressAllowed(r, podIn('other'), web, 80)).toBe(false);
    expect(ingressAllowed(r, podIn('ingress-nginx'), web, 80)).toBe(false);
    expect(ingressAllowed(r, OUTSIDE, web, 80)).toBe(false);
    // The other published port keeps the ingress controller's rule.
    expect(ingressAllowed(r, podIn('ingress-nginx'), web, 9090)).toBe(true);
    expect(ingressAllowed(r, podIn('envoy-gateway-system'), web, 9090)).toBe(false);
    expect((find(r, 'NetworkPolicy', 'web-published') as Any).spec.ingress).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }], ports: [{ port: 9090, protocol: 'TCP' }] },
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'envoy-gateway-system' } } }], ports: [{ port: 80, protocol: 'TCP' }] },
    ]);
  });

  test('without x-k8s.gatewayNamespace the routed port admits any source, even with x-k8s.ingressNamespace', () => {
    const r = compileText(compose('none'));
    const web = find(r, 'Deployment', 'web');
    expect(ingressAllowed(r, OUTSIDE, web, 80)).toBe(true);
    expect(ingressAllowed(r, podIn('anything'), web, 80)).toBe(true);
    expect(ingressAllowed(r, OUTSIDE, web, 9090)).toBe(false);
    expect(ingressAllowed(r, OUTSIDE, web, 8080)).toBe(false);
  });
});

describe('examples/gateway-shop', () => {
  const r = compileExample('gateway-shop');

  test('two routes share the host, split by path, on the listener https of infra/public', () => {
    expect(r.objects.filter((o) => o.kind === 'HTTPRoute').map((o) => [o.metadata.name, (o as Any).spec])).toEqual([
      ['api', { parentRefs: [{ namespace: 'infra', name: 'public', sectionName: 'https' }], hostnames: ['shop.example.com'], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/api' } }], backendRefs: [{ name: 'api', port: 8000 }] }] }],
      ['storefront', { parentRefs: [{ namespace: 'infra', name: 'public', sectionName: 'https' }], hostnames: ['shop.example.com'], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'storefront', port: 8080 }] }] }],
    ]);
  });

  test('only the gateway namespace reaches the routed ports; MQTT is a LoadBalancer on 1883; the report names every published port', () => {
    const api = find(r, 'Deployment', 'api');
    expect(ingressAllowed(r, podIn('envoy-gateway-system'), api, 8000)).toBe(true);
    expect(ingressAllowed(r, podIn('default'), api, 8000)).toBe(false);
    expect(ingressAllowed(r, OUTSIDE, api, 8000)).toBe(false);
    expect(find(r, 'Service', 'mqtt')).toMatchObject({ spec: { type: 'LoadBalancer', ports: [{ port: 1883, targetPort: 'tcp-1883' }] } });
    expect(r.report.reach.map((l) => `${l.service}, ${l.port}`)).toEqual(['api, published port 8000', 'db, published port 5432', 'mqtt, published port 1883', 'storefront, published port 8080']);
  });
});
