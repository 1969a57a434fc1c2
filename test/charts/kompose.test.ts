/** Every kompose label in the README table has a test; unknown kompose labels warn. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compile } from '../../src/compile';
import { UserError } from '../../src/diagnostics';
import { Any } from '../helpers';

function build(serviceLabels: Record<string, string>, volumeLabels: Record<string, string> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-kompose-'));
  const compose = {
    name: 'shop',
    services: {
      web: {
        image: 'ghcr.io/acme/web:1.0.0',
        user: '1000:1000',
        ports: ['8080:8080'],
        volumes: ['data:/data'],
        deploy: { resources: { limits: { cpus: '0.5', memory: '256m' } } },
        labels: serviceLabels,
      },
    },
    volumes: { data: { labels: volumeLabels } },
  };
  fs.writeFileSync(path.join(dir, 'compose.yaml'), JSON.stringify(compose));
  return compile({ files: [], cwd: dir, environment: {} });
}
const get = (r: ReturnType<typeof build>, kind: string, name = 'web') => r.objects.find((o) => o.kind === kind && o.metadata.name === name) as Any;
const errors = (f: () => unknown) => {
  try {
    f();
    return [];
  } catch (e) {
    return (e as UserError).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.path}: ${d.message}`);
  }
};

describe('kompose labels', () => {
  test('kompose.service.type', () => {
    expect(get(build({ 'kompose.service.type': 'loadbalancer' }), 'Service').spec.type).toBe('LoadBalancer');
    expect(get(build({ 'kompose.service.type': 'nodeport' }), 'Service').spec.type).toBe('NodePort');
    expect(get(build({ 'kompose.service.type': 'headless' }), 'Service').spec.clusterIP).toBe('None');
  });

  test('kompose.service.expose, .tls-secret, .ingress-class-name', () => {
    const r = build({ 'kompose.service.expose': 'shop.example.com', 'kompose.service.expose.tls-secret': 'shop-tls', 'kompose.service.expose.ingress-class-name': 'nginx' });
    expect(get(r, 'Ingress').spec).toMatchObject({ ingressClassName: 'nginx', tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }], rules: [{ host: 'shop.example.com' }] });
    expect(get(build({ 'kompose.service.expose': 'true' }), 'Ingress').spec.rules[0].host).toBe('web.local');
  });

  test('kompose.volume.size and kompose.volume.storage-class-name (on the volume)', () => {
    const pvc = get(build({}, { 'kompose.volume.size': '5Gi', 'kompose.volume.storage-class-name': 'fast' }), 'PersistentVolumeClaim', 'data');
    expect(pvc.spec).toMatchObject({ resources: { requests: { storage: '5Gi' } }, storageClassName: 'fast' });
  });

  test('kompose.controller.type', () => {
    expect(get(build({ 'kompose.controller.type': 'statefulset' }), 'StatefulSet')).toBeDefined();
    expect(get(build({ 'kompose.controller.type': 'daemonset' }), 'DaemonSet')).toBeDefined();
    expect(errors(() => build({ 'kompose.controller.type': 'cronjob' }))).toEqual([
      'services.web.labels.kompose.controller.type: invalid value "cronjob"; expected deployment, statefulset or daemonset',
    ]);
  });

  test('kompose.image-pull-policy', () => {
    expect(get(build({ 'kompose.image-pull-policy': 'Always' }), 'Deployment').spec.template.spec.containers[0].imagePullPolicy).toBe('Always');
  });

  test('kompose.service.healthcheck.readiness.* and .liveness.*', () => {
    const r = build({
      'kompose.service.healthcheck.readiness.test': 'curl -f http://localhost:8080/ready',
      'kompose.service.healthcheck.readiness.interval': '5s',
      'kompose.service.healthcheck.readiness.timeout': '2s',
      'kompose.service.healthcheck.readiness.retries': '4',
      'kompose.service.healthcheck.liveness.test': 'test -f /tmp/alive',
      'kompose.service.healthcheck.liveness.interval': '20s',
    });
    const c = get(r, 'Deployment').spec.template.spec.containers[0];
    expect(c.readinessProbe).toEqual({ httpGet: { path: '/ready', port: 'http', scheme: 'HTTP', httpHeaders: [{ name: 'Host', value: 'localhost:8080' }] }, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 4 });
    expect(c.livenessProbe).toEqual({ exec: { command: ['sh', '-c', 'test -f /tmp/alive'] }, periodSeconds: 20, timeoutSeconds: 30, failureThreshold: 3 });
    expect(errors(() => build({ 'kompose.service.healthcheck.readiness.interval': 'often' }))).toEqual([
      'services.web.labels.kompose.service.healthcheck.readiness.interval: invalid duration "often"; expected a duration like "10s" or "1m30s"',
    ]);
  });

  test('kompose.hpa.replicas.min / .max and kompose.hpa.cpu', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-kompose-'));
    fs.writeFileSync(
      path.join(dir, 'compose.yaml'),
      'services:\n  web:\n    image: ghcr.io/acme/web:1.0.0\n    ports: ["8080:8080"]\n    labels:\n      kompose.hpa.replicas.min: "2"\n      kompose.hpa.replicas.max: "5"\n      kompose.hpa.cpu: "75"\n',
    );
    const r = compile({ files: [], cwd: dir, environment: {} });
    expect(get(r, 'HorizontalPodAutoscaler').spec).toMatchObject({ minReplicas: 2, maxReplicas: 5, metrics: [{ resource: { target: { averageUtilization: 75 } } }] });
  });

  test('an unknown kompose label is a warning naming it; kompose labels are not copied to annotations', () => {
    const r = build({ 'kompose.service.external-traffic-policy': 'local', 'kompose.image-pull-policy': 'Never' });
    expect(r.warnings.map((w) => `${w.path}: ${w.message}`)).toContain(
      'services.web.labels.kompose.service.external-traffic-policy: unknown kompose label "kompose.service.external-traffic-policy"; it is ignored (see the README for the kompose labels cdk8s-compose reads)',
    );
    expect(JSON.stringify(get(r, 'Deployment').metadata)).not.toContain('kompose.');
  });
});
