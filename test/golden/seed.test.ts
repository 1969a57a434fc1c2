/** The seed application (FastAPI backend + Postgres + alembic): the points issues 3 and 4 ask for. */
import { Any, compileExample, find, mainContainer, podSpecOf, withoutDefinedness } from '../helpers';

const SECRETS = {
  POSTGRES_PASSWORD: 'seed-secret-pg-1f9a',
  JWT_SECRET_KEY: 'seed-secret-jwt-7c2e',
  ENCRYPTION_KEY: 'seed-secret-fernet-55b1',
  OPENAI_API_KEY: 'seed-secret-openai-0d3c',
};

describe('seed example', () => {
  const r = compileExample('seed');
  const backend = find(r, 'Deployment', 'backend');
  const c = mainContainer(backend);
  const pod = podSpecOf(backend);

  test('backend: httpGet probes on /health:8000 honouring interval 30s, timeout 10s, retries 3, start period 40s', () => {
    expect(c.ports).toEqual([{ name: 'http', containerPort: 8000, protocol: 'TCP' }]);
    expect(c.readinessProbe).toEqual({ httpGet: { path: '/health', port: 'http', scheme: 'HTTP', httpHeaders: [{ name: 'Host', value: 'localhost:8000' }] }, periodSeconds: 30, timeoutSeconds: 10, failureThreshold: 3 });
    expect(c.startupProbe.httpGet).toEqual({ path: '/health', port: 'http', scheme: 'HTTP', httpHeaders: [{ name: 'Host', value: 'localhost:8000' }] });
    expect(c.startupProbe.periodSeconds * c.startupProbe.failureThreshold).toBeGreaterThanOrEqual(3 * 40);
    expect(c.livenessProbe).toEqual({ tcpSocket: { port: 'http' }, periodSeconds: 30, timeoutSeconds: 10, failureThreshold: 3 });
  });

  test('backend: limits memory 2Gi and cpu 2, requests from reservations', () => {
    expect(c.resources.limits).toMatchObject({ cpu: '2', memory: '2Gi' });
    expect(c.resources.requests).toMatchObject({ cpu: '500m', memory: '1Gi' });
  });

  test('backend: claims mounted at /data/vendor and /data/derived, runs as UID 1000', () => {
    const mounts = Object.fromEntries(c.volumeMounts.map((m: Any) => [m.mountPath, m.name]));
    const claimOf = (mount: string) => pod.volumes.find((v: Any) => v.name === mounts[mount])?.persistentVolumeClaim?.claimName;
    expect(claimOf('/data/vendor')).toBe('vendor-data');
    expect(claimOf('/data/derived')).toBe('derived-data');
    expect(find(r, 'PersistentVolumeClaim', 'vendor-data')).toMatchObject({ spec: { resources: { requests: { storage: '20Gi' } } } });
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 });
    // One replica on ReadWriteOnce claims: the new pod starts only after the old one stopped.
    expect((backend as Any).spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
  });

  test('migration: a Job named migrate-<hash> running alembic upgrade head with the backend image', () => {
    const job = find(r, 'Job', /^migrate-[0-9a-f]{8}$/) as Any;
    const jc = job.spec.template.spec.containers[0];
    expect(jc.image).toBe(c.image);
    expect(jc.args).toEqual(['alembic', 'upgrade', 'head']);
    expect(job.spec.ttlSecondsAfterFinished).toBeUndefined();
    expect(job.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('0');
    expect(job.spec.template.spec.initContainers.map((x: Any) => x.name)).toEqual(['wait-for-db']);
  });

  test('backend is gated on the schema (x-k8s migrationGate) and on the database', () => {
    const names = pod.initContainers.map((x: Any) => x.name);
    expect(names).toEqual(['wait-for-db', 'wait-for-migrations']);
    const gate = pod.initContainers[1];
    expect(gate.image).toBe(c.image);
    expect(gate.command.join(' ')).toContain('alembic current --check-heads');
    expect(gate.env).toEqual(c.env);
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  test('secrets: required keys optional: false, provider keys optional: true, DATABASE_URL composed after the password', () => {
    const env = c.env as Any[];
    const byName = Object.fromEntries(env.map((e) => [e.name, e]));
    expect(byName.JWT_SECRET_KEY.valueFrom.secretKeyRef).toEqual({ name: 'tutor-secrets', key: 'JWT_SECRET_KEY', optional: false });
    expect(byName.ENCRYPTION_KEY.valueFrom.secretKeyRef.optional).toBe(false);
    for (const k of ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'GOOGLE_API_KEY']) expect(byName[k].valueFrom.secretKeyRef.optional).toBe(true);
    expect(byName.DATABASE_URL.value).toBe('postgresql+psycopg://app:$(POSTGRES_PASSWORD)@db:5432/app');
    // Compose order, with the secret that DATABASE_URL embeds moved before it.
    expect(env.map((e) => e.name)).toEqual([
      'POSTGRES_PASSWORD', 'DATABASE_URL', 'JWT_SECRET_KEY', 'ENCRYPTION_KEY', 'ACCESS_TOKEN_EXPIRE_MINUTES', 'OPENAI_API_KEY',
      'ANTHROPIC_API_KEY', 'GOOGLE_API_KEY', 'ENVIRONMENT', 'ALLOW_DEV_CORS', 'UVICORN_WORKERS', 'VENDOR_DATA_DIR', 'DERIVED_DATA_DIR',
    ]);
    const idx = (n: string) => env.findIndex((e) => e.name === n);
    expect(idx('POSTGRES_PASSWORD')).toBeLessThan(idx('DATABASE_URL'));
    expect(byName.POSTGRES_PASSWORD.valueFrom.secretKeyRef).toEqual({ name: 'tutor-secrets', key: 'POSTGRES_PASSWORD', optional: false });
  });

  test('postgres: a single-replica StatefulSet on a standalone claim, PGDATA in a subdirectory, UID 999, Services db and db-headless', () => {
    const db = find(r, 'StatefulSet', 'db') as Any;
    expect(db.spec.serviceName).toBe('db-headless');
    expect(db.spec.volumeClaimTemplates).toBeUndefined();
    expect(db.spec.template.spec.volumes).toContainEqual({ name: 'postgres-data', persistentVolumeClaim: { claimName: 'postgres-data' } });
    expect(find(r, 'PersistentVolumeClaim', 'postgres-data')).toMatchObject({ spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } } });
    const dc = db.spec.template.spec.containers[0];
    expect(dc.env).toContainEqual({ name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' });
    expect(db.spec.template.spec.securityContext).toMatchObject({ runAsUser: 999, runAsGroup: 999, fsGroup: 999 });
    expect(dc.readinessProbe.exec.command).toEqual(['sh', '-c', 'pg_isready -U app -d app']);
    expect(find(r, 'Service', 'db')).toMatchObject({ spec: { ports: [{ port: 5432, targetPort: 'postgresql' }] } });
    expect(find(r, 'Service', 'db-headless')).toMatchObject({ spec: { clusterIP: 'None' } });
    expect(db.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false,Delete=false');
  });

  test('SECRETS.md lists exactly the Secrets and keys the manifests reference', () => {
    const doc = r.files.get('SECRETS.md')!;
    const listed = [...doc.matchAll(/^Secret: (.+)$/gm)].map((m) => m[1]);
    const referenced = new Set<string>();
    const keys = new Set<string>();
    for (const o of r.objects) {
      JSON.stringify(o, (k, v) => {
        if (k === 'secretKeyRef') {
          referenced.add(v.name);
          keys.add(v.key);
        }
        return v;
      });
    }
    expect(listed).toEqual([...referenced].sort());
    const listedKeys = [...doc.matchAll(/^- ([A-Z0-9_]+) \((required|optional)/gm)].map((m) => m[1]);
    expect(listedKeys.sort()).toEqual([...keys].sort());
  });

  test('no secret value reaches the output even when every variable is set', () => {
    const withValues = compileExample('seed', { environment: SECRETS });
    const all = [...withValues.files.values()].join('\n');
    for (const v of Object.values(SECRETS)) expect(all).not.toContain(v);
    expect(withoutDefinedness(withValues.files)).toEqual(withoutDefinedness(r.files));
  });

  test('deterministic: the same input gives byte-identical files', () => {
    expect([...compileExample('seed').files.entries()]).toEqual([...r.files.entries()]);
  });
});
