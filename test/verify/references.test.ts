/**
 * The built-in output check on synthesized objects: a good output passes, and changing one field at
 * a time gives exactly one finding with a message that names both objects.
 */
import { CompileResult } from '../../src/compile';
import { K8sObject } from '../../src/output/render';
import { verifyObjects } from '../../src/verify';
import { Any, AVAILABILITY_COMPOSE } from '../helpers';
import { compileProject, compileText, externalOf, mutate, show } from './helpers';

const SEED_POD_LABELS =
  'app.kubernetes.io/component=app,app.kubernetes.io/instance=tutor,app.kubernetes.io/managed-by=cdk8s-compose,app.kubernetes.io/name=backend,' +
  'app.kubernetes.io/part-of=tutor,app.kubernetes.io/version=1.4.2,network.cdk8s-compose.io/default=true';

describe('seed example (Deployment, StatefulSet, migration Job, claims, secrets)', () => {
  let r: CompileResult;
  beforeAll(() => {
    // The seed example picks the external-secrets provider; these tests need the pre-created Secret.
    r = compileProject('examples/seed', { secrets: 'external' });
  });
  const external = () => externalOf(r);
  const check = (objects: readonly K8sObject[], ext = external()) => show(verifyObjects(objects, ext));
  const backend = (edit: (o: Any) => void) => mutate(r.objects, 'Deployment', 'backend', edit);
  const container = (o: Any) => o.spec.template.spec.containers[0];

  test('the synthesized output passes, with the pre-created Secret named as external', () => {
    expect(external().secrets).toEqual(['tutor-secrets']);
    expect(verifyObjects(r.objects, external())).toEqual([]);
  });

  test('findings are errors without a file, with the object as path', () => {
    const ds = verifyObjects(backend((o) => (o.spec.template.spec.serviceAccountName = 'backendx')), external());
    expect(ds).toEqual([
      { severity: 'error', path: 'Deployment/backend', message: 'Deployment/backend runs as ServiceAccount/backendx, which is not in the output' },
    ]);
  });

  test('a Service selector label that no pod template has', () => {
    const objects = mutate(r.objects, 'Service', 'backend', (o) => (o.spec.selector['app.kubernetes.io/name'] = 'backendx'));
    expect(check(objects)).toEqual([
      'Service/backend: Service/backend selector app.kubernetes.io/instance=tutor,app.kubernetes.io/name=backendx ' +
        'matches no pod template (Deployment, StatefulSet, DaemonSet, Job, CronJob)',
    ]);
  });

  test('a Service targetPort (name or number) that the pod does not declare, or with another protocol', () => {
    const byName = mutate(r.objects, 'Service', 'backend', (o) => (o.spec.ports[0].targetPort = 'httpx'));
    expect(check(byName)).toEqual([
      'Service/backend: Service/backend port "http" targets container port "httpx", which Deployment/backend does not declare (its ports: http=8000/TCP)',
    ]);
    const byNumber = mutate(r.objects, 'Service', 'backend', (o) => (o.spec.ports[0].targetPort = 8080));
    expect(check(byNumber)).toEqual([
      'Service/backend: Service/backend port "http" targets container port 8080, which Deployment/backend does not declare (its ports: http=8000/TCP)',
    ]);
    const udp = mutate(r.objects, 'Service', 'db', (o) => (o.spec.ports[0].protocol = 'UDP'));
    expect(check(udp)).toEqual([
      'Service/db: Service/db port "postgresql" targets container port "postgresql" over UDP, which StatefulSet/db declares only over TCP',
    ]);
    // A numeric targetPort that is declared passes.
    expect(check(mutate(r.objects, 'Service', 'backend', (o) => (o.spec.ports[0].targetPort = 8000)))).toEqual([]);
  });

  test('a probe on a port that the container does not declare', () => {
    const objects = backend((o) => (container(o).readinessProbe.httpGet.port = 'web'));
    expect(check(objects)).toEqual([
      'Deployment/backend: Deployment/backend container "backend" readinessProbe.httpGet targets port "web", which the container does not declare (its ports: http=8000/TCP)',
    ]);
    const numeric = mutate(r.objects, 'StatefulSet', 'db', (o) => (container(o).livenessProbe.tcpSocket.port = 5433));
    expect(check(numeric)).toEqual([
      'StatefulSet/db: StatefulSet/db container "db" livenessProbe.tcpSocket targets port 5433, which the container does not declare (its ports: postgresql=5432/TCP)',
    ]);
    expect(check(backend((o) => (container(o).startupProbe.httpGet.port = 8000)))).toEqual([]);
  });

  test('a claimName that is no claim of the output, unless it is an external claim', () => {
    const objects = backend((o) => (o.spec.template.spec.volumes[0].persistentVolumeClaim.claimName = 'vendor'));
    expect(check(objects)).toEqual([
      'Deployment/backend: Deployment/backend volume "vendor-data" uses PersistentVolumeClaim/vendor, which is neither in the output nor an external claim',
    ]);
    expect(check(objects, { ...external(), claims: ['vendor'] })).toEqual([]);
  });

  test('a StatefulSet volume may claim one of its volumeClaimTemplates', () => {
    const objects = mutate(r.objects, 'StatefulSet', 'db', (o) => o.spec.template.spec.volumes.push({ name: 'extra', persistentVolumeClaim: { claimName: 'postgres-data' } }));
    expect(check(objects)).toEqual([]);
    const wrong = mutate(r.objects, 'StatefulSet', 'db', (o) => o.spec.template.spec.volumes.push({ name: 'extra', persistentVolumeClaim: { claimName: 'pg' } }));
    expect(check(wrong)).toEqual([
      'StatefulSet/db: StatefulSet/db volume "extra" uses PersistentVolumeClaim/pg, which is neither in the output, nor a volumeClaimTemplate of StatefulSet/db, nor an external claim',
    ]);
  });

  test('a secretKeyRef naming a Secret that is neither in the output nor external; optional refs are exempt', () => {
    const objects = backend((o) => (container(o).env[0].valueFrom.secretKeyRef.name = 'other-secrets'));
    expect(container(objects.find((o) => o.kind === 'Deployment') as Any).env[0].name).toBe('POSTGRES_PASSWORD');
    expect(check(objects)).toEqual([
      'Deployment/backend: Deployment/backend container "backend" env POSTGRES_PASSWORD reads Secret/other-secrets, which is neither in the output (as a Secret or an ExternalSecret target) nor an external secret',
    ]);
    expect(check(objects, { secrets: ['tutor-secrets', 'other-secrets'] })).toEqual([]);
    const optional = backend((o) => {
      container(o).env[0].valueFrom.secretKeyRef.name = 'other-secrets';
      container(o).env[0].valueFrom.secretKeyRef.optional = true;
    });
    expect(check(optional)).toEqual([]);
  });

  test('without the external Secret every required reference is reported; optional ones are not', () => {
    const ds = verifyObjects(r.objects, { secrets: [] });
    expect(ds.length).toBeGreaterThan(0);
    expect(ds.every((d) => / reads Secret\/tutor-secrets, which is neither in the output/.test(d.message))).toBe(true);
    expect(ds.some((d) => /OPENAI_API_KEY/.test(d.message))).toBe(false);
    expect(new Set(ds.map((d) => d.path))).toEqual(new Set(['Deployment/backend', 'StatefulSet/db', expect.stringMatching(/^Job\/migrate-[0-9a-f]{8}$/)]));
  });

  test('a serviceAccountName that is no ServiceAccount of the output (default is fine)', () => {
    expect(check(backend((o) => (o.spec.template.spec.serviceAccountName = 'backendx')))).toEqual([
      'Deployment/backend: Deployment/backend runs as ServiceAccount/backendx, which is not in the output',
    ]);
    expect(check(backend((o) => (o.spec.template.spec.serviceAccountName = 'default')))).toEqual([]);
  });

  test('a controller selector that does not match its own template labels', () => {
    const objects = backend((o) => (o.spec.selector.matchLabels['app.kubernetes.io/name'] = 'backendx'));
    expect(check(objects)).toEqual([
      `Deployment/backend: Deployment/backend selector app.kubernetes.io/instance=tutor,app.kubernetes.io/name=backendx does not match the labels of its own pod template (${SEED_POD_LABELS})`,
    ]);
    expect(check(backend((o) => delete o.spec.selector))).toEqual([
      `Deployment/backend: Deployment/backend has no spec.selector; it must select the labels of its pod template (${SEED_POD_LABELS})`,
    ]);
    const expression = backend((o) => (o.spec.selector.matchExpressions = [{ key: 'app.kubernetes.io/component', operator: 'NotIn', values: ['app'] }]));
    expect(check(expression)).toEqual([
      'Deployment/backend: Deployment/backend selector app.kubernetes.io/instance=tutor,app.kubernetes.io/name=backend,' +
        `app.kubernetes.io/component NotIn (app) does not match the labels of its own pod template (${SEED_POD_LABELS})`,
    ]);
  });

  test('a volumeMount naming no volume of the pod (a StatefulSet may mount its claim templates)', () => {
    expect(check(backend((o) => (container(o).volumeMounts[2].name = 'scratch')))).toEqual([
      'Deployment/backend: Deployment/backend container "backend" mounts volume "scratch", which is no volume of the pod',
    ]);
    expect(check(backend((o) => (o.spec.template.spec.initContainers[1].volumeMounts[0].name = 'vendor')))).toEqual([
      'Deployment/backend: Deployment/backend initContainer "wait-for-migrations" mounts volume "vendor", which is no volume of the pod',
    ]);
    expect(check(mutate(r.objects, 'StatefulSet', 'db', (o) => (container(o).volumeMounts[0].name = 'pg-data')))).toEqual([
      'StatefulSet/db: StatefulSet/db container "db" mounts volume "pg-data", which is neither a volume of the pod nor a volumeClaimTemplate of StatefulSet/db',
    ]);
  });

  test('namespaces: an unset namespace equals only another unset one', () => {
    const objects = mutate(r.objects, 'ServiceAccount', 'backend', (o) => (o.metadata.namespace = 'tutor'));
    expect(check(objects)).toEqual([
      'Deployment/backend: Deployment/backend runs as ServiceAccount/backend, which is not in the output (ServiceAccount/backend exists only in namespace tutor)',
    ]);
    const svc = mutate(r.objects, 'Service', 'backend', (o) => (o.metadata.namespace = 'tutor'));
    expect(check(svc)).toEqual([
      'Service/backend: Service/backend selector app.kubernetes.io/instance=tutor,app.kubernetes.io/name=backend ' +
        'matches no pod template (Deployment, StatefulSet, DaemonSet, Job, CronJob) in namespace tutor',
    ]);
  });
});

