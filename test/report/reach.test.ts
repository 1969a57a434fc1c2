/** The report says how each published port is reached; the diagram shows the entry points and stays linear in size. */
import { reportTable } from '../../src/report/render';
import { compileText } from '../helpers';
import { loadProject } from '../../src/compose';
import { buildModel } from '../../src/model/build';
import { mermaidDiagram } from '../../src/report/mermaid';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const RES = '    deploy: {resources: {limits: {cpus: "0.25", memory: 64M}}}\n    user: "1000:1000"\n';
const PROJECT = `name: shop
x-k8s: {gateway: infra/public}
services:
  web:
    image: nginx:1.27.3
    ports: ["80:80"]
${RES}    x-k8s:
      route: {hosts: [shop.example.com], path: /shop}
  admin:
    image: nginxinc/nginx-unprivileged:1.27.3
    ports: ["8081:8080"]
${RES}    x-k8s:
      ingress: {host: admin.example.com, className: nginx}
  game:
    image: example/game:1.0
    ports: ["27015:27015/udp"]
${RES}    x-k8s: {serviceType: LoadBalancer}
  edge:
    image: nginx:1.27.3
    ports: ["30080:80"]
${RES}    x-k8s: {serviceType: NodePort}
  db:
    image: postgres:16.4
    ports: ["5433:5432"]
${RES}  api:
    image: example/api:1.0
    ports: ["8000:8000"]
${RES}  mqtt:
    image: eclipse-mosquitto:2.0.20
    ports: ["1883:1883"]
${RES}  internal:
    image: example/internal:1.0
    expose: ["9000"]
    healthcheck: {test: ["CMD", "wget", "-q", "--spider", "http://localhost:9000/ready"]}
${RES}    x-k8s:
      route: {hosts: [internal.example.com], gatewayNamespace: envoy-gateway-system, sectionName: http}
`;

const NARROW = "its NetworkPolicy admits any source: set x-k8s.gatewayNamespace to the namespace of the gateway's data plane to admit only that";

describe('how each published port is reached', () => {
  const r = compileText(PROJECT, { namespace: 'shop' });

  test('one line per published port with the port compose published, then routed ports compose does not publish', () => {
    expect(r.report.reach).toEqual([
      { service: 'admin', port: 'published port 8081', how: 'reached through Ingress admin (class nginx, admin.example.com)' },
      { service: 'api', port: 'published port 8000', how: 'only inside the cluster: add x-k8s.route, x-k8s.ingress or x-k8s.serviceType: LoadBalancer' },
      { service: 'db', port: 'published port 5433', how: 'only inside the cluster: a database port, which compose publishes for local tools; from your machine: kubectl port-forward service/db 5433:5432' },
      { service: 'edge', port: 'published port 30080', how: 'reached through NodePort Service edge on node port 30080' },
      { service: 'game', port: 'published port 27015/UDP', how: 'reached through LoadBalancer Service game on port 27015' },
      { service: 'internal', port: 'port 9000 (not published)', how: 'reached through HTTPRoute internal (gateway infra/public, listener http, internal.example.com)' },
      { service: 'mqtt', port: 'published port 1883', how: 'only inside the cluster: it does not carry HTTP, so no route or Ingress fits; add x-k8s.serviceType: LoadBalancer' },
      { service: 'web', port: 'published port 80', how: `reached through HTTPRoute web (gateway infra/public, shop.example.com/shop); ${NARROW}` },
    ]);
  });

  test('what each published port carries, as the model decided it', () => {
    const carries = Object.fromEntries(r.model.workloads.flatMap((w) => w.published.map((p) => [`${w.service}:${p.published}`, p.carries])));
    expect(carries).toEqual({
      'admin:8081': 'http',
      'api:8000': 'unknown',
      'db:5433': 'other',
      'edge:30080': 'http',
      'game:27015': 'other',
      'mqtt:1883': 'other',
      'web:80': 'http',
    });
  });

  test('the stderr table and README.md carry the same lines', () => {
    const table = reportTable(r.report, false);
    expect(table).toContain('how traffic gets in\n  admin, published port 8081: reached through Ingress admin (class nginx, admin.example.com)\n  api, published port 8000: only inside the cluster');
    expect(table).toContain(`  web, published port 80: reached through HTTPRoute web (gateway infra/public, shop.example.com/shop); ${NARROW}\n`);
    const readme = r.files.get('README.md')!;
    expect(readme).toContain('## How traffic gets in\n\n| service | port | how it is reached |\n|---|---|---|\n| admin | published port 8081 | reached through Ingress admin (class nginx, admin.example.com) |\n');
    expect(readme).toContain('| game | published port 27015/UDP | reached through LoadBalancer Service game on port 27015 |\n');
  });

  test('README.md shows the allowedRoutes each Gateway listener needs for the project\'s namespace', () => {
    const readme = r.files.get('README.md')!;
    expect(readme).toContain(
      [
        'The HTTPRoutes internal, web attach to Gateway `infra/public` (listener http). A Gateway listener accepts routes from its own namespace only, unless its `allowedRoutes` admits the namespace of these routes:',
        '',
        '```yaml',
        'spec:',
        '  listeners:',
        '    - name: http',
        '      allowedRoutes:',
        '        namespaces:',
        '          from: Selector',
        '          selector:',
        '            matchLabels: {kubernetes.io/metadata.name: shop}',
        '```',
      ].join('\n'),
    );
  });

  test('without published ports the section says so; without --namespace the snippet names the placeholder', () => {
    const quiet = compileText(`name: shop\nservices:\n  worker:\n    image: example/worker:1.0\n${RES}`);
    expect(quiet.files.get('README.md')).toContain('## How traffic gets in\n\nNo service publishes a port: the application is reached only inside the cluster.\n');
    expect(reportTable(quiet.report, false)).not.toContain('how traffic gets in');
    const noNs = compileText(`name: shop\nservices:\n  web:\n    image: nginx:1.27.3\n    ports: ["80:80"]\n${RES}    x-k8s:\n      route: {hosts: [a.example.com], gateway: infra/public}\n`);
    const readme = noNs.files.get('README.md')!;
    expect(readme).toContain('HTTPRoute web attaches to Gateway `infra/public`. A Gateway listener accepts routes from its own namespace only, unless its `allowedRoutes` admits the namespace of these routes (NAMESPACE: the one you apply this folder to):');
    expect(readme).toContain('    - name: LISTENER\n');
    expect(readme).toContain('            matchLabels: {kubernetes.io/metadata.name: NAMESPACE}\n');
  });
});

