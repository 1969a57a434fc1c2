/**
 * The edits of issue 12's table, one test each: v1 and v2 of a small project, compiled in memory,
 * and the field the API server refuses to update compared between them.
 */
import type { CompileResult } from '../../src/compile';
import { Any, find } from '../helpers';
import { tmpProjects } from './tmp-projects';

const projects = tmpProjects('c8c-rows-');
const compileFiles = projects.compile;

const RES = 'deploy: {resources: {limits: {cpus: "0.5", memory: 256M}}}';

describe('add expose: 9100 to a worker', () => {
  const worker = (extra: string) => `name: shop
services:
  worker:
    image: ghcr.io/acme/worker:1.4.0
    command: ["worker", "--queue", "default"]
    ${RES}
${extra}`;
  const v1 = () => compileFiles({ 'compose.yaml': worker('') });
  const v2 = () => compileFiles({ 'compose.yaml': worker('    expose: ["9100"]\n') });

  test('the Deployment selector stays name + instance while the component label follows the ports', () => {
    const [a, b] = [find(v1(), 'Deployment', 'worker') as Any, find(v2(), 'Deployment', 'worker') as Any];
    expect(a.spec.template.metadata.labels['app.kubernetes.io/component']).toBe('worker');
    expect(b.spec.template.metadata.labels['app.kubernetes.io/component']).toBe('app');
    expect(a.spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/name': 'worker' } });
    expect(b.spec.selector).toEqual(a.spec.selector);
    expect((find(v2(), 'Service', 'worker') as Any).spec.selector).toEqual(a.spec.selector.matchLabels);
  });
});

describe('change a migration (its mounted SQL)', () => {
  const project = (sql: string) =>
    compileFiles({
      'compose.yaml': `name: todo
services:
  db:
    image: postgres:17.2
    environment: {POSTGRES_PASSWORD: "\${POSTGRES_PASSWORD}"}
    volumes: [db-data:/var/lib/postgresql/data]
    healthcheck: {test: ["CMD-SHELL", "pg_isready"]}
    ${RES}
  migrate:
    image: migrate/migrate:v4.18.1
    restart: "no"
    command: ["-path", "/migrations", "-database", "postgres://db/app", "up"]
    volumes: ["./migrations:/migrations:ro"]
    depends_on: {db: {condition: service_healthy}}
    ${RES}
  seed:
    image: postgres:17.2
    restart: on-failure
    command: ["psql", "-h", "db", "-c", "select 1"]
    depends_on: {migrate: {condition: service_completed_successfully}}
    ${RES}
volumes:
  db-data: {x-k8s: {size: 5Gi}}
`,
      'migrations/0001_init.up.sql': sql,
    });
  const jobs = (r: CompileResult) => r.objects.filter((o) => o.kind === 'Job') as Any[];

  test('the task Job that waits for it gets a new name too (its gate names the new migration Job); no Job name keeps another template', () => {
    const [a, b] = [project('CREATE TABLE t (id int);\n'), project('CREATE TABLE t (id bigint);\n')];
    const [migrateA, migrateB] = [find(a, 'Job', /^migrate-/), find(b, 'Job', /^migrate-/)];
    expect(migrateB.metadata.name).not.toBe(migrateA.metadata.name);
    const [seedA, seedB] = [find(a, 'Job', /^seed-[0-9a-f]{8}$/) as Any, find(b, 'Job', /^seed-[0-9a-f]{8}$/) as Any];
    expect(seedB.metadata.name).not.toBe(seedA.metadata.name);
    expect(seedB.spec.template.spec.initContainers[0].command.join(' ')).toContain(`/jobs/${migrateB.metadata.name}"`);
    // The immutable rule itself: a Job name present in both versions has the same template.
    for (const j of jobs(b)) {
      const old = jobs(a).find((x) => x.metadata.name === j.metadata.name);
      if (old) expect(j.spec.template).toEqual(old.spec.template);
    }
  });

  test('an unchanged project keeps every Job name', () => {
    const names = (r: CompileResult) => jobs(r).map((j) => j.metadata.name).sort();
    expect(names(project('SELECT 1;\n'))).toEqual(names(project('SELECT 1;\n')));
  });
});

describe('add a named volume to a database, or grow its size', () => {
  const db = (replicas: number, volumes: string, sizes: string) =>
    compileFiles({
      'compose.yaml': `name: shop
services:
  db:
    image: postgres:17.2
    environment: {POSTGRES_PASSWORD: "\${POSTGRES_PASSWORD}"}
    volumes: [${volumes}]
    deploy: {replicas: ${replicas}, resources: {limits: {cpus: "1", memory: 1G}}}
volumes:
${sizes}
`,
    });
  const v1 = () => db(1, 'db-data:/var/lib/postgresql/data', '  db-data: {x-k8s: {size: 5Gi}}');
  const v2 = () => db(1, 'db-data:/var/lib/postgresql/data, archive:/archive', '  db-data: {x-k8s: {size: 10Gi}}\n  archive: {x-k8s: {size: 1Gi}}');

  test('a single-replica StatefulSet mounts standalone claims: no volumeClaimTemplates in either version', () => {
    const [a, b] = [find(v1(), 'StatefulSet', 'db') as Any, find(v2(), 'StatefulSet', 'db') as Any];
    expect(a.spec.volumeClaimTemplates).toBeUndefined();
    expect(b.spec.volumeClaimTemplates).toBeUndefined();
    expect(b.spec.serviceName).toBe(a.spec.serviceName);
    expect(b.spec.podManagementPolicy).toBe(a.spec.podManagementPolicy);
    expect(b.spec.template.spec.volumes.filter((v: Any) => v.persistentVolumeClaim)).toEqual([
      { name: 'db-data', persistentVolumeClaim: { claimName: 'db-data' } },
      { name: 'archive', persistentVolumeClaim: { claimName: 'archive' } },
    ]);
  });

  test('the claim only grows: its spec is the same but for the storage request; it keeps its prune/delete protection', () => {
    const [a, b] = [find(v1(), 'PersistentVolumeClaim', 'db-data') as Any, find(v2(), 'PersistentVolumeClaim', 'db-data') as Any];
    expect(a.spec.resources.requests.storage).toBe('5Gi');
    expect(b.spec.resources.requests.storage).toBe('10Gi');
    expect({ ...b.spec, resources: undefined }).toEqual({ ...a.spec, resources: undefined });
    for (const c of [a, b, find(v2(), 'PersistentVolumeClaim', 'archive') as Any]) {
      expect(c.metadata.annotations).toMatchObject({ 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false', 'kustomize.toolkit.fluxcd.io/prune': 'disabled' });
    }
  });

  test('with replicas > 1 each replica gets its own claim from volumeClaimTemplates (resizing those is the documented procedure)', () => {
    const r = db(3, 'db-data:/var/lib/postgresql/data', '  db-data: {x-k8s: {size: 5Gi}}');
    const s = find(r, 'StatefulSet', 'db') as Any;
    expect(s.spec.volumeClaimTemplates.map((t: Any) => [t.metadata.name, t.spec.resources.requests.storage])).toEqual([['db-data', '5Gi']]);
    expect(r.objects.filter((o) => o.kind === 'PersistentVolumeClaim')).toEqual([]);
  });
});