describe('jobs example in a namespace (ConfigMaps, RBAC gates, projected token volumes)', () => {
  let r: CompileResult;
  beforeAll(() => {
    r = compileProject('examples/jobs', { namespace: 'demo' });
  });
  const check = (objects: readonly K8sObject[], ext = externalOf(r)) => show(verifyObjects(objects, ext));
  const migrate = /^migrate-[0-9a-f]{8}$/;
  const seedJob = /^seed-[0-9a-f]{8}$/;
  const seedName = () => r.objects.find((o) => o.kind === 'Job' && seedJob.test(o.metadata.name))!.metadata.name;

  test('the synthesized output passes', () => {
    expect(verifyObjects(r.objects, externalOf(r))).toEqual([]);
  });

  test('external secrets may be named namespace/name', () => {
    expect(check(r.objects, { secrets: ['demo/todos-secrets'] })).toEqual([]);
    expect(check(r.objects, { secrets: ['other/todos-secrets'] }).length).toBeGreaterThan(0);
  });

  test('a configMap volume naming no ConfigMap of the output, unless external', () => {
    const objects = mutate(r.objects, 'Job', migrate, (o) => (o.spec.template.spec.volumes[0].configMap.name = 'migrations'));
    const job = objects.find((o) => o.kind === 'Job' && migrate.test(o.metadata.name))!.metadata.name;
    expect(check(objects)).toEqual([
      `Job/${job}: Job/${job} volume "cfg-migrations" reads ConfigMap/migrations in namespace demo, which is neither in the output nor an external ConfigMap`,
    ]);
    expect(check(objects, { ...externalOf(r), configMaps: ['migrations'] })).toEqual([]);
  });

  test('a ConfigMap in another namespace does not count', () => {
    const objects = mutate(r.objects, 'ConfigMap', 'seed-seed', (o) => (o.metadata.namespace = 'other'));
    expect(check(objects)).toEqual([
      `Job/${seedName()}: Job/${seedName()} volume "cfg-seed" reads ConfigMap/seed-seed in namespace demo, which is neither in the output nor an external ConfigMap (ConfigMap/seed-seed exists only in namespace other)`,
    ]);
  });

  test('a ConfigMap key that the ConfigMap lacks; kube-root-ca.crt always exists with ca.crt', () => {
    const projected = mutate(r.objects, 'Deployment', 'app', (o) => (o.spec.template.spec.volumes[1].projected.sources[1].configMap.items[0].key = 'ca.pem'));
    expect(check(projected)).toEqual([
      'Deployment/app: Deployment/app projected volume "api-token" reads key "ca.pem" of ConfigMap/kube-root-ca.crt, which has no such key (keys: ca.crt)',
    ]);
    const envRef = mutate(r.objects, 'Job', seedJob, (o) =>
      o.spec.template.spec.containers[0].env.push({ name: 'SEED_FILE', valueFrom: { configMapKeyRef: { name: 'seed-seed', key: 'seed.csv' } } }),
    );
    expect(check(envRef)).toEqual([
      `Job/${seedName()}: Job/${seedName()} container "seed" env SEED_FILE reads key "seed.csv" of ConfigMap/seed-seed, which has no such key (keys: seed.sql)`,
    ]);
    const optional = mutate(r.objects, 'Job', seedJob, (o) =>
      o.spec.template.spec.containers[0].env.push({ name: 'SEED_FILE', valueFrom: { configMapKeyRef: { name: 'seed-seed', key: 'seed.csv', optional: true } } }),
    );
    expect(check(optional)).toEqual([]);
    const envFrom = mutate(r.objects, 'Job', seedJob, (o) => (o.spec.template.spec.containers[0].envFrom = [{ configMapRef: { name: 'seed-env' } }]));
    expect(check(envFrom)).toEqual([
      `Job/${seedName()}: Job/${seedName()} container "seed" envFrom reads ConfigMap/seed-env in namespace demo, which is neither in the output nor an external ConfigMap`,
    ]);
  });

  test('a RoleBinding whose Role is missing, or whose ServiceAccount subject is in the wrong namespace', () => {
    expect(check(mutate(r.objects, 'RoleBinding', 'app-wait', (o) => (o.roleRef.name = 'app-waitx')))).toEqual([
      'RoleBinding/app-wait: RoleBinding/app-wait refers to Role/app-waitx in namespace demo, which is not in the output',
    ]);
    expect(check(mutate(r.objects, 'RoleBinding', 'app-wait', (o) => (o.subjects[0].namespace = 'default')))).toEqual([
      'RoleBinding/app-wait: RoleBinding/app-wait binds ServiceAccount/app in namespace default, which is not in the output (ServiceAccount/app exists only in namespace demo)',
    ]);
    // Without a namespace the subject is in the binding's namespace.
    expect(check(mutate(r.objects, 'RoleBinding', 'app-wait', (o) => delete o.subjects[0].namespace))).toEqual([]);
    // A ServiceAccount of another namespace that the output does not hold may be bound on purpose.
    expect(check(mutate(r.objects, 'RoleBinding', 'app-wait', (o) => o.subjects.push({ kind: 'ServiceAccount', name: 'ci', namespace: 'ci' })))).toEqual([]);
  });

  test('a Role that grants access to a Job that is not in the output (a stale hash)', () => {
    expect(check(mutate(r.objects, 'Role', 'app-wait', (o) => (o.rules[0].resourceNames = ['migrate-00000000'])))).toEqual([
      'Role/app-wait: Role/app-wait grants access to Job/migrate-00000000 in namespace demo, which is not in the output',
    ]);
  });
});

