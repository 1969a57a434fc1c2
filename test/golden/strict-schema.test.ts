/**
 * Strict schema: no object that the compiler writes has a field that the Kubernetes API does not
 * define (`kubectl apply` validates strictly by default and would reject it), checked with the field
 * lists of @kubernetes/client-node's model classes. The check itself is shown to fail on misspelled
 * fields.
 */
import { CompileResult } from '../../src/compile';
import { K8sObject } from '../../src/output/render';
import { Any, AVAILABILITY_COMPOSE, compileProject, compileText, PROJECTS } from '../helpers';
import { rootClassOf, typeMaps, unknownFields } from '../strict-fields';

function problemsOf(objects: readonly K8sObject[]): string[] {
  return objects.flatMap((o) => unknownFields(o).map((m) => `${o.kind}/${o.metadata.name}: ${m}`));
}

const seed = () => compileProject('examples/seed');
const one = (r: CompileResult, kind: string, name: string): Any => JSON.parse(JSON.stringify(r.objects.find((o) => o.kind === kind && o.metadata.name === name)));

describe('the class of a kind', () => {
  test.each([
    ['apps/v1', 'Deployment', 'V1Deployment'],
    ['apps/v1', 'StatefulSet', 'V1StatefulSet'],
    ['batch/v1', 'Job', 'V1Job'],
    ['v1', 'Service', 'V1Service'],
    ['v1', 'Event', 'CoreV1Event'],
    ['events.k8s.io/v1', 'Event', 'EventsV1Event'],
    ['autoscaling/v2', 'HorizontalPodAutoscaler', 'V2HorizontalPodAutoscaler'],
    ['policy/v1', 'PodDisruptionBudget', 'V1PodDisruptionBudget'],
    ['networking.k8s.io/v1', 'Ingress', 'V1Ingress'],
    ['networking.k8s.io/v1', 'NetworkPolicy', 'V1NetworkPolicy'],
    ['rbac.authorization.k8s.io/v1', 'Role', 'V1Role'],
  ])('%s %s → %s', (apiVersion, kind, cls) => {
    expect(rootClassOf(apiVersion, kind)).toBe(cls);
  });

  test('kinds of other groups are not checked; an unknown built-in kind is a finding', () => {
    expect(rootClassOf('external-secrets.io/v1', 'ExternalSecret')).toBeNull();
    expect(rootClassOf('gateway.networking.k8s.io/v1', 'HTTPRoute')).toBeNull();
    expect(unknownFields({ apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', spec: { anything: 1 } } as never)).toEqual([]);
    expect(unknownFields({ apiVersion: 'apps/v1', kind: 'Deploymnet' })).toEqual(['unknown kind Deploymnet in apps/v1']);
  });

  test('fields are JSON names (baseName), not TypeScript names', () => {
    const rule = typeMaps().get('V1NetworkPolicyIngressRule')!;
    expect(rule.has('from')).toBe(true);
    expect(rule.has('_from')).toBe(false);
  });
});

describe('every object of every example and valid fixture has only API fields', () => {
  test.each(PROJECTS)('%s', (project) => {
    for (const options of [{}, { namespace: 'demo', secrets: 'external-secrets' as const, secretStore: 'vault' }]) {
      const r = compileProject(project, options);
      const checked = r.objects.filter((o) => rootClassOf(o.apiVersion, o.kind) !== null);
      expect(checked.length).toBeGreaterThan(0);
      expect(problemsOf(r.objects)).toEqual([]);
    }
  });

  test('HorizontalPodAutoscaler, Ingress and PodDisruptionBudget', () => {
    const r = compileText(AVAILABILITY_COMPOSE, { namespace: 'shop' });
    expect(r.objects.map((o) => o.kind)).toEqual(expect.arrayContaining(['HorizontalPodAutoscaler', 'Ingress', 'PodDisruptionBudget']));
    expect(problemsOf(r.objects)).toEqual([]);
  });
});

describe('the check fails on fields the API does not define', () => {
  test('a wrongly cased container field', () => {
    const d = one(seed(), 'Deployment', 'backend');
    const c = d.spec.template.spec.containers[0];
    c.readinessprobe = c.readinessProbe;
    delete c.readinessProbe;
    expect(unknownFields(d)).toEqual(['unknown field spec.template.spec.containers[0].readinessprobe (did you mean readinessProbe?)']);
  });

  test('a misspelled metadata field and a misspelled spec field', () => {
    const d = one(seed(), 'Deployment', 'backend');
    d.metadata.lables = d.metadata.labels;
    d.spec.replica = 2;
    expect(unknownFields(d)).toEqual(['unknown field metadata.lables (did you mean labels?)', 'unknown field spec.replica (did you mean replicas?)']);
  });

  test('fields at the wrong level, deep in arrays, and in other kinds', () => {
    const sts = one(seed(), 'StatefulSet', 'db');
    sts.spec.template.spec.image = 'postgres:16.4';
    sts.spec.template.spec.containers[0].env[0].valuefrom = {};
    sts.spec.template.spec.volumes[0].persistentvolumeclaim = {};
    expect(unknownFields(sts)).toEqual([
      'unknown field spec.template.spec.containers[0].env[0].valuefrom (did you mean valueFrom?)',
      'unknown field spec.template.spec.volumes[0].persistentvolumeclaim (did you mean persistentVolumeClaim?)',
      'unknown field spec.template.spec.image',
    ]);
    const pvc = one(seed(), 'PersistentVolumeClaim', 'postgres-data');
    pvc.spec.resources.request = { storage: '1Gi' };
    expect(unknownFields(pvc)).toEqual(['unknown field spec.resources.request (did you mean requests?)']);
    const svc = one(seed(), 'Service', 'backend');
    svc.spec.port = 8000;
    svc.namespace = 'x';
    expect(unknownFields(svc)).toEqual(['unknown field spec.port (did you mean ports?)', 'unknown field namespace']);
  });

  test('maps take any keys; quantities and IntOrString are leaves', () => {
    const d = one(seed(), 'Deployment', 'backend');
    d.metadata.labels['example.com/any-key'] = 'v';
    d.metadata.annotations['whatever/thing'] = 'v';
    d.spec.template.spec.nodeSelector = { 'kubernetes.io/arch': 'amd64' };
    d.spec.template.spec.containers[0].resources.limits['nvidia.com/gpu'] = '1';
    d.spec.strategy.rollingUpdate.maxSurge = '25%';
    expect(unknownFields(d)).toEqual([]);
  });
});
