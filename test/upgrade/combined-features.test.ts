/**
 * Issue 12's invariants on objects made by later features: claims of bind mounts (13a), Jobs with
 * lifecycle hooks (14), HTTPRoutes and the NetworkPolicy of a routed port (16).
 */
import { Any, find } from '../helpers';
import { tmpProjects } from './tmp-projects';

const projects = tmpProjects('c8c-combined-');
const compileFiles = projects.compile;

const RES = 'deploy: {resources: {limits: {cpus: "0.5", memory: 256M}}}';
const SELECTOR = { 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/name': 'db' };

describe('a bind-mounted data folder of a single-replica StatefulSet (x-k8s.kind)', () => {
  const project = (size: string) =>
    compileFiles({
      'compose.yaml': `name: shop
services:
  db:
    image: postgres:17.2
    environment: {POSTGRES_PASSWORD: "\${POSTGRES_PASSWORD}"}
    volumes: [./pgdata:/var/lib/postgresql/data]
    healthcheck: {test: ["CMD-SHELL", "pg_isready"]}
    ${RES}
    x-k8s: {kind: statefulset, mounts: {/var/lib/postgresql/data: {claim: db-pgdata, size: ${size}}}}
`,
    });

  test('is a standalone claim in the StatefulSet wave, kept from pruning, that may grow in place', () => {
    const [a, b] = [project('10Gi'), project('20Gi')];
    const sts = find(a, 'StatefulSet', 'db') as Any;
    expect(sts.spec.volumeClaimTemplates).toBeUndefined();
    expect(sts.spec.selector).toEqual({ matchLabels: SELECTOR });
    expect(sts.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-1');
    expect(sts.spec.template.spec.volumes.find((v: Any) => v.persistentVolumeClaim)).toEqual({ name: expect.any(String), persistentVolumeClaim: { claimName: 'db-pgdata' } });
    const [ca, cb] = [find(a, 'PersistentVolumeClaim', 'db-pgdata') as Any, find(b, 'PersistentVolumeClaim', 'db-pgdata') as Any];
    expect(ca.metadata.annotations).toEqual({
      'argocd.argoproj.io/sync-wave': '-1',
      'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
      'kustomize.toolkit.fluxcd.io/prune': 'disabled',
    });
    expect([ca.spec.resources.requests.storage, cb.spec.resources.requests.storage]).toEqual(['10Gi', '20Gi']);
    expect({ ...cb.spec, resources: undefined }).toEqual({ ...ca.spec, resources: undefined });
  });
});

describe('a one-shot service with a lifecycle hook', () => {
  const project = (hook: string) =>
    compileFiles({
      'compose.yaml': `name: shop
services:
  report:
    image: ghcr.io/acme/report:1.0.0
    restart: "no"
    command: ["report", "--once"]
    post_start:
      - command: ["sh", "-c", "${hook}"]
    ${RES}
`,
    });

  test('is a Job named <service>-<hash>, renamed when the hook changes (its template is immutable)', () => {
    const [a, b] = [project('echo one'), project('echo two')];
    const [ja, jb] = [find(a, 'Job', /^report-/) as Any, find(b, 'Job', /^report-/) as Any];
    expect(ja.metadata.name).toMatch(/^report-[0-9a-f]{8}$/);
    expect(jb.metadata.name).toMatch(/^report-[0-9a-f]{8}$/);
    expect(ja.metadata.name).not.toBe(jb.metadata.name);
    expect(ja.spec.template.spec.containers[0].lifecycle).toEqual({ postStart: { exec: { command: ['sh', '-c', 'echo one'] } } });
    expect(project('echo one').objects.find((o) => o.kind === 'Job')!.metadata.name).toBe(ja.metadata.name);
  });
});

describe('a routed port', () => {
  const project = (extra: string) =>
    compileFiles({
      'compose.yaml': `name: shop
x-k8s: {gateway: infra/public, gatewayNamespace: envoy-gateway-system}
services:
  web:
    image: nginxinc/nginx-unprivileged:1.27.3
    ports: ["8080:8080"]
${extra}    ${RES}
    x-k8s: {route: {hosts: [shop.example.com], port: 8080}}
`,
    });

  test('the Service, HTTPRoute backend and NetworkPolicy select name + instance, before and after an added expose', () => {
    const [a, b] = [project(''), project('    expose: ["9100"]\n')];
    const web = { 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/name': 'web' };
    for (const r of [a, b]) {
      expect((find(r, 'Deployment', 'web') as Any).spec.selector).toEqual({ matchLabels: web });
      expect((find(r, 'Service', 'web') as Any).spec.selector).toEqual(web);
      expect((find(r, 'NetworkPolicy', 'web-published') as Any).spec.podSelector).toEqual({ matchLabels: web });
      expect((find(r, 'HTTPRoute', 'web') as Any).spec.rules[0].backendRefs).toEqual([{ name: 'web', port: 8080 }]);
    }
  });
});