describe('external-secrets provider', () => {
  let r: CompileResult;
  beforeAll(() => {
    r = compileProject('examples/jobs', { namespace: 'demo', secrets: 'external-secrets', secretStore: 'vault' });
  });

  test('the ExternalSecret target provides the Secret: no external names needed', () => {
    expect(r.objects.some((o) => o.kind === 'ExternalSecret')).toBe(true);
    expect(verifyObjects(r.objects, { secrets: [] })).toEqual([]);
  });

  test('a secretKeyRef key that the ExternalSecret does not produce', () => {
    const app = r.objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'app') as Any;
    const index = app.spec.template.spec.containers[0].env.findIndex((e: Any) => e.valueFrom?.secretKeyRef?.key === 'POSTGRES_PASSWORD');
    const name = app.spec.template.spec.containers[0].env[index].name;
    const objects = mutate(r.objects, 'Deployment', 'app', (o) => (o.spec.template.spec.containers[0].env[index].valueFrom.secretKeyRef.key = 'POSTGRES_PASS'));
    expect(show(verifyObjects(objects, { secrets: [] }))).toEqual([
      `Deployment/app: Deployment/app container "app" env ${name} reads key "POSTGRES_PASS" of ExternalSecret/todos-secrets, which has no such key (keys: PGRST_JWT_SECRET, POSTGRES_PASSWORD)`,
    ]);
  });

  test('an ExternalSecret whose target has another name provides that name', () => {
    const objects = mutate(r.objects, 'ExternalSecret', 'todos-secrets', (o) => (o.spec.target.name = 'todos-runtime'));
    const ds = verifyObjects(objects, { secrets: [] });
    expect(ds.length).toBeGreaterThan(0);
    expect(ds.every((d) => d.message.includes('reads Secret/todos-secrets in namespace demo, which is neither in the output (as a Secret or an ExternalSecret target) nor an external secret'))).toBe(true);
  });
});

