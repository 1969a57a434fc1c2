/**
 * Pods of several compose services (src/model/pods): `network_mode: service:X` / `container:NAME`
 * and `kompose.service.group` put containers into one pod; the pod-level decisions are merged and
 * explained; what cannot share a pod is an error naming it.
 */
import { UserError, formatDiagnostic } from '../../src/diagnostics';
import { Any, compileText, find, podSpecOf } from '../helpers';

const NAMED = 'name: edge\nservices:\n';

function errorsOf(services: string): string[] {
  try {
    compileText(`${NAMED}${services}`);
  } catch (e) {
    if (e instanceof UserError) return e.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
    throw e;
  }
  throw new Error('expected the compile to fail');
}

const VPN = `  vpn:
    image: qmcgaw/gluetun:v3.39.1
    cap_add: [NET_ADMIN]
    devices: ["/dev/net/tun"]
    user: "1000:1000"
    ports: ["8080:8080"]
    healthcheck:
      test: ["CMD", "/gluetun-entrypoint", "healthcheck"]
    depends_on:
      db: {condition: service_healthy}
    x-k8s: {podSecurity: privileged}
  torrent:
    image: lscr.io/linuxserver/qbittorrent:4.6.7
    network_mode: "service:vpn"
    user: "2000:2000"
    expose: ["6881"]
    environment:
      WEBUI_PORT: "8080"
      TORRENT_PASSWORD: \${TORRENT_PASSWORD}
    volumes: ["config:/config", "./qb.conf:/etc/qb.conf:ro"]
    deploy: {resources: {limits: {memory: 1g}}}
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost:8080/"]
    post_start:
      - command: ["/bin/echo", "up"]
    depends_on:
      vpn: {condition: service_healthy}
      cache: {condition: service_healthy}
  db:
    image: postgres:16.4
    environment: {POSTGRES_PASSWORD: "\${DB_PASSWORD}"}
  cache:
    image: redis:7.4.1
volumes:
  config:
`;