describe('the diagram', () => {
  test('entry points: route, Ingress, LoadBalancer and NodePort nodes, each joined to its service', () => {
    const d = compileText(PROJECT).diagram;
    expect(d).toContain('  route_web(["HTTPRoute web<br/>shop.example.com<br/>gateway infra/public"])\n  route_web -->|"port 80"| w_web\n');
    expect(d).toContain('  ingress_admin(["Ingress admin<br/>admin.example.com"])\n  ingress_admin --> w_admin\n');
    expect(d).toContain('  lb_game(["LoadBalancer game<br/>ports 27015"])\n  lb_game --> w_game\n');
    expect(d).toContain('  lb_edge(["NodePort edge<br/>node ports 30080"])\n  lb_edge --> w_edge\n');
    expect(d).not.toContain('lb_db');
  });

  /** A project of n services on 5 networks, each on two, every tenth gated on the previous one, every service routed. */
  function bigProject(n: number): string {
    const lines = ['name: big', 'x-k8s: {gateway: infra/public}', 'services:'];
    for (let i = 0; i < n; i++) {
      lines.push(
        `  s${i}:`,
        `    image: example/s:1.0`,
        '    user: "1000:1000"',
        '    ports: ["8080"]',
        '    deploy: {resources: {limits: {cpus: "0.1", memory: 64M}}}',
        `    networks: [n${i % 5}, n${(i + 1) % 5}]`,
        `    x-k8s: {route: {hosts: [s${i}.example.com]}}`,
      );
      if (i % 10 === 1) lines.push('    depends_on:', `      s${i - 1}: {condition: service_healthy}`);
    }
    lines.push('networks:', ...[0, 1, 2, 3, 4].map((k) => `  n${k}: {}`));
    return `${lines.join('\n')}\n`;
  }

  function diagramOf(n: number): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-big-'));
    try {
      fs.writeFileSync(path.join(dir, 'compose.yaml'), bigProject(n));
      const { project } = loadProject({ files: [], cwd: dir, environment: {} });
      return mermaidDiagram(buildModel(project).model);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  test('a 1,000-service project: networks are nodes (one edge per membership, never per pair); size grows linearly', () => {
    const small = diagramOf(100);
    const large = diagramOf(1000);
    const lineCount = (d: string) => d.trimEnd().split('\n').length;
    // Per service: its node, 2 memberships, its route node and edge; per ten, one gate; per network, one node.
    expect(lineCount(large)).toBe(1 + 1000 * (1 + 2 + 2) + 100 + 5);
    expect(large.split('\n').filter((l) => / --- net_/.test(l))).toHaveLength(2000);
    expect(large.split('\n').filter((l) => / --- w_/.test(l))).toHaveLength(0);
    // Bytes per service stay the same (names grow by one digit): linear, not quadratic.
    expect(large.length / small.length).toBeLessThan(11);
    expect(large.length / small.length).toBeGreaterThan(9);
  });
});