describe('Ingress, HorizontalPodAutoscaler and PodDisruptionBudget', () => {
  let r: CompileResult;
  beforeAll(() => {
    r = compileText(AVAILABILITY_COMPOSE);
  });
  const check = (objects: readonly K8sObject[]) => show(verifyObjects(objects, externalOf(r)));

  test('the synthesized output passes', () => {
    expect(r.objects.map((o) => o.kind)).toEqual(expect.arrayContaining(['Ingress', 'HorizontalPodAutoscaler', 'PodDisruptionBudget']));
    expect(check(r.objects)).toEqual([]);
  });

  test('an Ingress backend that is no Service, or no port of it', () => {
    const ing = r.objects.find((o) => o.kind === 'Ingress') as Any;
    const port = ing.spec.rules[0].http.paths[0].backend.service.port.name;
    expect(check(mutate(r.objects, 'Ingress', 'web', (o) => (o.spec.rules[0].http.paths[0].backend.service.name = 'webx')))).toEqual([
      'Ingress/web: Ingress/web routes to Service/webx, which is not in the output',
    ]);
    expect(check(mutate(r.objects, 'Ingress', 'web', (o) => (o.spec.rules[0].http.paths[0].backend.service.port = { name: 'https' })))).toEqual([
      `Ingress/web: Ingress/web routes to port "https" of Service/web, which has no such port (its ports: ${port}=8080)`,
    ]);
  });

  test('an Ingress TLS Secret is a prerequisite, unless cert-manager makes it', () => {
    expect(show(verifyObjects(r.objects, { secrets: [] }))).toEqual([
      'Ingress/web: Ingress/web spec.tls reads Secret/web-tls, which is neither in the output (as a Secret or an ExternalSecret target) nor an external secret',
    ]);
    const managed = mutate(r.objects, 'Ingress', 'web', (o) => (o.metadata.annotations = { ...o.metadata.annotations, 'cert-manager.io/cluster-issuer': 'letsencrypt' }));
    expect(show(verifyObjects(managed, { secrets: [] }))).toEqual([]);
  });

  test('an autoscaler target that is not in the output', () => {
    expect(check(mutate(r.objects, 'HorizontalPodAutoscaler', 'web', (o) => (o.spec.scaleTargetRef.name = 'webx')))).toEqual([
      'HorizontalPodAutoscaler/web: HorizontalPodAutoscaler/web scales Deployment/webx, which is not in the output',
    ]);
  });

  test('a disruption budget that selects no pods', () => {
    const objects = mutate(r.objects, 'PodDisruptionBudget', 'web', (o) => (o.spec.selector.matchLabels['app.kubernetes.io/name'] = 'webx'));
    expect(check(objects)).toEqual([
      expect.stringMatching(/^PodDisruptionBudget\/web: PodDisruptionBudget\/web selector .*app\.kubernetes\.io\/name=webx matches no pod template \(Deployment, StatefulSet, DaemonSet, Job, CronJob\)$/),
    ]);
  });
});
