/** PDB, HPA and Ingress appear exactly when asked; NetworkPolicies follow the compose networks. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compile } from '../../src/compile';
import { UserError } from '../../src/diagnostics';
import { Any } from '../helpers';

function compileText(compose: string, options: Record<string, unknown> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-av-'));
  fs.writeFileSync(path.join(dir, 'compose.yaml'), compose);
  return compile({ files: [], cwd: dir, environment: {}, ...options });
}
const kinds = (r: ReturnType<typeof compileText>) => r.objects.map((o) => `${o.kind}/${o.metadata.name}`).sort();
const get = (r: ReturnType<typeof compileText>, kind: string, name: string) => r.objects.find((o) => o.kind === kind && o.metadata.name === name) as Any;

const WEB = (extra = '') => `name: shop
services:
  web:
    image: nginxinc/nginx-unprivileged:1.27.3
    ports: ["8080:8080"]
    deploy:
      resources: {limits: {cpus: "0.5", memory: 128m}}
${extra}`;

describe('availability and exposure', () => {
  test('one replica, no x-k8s: no PDB, no HPA, no Ingress', () => {
    const r = compileText(WEB());
    expect(kinds(r).filter((k) => /^(PodDisruptionBudget|HorizontalPodAutoscaler|Ingress)\//.test(k))).toEqual([]);
    expect(get(r, 'Deployment', 'web').spec.replicas).toBe(1);
  });

  test('replicas > 1: a PDB with maxUnavailable 1 selecting exactly the pods', () => {
    const r = compileText(WEB().replace('deploy:', 'deploy:\n      replicas: 3'));
    const pdb = get(r, 'PodDisruptionBudget', 'web');
    expect(pdb.spec).toEqual({
      maxUnavailable: 1,
      selector: { matchLabels: get(r, 'Deployment', 'web').spec.selector.matchLabels },
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    });
    expect(get(r, 'Deployment', 'web').spec.replicas).toBe(3);
  });

  test('x-k8s.autoscale: an autoscaling/v2 HPA, and the Deployment leaves replicas to it', () => {
    const r = compileText(WEB('    x-k8s:\n      autoscale: {min: 2, max: 6, cpu: 60}\n'));
    const hpa = get(r, 'HorizontalPodAutoscaler', 'web');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 2,
      maxReplicas: 6,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }],
    });
    expect(get(r, 'Deployment', 'web').spec.replicas).toBeUndefined();
    expect(get(r, 'PodDisruptionBudget', 'web')).toBeDefined();
  });

  test('kompose.hpa.* labels do the same', () => {
    const r = compileText(WEB('    labels:\n      kompose.hpa.replicas.min: "2"\n      kompose.hpa.replicas.max: "4"\n      kompose.hpa.cpu: "50"\n'));
    expect(get(r, 'HorizontalPodAutoscaler', 'web').spec).toMatchObject({ minReplicas: 2, maxReplicas: 4 });
  });

  test('x-k8s.ingress: a networking.k8s.io/v1 Ingress to the Service port, with TLS', () => {
    const r = compileText(WEB('    x-k8s:\n      ingress: {host: shop.example.com, tls: true, className: nginx}\n'));
    const ing = get(r, 'Ingress', 'web');
    expect(ing.apiVersion).toBe('networking.k8s.io/v1');
    expect(ing.spec).toEqual({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['shop.example.com'], secretName: 'web-tls' }],
      rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } }] } }],
    });
  });

  test('kompose.service.expose labels give the Ingress too', () => {
    const r = compileText(WEB('    labels:\n      kompose.service.expose: shop.example.com/api\n      kompose.service.expose.tls-secret: shop-cert\n      kompose.service.expose.ingress-class-name: traefik\n'));
    const ing = get(r, 'Ingress', 'web');
    expect(ing.spec.ingressClassName).toBe('traefik');
    expect(ing.spec.tls).toEqual([{ hosts: ['shop.example.com'], secretName: 'shop-cert' }]);
    expect(ing.spec.rules[0].http.paths[0].path).toBe('/api');
  });

  test('invalid autoscale and ingress settings are errors with their path', () => {
    const messages = (compose: string) => {
      try {
        compileText(compose);
        return [];
      } catch (e) {
        return (e as UserError).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.path}: ${d.message}`);
      }
    };
    expect(messages(WEB('    x-k8s:\n      autoscale: {min: 3, max: 2}\n'))).toEqual(['services.web.x-k8s.autoscale: invalid range min 3, max 2; expected whole numbers with 1 <= min < max']);
    expect(messages(WEB('    x-k8s:\n      ingress: {host: "Not A Host"}\n'))).toEqual([
      'services.web.x-k8s.ingress: invalid host "Not A Host"; expected a DNS name like "app.example.com" or a list of them',
    ]);
    expect(messages(WEB('    x-k8s:\n      autoscal: {max: 2}\n'))[0]).toMatch(/^services\.web\.x-k8s\.autoscal: unknown key "autoscal"; expected one of /);
  });
});

describe('network policies', () => {
  const r = compileText(`name: shop
services:
  proxy: {image: "nginxinc/nginx-unprivileged:1.27.3", ports: ["80:8080"], networks: [front]}
  api: {image: "ghcr.io/acme/api:1.0.0", expose: ["3000"], networks: [front, back]}
  cache: {image: "redis:7.4.1", networks: [back]}
networks: {front: {}, back: {}}
`);
  test('a default policy for the project, never an empty podSelector; all egress allowed by a second one', () => {
    const p = get(r, 'NetworkPolicy', 'shop-default');
    expect(p.spec).toEqual({ podSelector: { matchLabels: { 'app.kubernetes.io/part-of': 'shop' } }, policyTypes: ['Ingress'], ingress: [] });
    expect(get(r, 'NetworkPolicy', 'shop-egress').spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/part-of': 'shop' }, matchExpressions: [{ key: 'egress.cdk8s-compose.io/restricted', operator: 'DoesNotExist' }] },
      policyTypes: ['Egress'],
      egress: [{}],
    });
    for (const o of r.objects.filter((x) => x.kind === 'NetworkPolicy')) expect(Object.keys((o as Any).spec.podSelector.matchLabels).length).toBeGreaterThan(0);
  });

  test('x-k8s.egress restricts a service to DNS, its networks\' peers and the CIDRs listed', () => {
    const r2 = compileText(`name: shop
services:
  api:
    image: ghcr.io/acme/api:1.0.0
    expose: ["3000"]
    networks: [back]
    x-k8s:
      egress: {allow: ["203.0.113.0/24"]}
  cache: {image: "redis:7.4.1", networks: [back]}
networks: {back: {}}
`);
    expect(get(r2, 'Deployment', 'api').spec.template.metadata.labels['egress.cdk8s-compose.io/restricted']).toBe('true');
    expect(get(r2, 'NetworkPolicy', 'api-egress').spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/name': 'api' } },
      policyTypes: ['Egress'],
      egress: [
        { ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] },
        // Every port of the network's members, as under compose (no port list).
        { to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/part-of': 'shop', 'network.cdk8s-compose.io/back': 'true' } } }] },
        { to: [{ ipBlock: { cidr: '203.0.113.0/24' } }] },
      ],
    });
    expect(get(r2, 'StatefulSet', 'cache') ?? get(r2, 'Deployment', 'cache')).toBeDefined();
  });

  test('one policy per compose network: members talk to each other on every port, declared or not', () => {
    const back = get(r, 'NetworkPolicy', 'shop-net-back');
    const label = { 'app.kubernetes.io/part-of': 'shop', 'network.cdk8s-compose.io/back': 'true' };
    expect(back.spec.podSelector.matchLabels).toEqual(label);
    expect(back.spec.ingress).toEqual([{ from: [{ podSelector: { matchLabels: label } }] }]);
    expect(get(r, 'Deployment', 'api').spec.template.metadata.labels).toMatchObject({ 'network.cdk8s-compose.io/back': 'true', 'network.cdk8s-compose.io/front': 'true' });
    expect(get(r, 'StatefulSet', 'cache') ?? get(r, 'Deployment', 'cache')).toBeDefined();
    expect(r.objects.filter((o) => o.kind === 'NetworkPolicy').length).toBe(5); // default ingress, default egress, front, back, proxy-published
  });

  test('published ports are open to everyone, or only to the ingress controller namespace', () => {
    expect(get(r, 'NetworkPolicy', 'proxy-published').spec.ingress).toEqual([{ ports: [{ port: 8080, protocol: 'TCP' }] }]);
    const r2 = compileText(`name: shop\nx-k8s: {ingressNamespace: ingress-nginx}\nservices:\n  proxy: {image: "nginxinc/nginx-unprivileged:1.27.3", ports: ["80:8080"]}\n`);
    expect(get(r2, 'NetworkPolicy', 'proxy-published').spec.ingress).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }], ports: [{ port: 8080, protocol: 'TCP' }] },
    ]);
  });
});