describe('network_mode: service:X joins X\'s pod', () => {
  const r = compileText(`${NAMED}${VPN}`);
  const deploy = find(r, 'Deployment', 'vpn');
  const spec = podSpecOf(deploy);
  const c = (name: string): Any => spec.containers.find((x: Any) => x.name === name);

  test('one workload, two containers; the joined service has no workload, Service or account of its own', () => {
    expect(spec.containers.map((x: Any) => x.name)).toEqual(['vpn', 'torrent']);
    for (const kind of ['Deployment', 'StatefulSet', 'Service', 'ServiceAccount']) expect(r.objects.filter((o) => o.kind === kind && o.metadata.name === 'torrent')).toEqual([]);
    expect(spec.serviceAccountName).toBe('vpn');
  });

  test('the joined container keeps its image, env (secrets included), volumes, resources, probes, hooks and user', () => {
    const t = c('torrent');
    expect(t.image).toBe('lscr.io/linuxserver/qbittorrent:4.6.7');
    expect(t.env).toEqual(expect.arrayContaining([{ name: 'WEBUI_PORT', value: '8080' }, expect.objectContaining({ name: 'TORRENT_PASSWORD', valueFrom: { secretKeyRef: expect.objectContaining({ key: 'TORRENT_PASSWORD' }) } })]));
    expect(t.volumeMounts.map((m: Any) => m.mountPath)).toEqual(expect.arrayContaining(['/config', '/etc/qb.conf']));
    const names = new Set(spec.volumes.map((v: Any) => v.name));
    for (const m of t.volumeMounts) expect(names.has(m.name)).toBe(true);
    expect(spec.volumes.some((v: Any) => v.persistentVolumeClaim?.claimName === 'config')).toBe(true);
    expect(t.resources.limits.memory).toBe('1Gi');
    expect(t.readinessProbe.httpGet.port).toBe('http');
    expect(t.lifecycle.postStart.exec.command).toEqual(['/bin/echo', 'up']);
    // Its own user per container; the pod's is the host's.
    expect(spec.securityContext.runAsUser).toBe(1000);
    expect(t.securityContext).toEqual(expect.objectContaining({ runAsUser: 2000, runAsGroup: 2000, privileged: false }));
    expect(t.securityContext.capabilities).toEqual({ drop: ['ALL'] });
    expect(c('vpn').securityContext.capabilities.add).toEqual(['NET_ADMIN']);
    // 8080 is published by vpn (compose allows no ports on torrent) and served by torrent, whose probe uses it.
    expect(t.ports).toEqual([
      { name: 'tcp-6881', containerPort: 6881, protocol: 'TCP' },
      { name: 'http', containerPort: 8080, protocol: 'TCP' },
    ]);
    expect(c('vpn').ports).toBeUndefined();
  });

  test("its ports are listed on X's Service", () => {
    const svc = find(r, 'Service', 'vpn') as Any;
    expect(svc.spec.ports.map((p: Any) => `${p.port}:${p.targetPort}`)).toEqual(['8080:http', '6881:tcp-6881']);
  });

  test("startup gates: each member's gates on other services are the pod's init containers; a gate on the pod itself is a report line", () => {
    expect(spec.initContainers.map((x: Any) => x.name)).toEqual(['wait-for-db', 'wait-for-cache']);
    const w = r.model.workloads.find((x) => x.name === 'vpn')!;
    expect(w.gates).toEqual([
      { kind: 'service', service: 'db', port: 5432 },
      { kind: 'service', service: 'cache', port: 6379 },
    ]);
    expect(w.notes.join('\n')).toMatch(/depends_on vpn of torrent: both are containers of this pod, which start together \(Kubernetes 1\.28 has no ordering/);
  });

  test('the pod security level is the highest any member opted into, and the report says who lifts it', () => {
    const w = r.model.workloads.find((x) => x.name === 'vpn')!;
    expect(w.podSecurity?.level).toBe('privileged');
    expect(w.notes.join('\n')).toMatch(/Pod Security privileged for the whole pod: vpn opted in with x-k8s.podSecurity \(capability "NET_ADMIN"/);
    expect(r.model.podSecurity).toBe('privileged');
  });

  test('others wait on a joined service through the host\'s name and its port', () => {
    const r2 = compileText(`name: web
services:
  web:
    image: nginx:1.27.3
    ports: ["8080:80"]
  exporter:
    image: nginx/nginx-prometheus-exporter:1.3.0
    network_mode: service:web
    expose: ["9113"]
    healthcheck: {test: ["CMD", "/bin/true"]}
  prometheus:
    image: prom/prometheus:v2.53.0
    depends_on:
      exporter: {condition: service_healthy}
`);
    expect(podSpecOf(find(r2, 'Deployment', 'prometheus')).initContainers[0].command[2]).toMatch(/^until nc -z -w 2 web 9113;/);
    expect((find(r2, 'Service', 'web') as Any).spec.ports.map((p: Any) => p.port)).toEqual([80, 9113]);
    expect(r2.objects.some((o) => o.metadata.name === 'exporter')).toBe(false);
  });
});

test('container:NAME joins the pod of the service with that container_name; a chain A → B → C makes one pod', () => {
  const r = compileText(`${NAMED}  a:
    image: busybox:1.36.1
    network_mode: service:b
  b:
    image: busybox:1.36.1
    network_mode: container:the-c
  c:
    image: nginx:1.27.3
    container_name: the-c
    ports: ["80"]
`);
  expect(r.model.workloads.map((w) => w.name)).toEqual(['c']);
  expect(podSpecOf(find(r, 'Deployment', 'c')).containers.map((x: Any) => x.name)).toEqual(['c', 'a', 'b']);
});

test('container:NAME that is not a container of the project is an error naming it', () => {
  expect(errorsOf(`  a:
    image: busybox:1.36.1
    network_mode: container:elsewhere
`)).toEqual([
    'error: compose.yaml: services.a.network_mode: network_mode "container:elsewhere": no service of the project has container_name "elsewhere"; a container outside the project cannot share a pod with it: run the process as a service of the project and write "service:NAME"',
  ]);
});

test('container:NAME where NAME is a service name, not a container_name, says how to write it', () => {
  expect(errorsOf(`  web:
    image: nginx:1.27.3
  side:
    image: busybox:1.36.1
    network_mode: container:web
`)).toEqual(['error: compose.yaml: services.side.network_mode: network_mode "container:web": no service of the project has container_name "web"; "web" is a service name: write "service:web"']);
});

test('a cycle is an error showing it', () => {
  const errors = errorsOf(`  a:
    image: busybox:1.36.1
    network_mode: service:b
  b:
    image: busybox:1.36.1
    network_mode: service:c
  c:
    image: busybox:1.36.1
    network_mode: service:a
`);
  expect(errors).toContain('error: compose.yaml: services.a.network_mode: network_mode forms a cycle: a → b → c → a; one of them must keep its own network (remove its network_mode)');
});

test('replicas must agree', () => {
  expect(errorsOf(`  web:
    image: nginx:1.27.3
    deploy: {replicas: 2}
  side:
    image: busybox:1.36.1
    network_mode: service:web
    deploy: {replicas: 3}
`)).toEqual([
    "error: compose.yaml: services.side: replicas 3 differs from web's 2, and side shares web's pod (web, side): one pod, one replica count; use the same deploy.replicas on all of them",
  ]);
  // A member that states no count follows the pod's.
  const r = compileText(`${NAMED}  web:\n    image: nginx:1.27.3\n  side:\n    image: busybox:1.36.1\n    network_mode: service:web\n    deploy: {replicas: 3}\n`);
  expect((find(r, 'Deployment', 'web') as Any).spec.replicas).toBe(3);
});

test('a one-shot service joined to a server is an error', () => {
  expect(errorsOf(`  web:
    image: nginx:1.27.3
  once:
    image: busybox:1.36.1
    restart: "no"
    network_mode: service:web
`)).toEqual([
    `error: compose.yaml: services.once.network_mode: network_mode "service:web" puts once in web's pod, but once is a one-shot service (a Job) and web a server: containers of one pod start and stop together; give once its own network (remove network_mode) or make both long-running`,
  ]);
});

test('a port both list (the host publishes it for the member, as compose requires) is a port of the member that listens on it', () => {
  const r = compileText(`${NAMED}  web:
    image: nginx:1.27.3
    ports: ["8080:8080"]
  other:
    image: busybox:1.36.1
    network_mode: service:web
    expose: ["8080", "9000"]
`);
  const spec = podSpecOf(find(r, 'Deployment', 'web'));
  expect(spec.containers.map((c: Any) => (c.ports ?? []).map((p: Any) => p.containerPort))).toEqual([[], [8080, 9000]]);
  expect((find(r, 'Service', 'web') as Any).spec.ports.map((p: Any) => `${p.port}:${p.targetPort}`)).toEqual(['8080:http', '9000:tcp-9000']);
  expect(spec.containers[1].ports[0].name).toBe('http');
});

describe('kompose.service.group', () => {
  const r = compileText(`${NAMED}  api:
    image: ghcr.io/acme/api:1.2.0
    labels: {kompose.service.group: app}
    user: "1000:1000"
    expose: ["8000"]
    volumes: ["/tmp/cache"]
  worker:
    image: ghcr.io/acme/worker:1.2.0
    labels: {kompose.service.group: app}
    user: "1000:3000"
    expose: ["9000"]
    volumes: ["/tmp/cache"]
    sysctls: {net.ipv4.ip_unprivileged_port_start: "0"}
`);
  test('one pod, each service keeps its own Service name for its own ports', () => {
    expect(r.model.workloads.map((w) => w.name)).toEqual(['api']);
    expect(podSpecOf(find(r, 'Deployment', 'api')).containers.map((x: Any) => x.name)).toEqual(['api', 'worker']);
    const ports = (name: string) => (find(r, 'Service', name) as Any).spec.ports.map((p: Any) => p.port);
    expect(ports('api')).toEqual([8000]);
    expect(ports('worker')).toEqual([9000]);
    expect((find(r, 'Service', 'worker') as Any).spec.selector).toEqual({ 'app.kubernetes.io/instance': 'edge', 'app.kubernetes.io/name': 'api' });
  });
  test('pod-level settings that cannot merge: per-container user, one fsGroup with a warning, scratch volumes private', () => {
    const spec = podSpecOf(find(r, 'Deployment', 'api'));
    expect(spec.securityContext).toEqual(expect.objectContaining({ runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }] }));
    expect(spec.containers[1].securityContext).toEqual(expect.objectContaining({ runAsUser: 1000, runAsGroup: 3000 }));
    expect(r.warnings.map(formatDiagnostic).join('\n')).toMatch(/services\.worker: fsGroup 3000 \(the group of its user\) cannot apply in api's pod/);
    const mounts = spec.containers.map((c: Any) => c.volumeMounts.find((m: Any) => m.mountPath === '/tmp/cache').name);
    expect(new Set(mounts).size).toBe(2);
    for (const m of mounts) expect(spec.volumes.some((v: Any) => v.name === m && v.emptyDir)).toBe(true);
  });
});

test("a database's exporter joins its StatefulSet; a member's Job gate shares the pod's token volume and one Role", () => {
  const r = compileText(`name: pgx
services:
  db:
    image: postgres:16.4
    volumes: [pgdata:/var/lib/postgresql/data]
  exporter:
    image: quay.io/prometheuscommunity/postgres-exporter:v0.15.0
    network_mode: service:db
    user: "65534:65534"
    expose: ["9187"]
  migrate:
    image: ghcr.io/acme/app:1.0.0
    restart: "no"
  app:
    image: ghcr.io/acme/app:1.0.0
    user: "1000:1000"
    expose: ["8000"]
    depends_on:
      migrate: {condition: service_completed_successfully}
  shipper:
    image: ghcr.io/acme/shipper:2.0.0
    network_mode: service:app
    user: "1000:1000"
    depends_on:
      migrate: {condition: service_completed_successfully}
volumes:
  pgdata:
`);
  const db = podSpecOf(find(r, 'StatefulSet', 'db'));
  expect(db.containers.map((c: Any) => c.name)).toEqual(['db', 'exporter']);
  expect((find(r, 'Service', 'db') as Any).spec.ports.map((p: Any) => p.port)).toEqual([5432, 9187]);
  const app = podSpecOf(find(r, 'Deployment', 'app'));
  expect(app.initContainers.map((c: Any) => c.name)).toEqual(['wait-for-migrate']);
  expect(app.volumes.filter((v: Any) => v.projected).length).toBe(1);
  expect(r.model.jobReaders).toEqual([{ name: 'app-wait', serviceAccount: 'app', jobNames: [expect.stringMatching(/^migrate-[0-9a-f]+$/)] }]);
});

test('a claim both containers mount is one volume of the pod, without the ReadWriteOnce warning of two pods', () => {
  const r = compileText(`${NAMED}  web:
    image: nginx:1.27.3
    volumes: [shared:/usr/share/nginx/html]
  sync:
    image: ghcr.io/acme/sync:1.0.0
    user: "101:101"
    network_mode: service:web
    volumes: [shared:/data]
volumes:
  shared:
`);
  const spec = podSpecOf(find(r, 'Deployment', 'web'));
  expect(spec.volumes.filter((v: Any) => v.persistentVolumeClaim?.claimName === 'shared').length).toBe(1);
  expect(spec.containers.map((c: Any) => c.volumeMounts.find((m: Any) => m.name === 'shared')?.mountPath)).toEqual(['/usr/share/nginx/html', '/data']);
  expect(r.warnings.map(formatDiagnostic).filter((w) => w.includes('mounted by'))).toEqual([]);
});

test("a joined service's own Service type is not used, with a warning", () => {
  const r = compileText(`${NAMED}  web:
    image: nginx:1.27.3
    expose: ["80"]
  side:
    image: busybox:1.36.1
    network_mode: service:web
    expose: ["9000"]
    x-k8s: {serviceType: LoadBalancer}
`);
  expect((find(r, 'Service', 'web') as Any).spec.type).toBe('ClusterIP');
  expect(r.warnings.map(formatDiagnostic)).toContain(
    'warning: compose.yaml: services.side: its ports are listed on the Service web (network_mode "service:web"), which is ClusterIP: the Service type it asks for (LoadBalancer) is not used; set x-k8s.serviceType on web instead',
  );
});

test('the report explains the pod: who joined, the users, a depends_on inside the pod once', () => {
  const r = compileText(`${NAMED}  web:
    image: nginx:1.27.3
    expose: ["80"]
  exporter:
    image: nginx/nginx-prometheus-exporter:1.3.0
    network_mode: service:web
    expose: ["9113"]
    depends_on: [web]
`);
  const notes = r.model.workloads.find((w) => w.name === 'web')!.notes;
  expect(notes.filter((n) => n.includes('depends_on web'))).toEqual([
    'depends_on web of exporter: both are containers of this pod, which start together (Kubernetes 1.28 has no ordering of a pod\'s containers without the SidecarContainers feature gate); exporter must retry until web is ready',
  ]);
  expect(notes).toContain('exporter runs as a container of this pod (network_mode "service:web"): it shares the pod\'s network namespace, has no Service of its own and is reached through web');
  expect(r.report.services.find((s) => s.service === 'web')!.notes[0]).toBe('Deployment, 1 replica; its pod also runs exporter (shared network namespace)');
});
