/**
 * The output check's index (src/verify/inventory.ts): one pass over the objects, the pod templates
 * with their namespace and containers, label buckets made per selector key on first use; and the
 * checks that read it find the same problems wherever the objects and containers are.
 */
import { K8sObject } from '../../src/output/render';
import { verifyObjects } from '../../src/verify';
import { containersOf, Inventory, podTemplateOf } from '../../src/verify/inventory';
import { labelSelectorMatches, mapMatches, stringMap } from '../../src/verify/objects';
import { Any } from '../helpers';
import { show } from './helpers';

const deployment = (name: string, labels: Record<string, unknown>, ns?: string, spec: Any = { containers: [{ name }] }): K8sObject =>
  ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, ...(ns !== undefined ? { namespace: ns } : {}) },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec } },
  }) as unknown as K8sObject;

const object = (kind: string, name: string, ns?: string, extra: Any = {}): K8sObject =>
  ({ apiVersion: 'v1', kind, metadata: { name, ...(ns !== undefined ? { namespace: ns } : {}) }, ...extra }) as unknown as K8sObject;

describe('Inventory', () => {
  test('templates matching a selector: every entry, only in that namespace, in object order', () => {
    const objects = [
      deployment('a', { app: 'x', tier: 'web' }),
      deployment('b', { app: 'x', tier: 'db' }),
      deployment('c', { app: 'x', tier: 'web' }, 'other'),
      deployment('d', { app: 'x', tier: 'web', extra: 'y' }),
    ];
    const inv = new Inventory(objects);
    const names = (ns: string | undefined, sel: Record<string, string>) => inv.templatesMatching(ns, sel).map((t) => t.owner.metadata.name);
    expect(names(undefined, { app: 'x', tier: 'web' })).toEqual(['a', 'd']);
    expect(names(undefined, { tier: 'web', app: 'x' })).toEqual(['a', 'd']);
    expect(names(undefined, { app: 'x' })).toEqual(['a', 'b', 'd']);
    expect(names('other', { app: 'x' })).toEqual(['c']);
    expect(names(undefined, { app: 'x', tier: 'cache' })).toEqual([]);
    expect(names(undefined, { extra: 'y' })).toEqual(['d']);
    // Inherited properties are no labels; values that are not strings are not either.
    expect(names(undefined, { constructor: 'x' })).toEqual([]);
    expect(names(undefined, {})).toEqual([]);
    const numeric = new Inventory([deployment('n', { app: 'x', port: 80 })]);
    expect(numeric.templatesMatching(undefined, { port: '80' })).toEqual([]);
    expect(numeric.templates[0].labels).toEqual({ app: 'x' });
  });

  test('objects by namespace, kind and name (the last of a repeated one), by kind in order, elsewhere', () => {
    const first = object('ServiceAccount', 'app');
    const second = object('ServiceAccount', 'app', undefined, { automountServiceAccountToken: false });
    const inNs = object('ServiceAccount', 'app', 'demo');
    const inv = new Inventory([first, object('Service', 'app'), second, inNs]);
    expect(inv.get(undefined, 'ServiceAccount', 'app')).toBe(second);
    expect(inv.get('demo', 'ServiceAccount', 'app')).toBe(inNs);
    expect(inv.get('', 'ServiceAccount', 'app')).toBe(second);
    expect(inv.get('demo', 'Service', 'app')).toBeUndefined();
    expect(inv.get(undefined, 'Service', 'app')?.kind).toBe('Service');
    expect(inv.get(undefined, 'Role', 'app')).toBeUndefined();
    expect(inv.ofKind('ServiceAccount')).toEqual([first, second, inNs]);
    expect(inv.ofKind('Role')).toEqual([]);
    expect(inv.elsewhere('demo', 'ServiceAccount', 'app')).toEqual([first, second]);
    expect(inv.elsewhere(undefined, 'ServiceAccount', 'app')).toEqual([inNs]);
  });

  test('pod templates of workloads in their API group only, with namespace, labels and containers', () => {
    const cron = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'nightly', namespace: 'demo' },
      spec: { jobTemplate: { spec: { template: { metadata: { labels: { app: 'n' } }, spec: { containers: [{ name: 'run' }] } } } } },
    } as unknown as K8sObject;
    const t = podTemplateOf(cron)!;
    expect(t.ns).toBe('demo');
    expect(t.labels).toEqual({ app: 'n' });
    expect(t.containers.map((c) => c.label)).toEqual(['container "run"']);
    expect(podTemplateOf({ ...deployment('crd', {}), apiVersion: 'example.com/v1' } as K8sObject)).toBeUndefined();
    expect(podTemplateOf(object('Pod', 'p', undefined, { spec: { containers: [{ name: 'x' }] } }))?.containers).toHaveLength(1);
    expect(podTemplateOf(object('ConfigMap', 'c'))).toBeUndefined();
  });

  test('containers in order (init, main, ephemeral), which serve, and their ports that serve', () => {
    const spec = {
      initContainers: [{ name: 'wait' }, { name: 'proxy', restartPolicy: 'Always', ports: [{ name: 'p', containerPort: 15001 }] }, 'junk'],
      containers: [{ name: 'web', ports: [{ name: 'http', containerPort: 8000 }, 'junk'] }, { ports: [{ containerPort: 9090 }] }],
      ephemeralContainers: [{ name: 'debug', ports: [{ containerPort: 1 }] }],
    };
    const cs = containersOf(spec);
    expect(cs.map((c) => [c.label, c.serving])).toEqual([
      ['initContainer "wait"', false],
      ['initContainer "proxy"', true],
      ['container "web"', true],
      ['container "?"', true],
      ['ephemeralContainer "debug"', false],
    ]);
    const t = new Inventory([deployment('w', { app: 'w' }, undefined, spec)]).templates[0];
    expect(t.servingPorts.map((p) => p.containerPort)).toEqual([15001, 8000, 9090]);
    expect(t.servingPorts).toBe(t.servingPorts);
  });
});

describe('string maps and selectors', () => {
  test('stringMap: the map itself when it holds only strings, else a copy of its string entries', () => {
    const labels = { app: 'x', tier: 'web' };
    expect(stringMap(labels)).toBe(labels);
    expect(stringMap({ app: 'x', port: 80, on: true })).toEqual({ app: 'x' });
    expect(stringMap(['a'])).toEqual({});
    expect(stringMap(undefined)).toEqual({});
    const proto = JSON.parse('{"__proto__": "x", "app": "y"}') as Record<string, unknown>;
    expect(Object.entries(stringMap(proto))).toEqual([['app', 'y']]);
    const inherited = Object.assign(Object.create({ app: 'inherited' }) as object, { tier: 'web' });
    expect(Object.entries(stringMap(inherited))).toEqual([['tier', 'web']]);
  });

  test('mapMatches and labelSelectorMatches: own entries only', () => {
    expect(mapMatches({ app: 'x' }, { app: 'x', tier: 'web' })).toBe(true);
    expect(mapMatches({ app: 'x', tier: 'db' }, { app: 'x', tier: 'web' })).toBe(false);
    expect(mapMatches({}, {})).toBe(true);
    expect(mapMatches({ toString: 'x' }, {})).toBe(false);
    expect(mapMatches(Object.create({ app: 'y' }) as Record<string, string>, { app: 'x' })).toBe(true);
    expect(labelSelectorMatches({ matchLabels: { app: 'x', n: 1 } }, { app: 'x' })).toBe(true);
    expect(labelSelectorMatches({ matchLabels: { app: 'x' }, matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, { app: 'x' })).toBe(false);
    expect(labelSelectorMatches({ matchExpressions: 'junk' }, {})).toBe(true);
  });
});

describe('checks over the index', () => {
  const sa = object('ServiceAccount', 'default');
  test('a Secret wins over an ExternalSecret target of the same name in either order; else the first ExternalSecret', () => {
    const reader = deployment('app', { app: 'a' }, undefined, { containers: [{ name: 'app', env: [{ name: 'K', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] }] });
    const secret = object('Secret', 's', undefined, { data: { other: 'eA==' } });
    const es = (name: string, key: string) =>
      ({ apiVersion: 'external-secrets.io/v1beta1', kind: 'ExternalSecret', metadata: { name }, spec: { target: { name: 's' }, data: [{ secretKey: key }] } }) as unknown as K8sObject;
    const fromSecret = ['Deployment/app: Deployment/app container "app" env K reads key "k" of Secret/s, which has no such key (keys: other)'];
    expect(show(verifyObjects([reader, sa, secret, es('e1', 'k')], { secrets: [] }))).toEqual(fromSecret);
    expect(show(verifyObjects([reader, sa, es('e1', 'k'), secret], { secrets: [] }))).toEqual(fromSecret);
    expect(show(verifyObjects([reader, sa, es('e1', 'x'), es('e2', 'k')], { secrets: [] }))).toEqual([
      'Deployment/app: Deployment/app container "app" env K reads key "k" of ExternalSecret/e1, which has no such key (keys: x)',
    ]);
  });

  test('references in env, envFrom, volumes and imagePullSecrets are reported in the order of the pod spec', () => {
    const spec = {
      volumes: [{ name: 'v', secret: { secretName: 'vol-secret' } }, { name: 'p', projected: { sources: [{ configMap: { name: 'proj' } }] } }],
      imagePullSecrets: [{ name: 'pull' }],
      initContainers: [{ name: 'init', envFrom: [{ secretRef: { name: 'init-env' } }, 'junk'] }],
      containers: [
        {
          name: 'main',
          env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'cm', key: 'a' } } }, { name: 'B', valueFrom: { secretKeyRef: { name: 'opt', optional: true } } }, { name: 'C', value: 'x' }, 'junk'],
          envFrom: [{ configMapRef: { name: 'cm-env' } }],
        },
      ],
    };
    const ds = show(verifyObjects([deployment('d', { app: 'd' }, undefined, spec), sa], { secrets: ['pull'] }));
    expect(ds.map((d) => d.replace(/, which is neither.*/, ''))).toEqual([
      'Deployment/d: Deployment/d initContainer "init" envFrom reads Secret/init-env',
      'Deployment/d: Deployment/d container "main" env A reads ConfigMap/cm',
      'Deployment/d: Deployment/d container "main" envFrom reads ConfigMap/cm-env',
      'Deployment/d: Deployment/d volume "v" reads Secret/vol-secret',
      'Deployment/d: Deployment/d projected volume "p" reads ConfigMap/proj',
    ]);
  });

  test('mounts and devices of every container name pod volumes (or claim templates of a StatefulSet)', () => {
    const spec = {
      volumes: [{ name: 'data' }],
      initContainers: [{ name: 'init', volumeMounts: [{ name: 'data' }, { name: 'nope' }] }],
      containers: [{ name: 'main', volumeDevices: [{ name: 'dev' }], volumeMounts: [{ name: 'claim' }] }],
    };
    const d = deployment('d', { app: 'd' }, undefined, spec);
    expect(show(verifyObjects([d, sa], { secrets: [] }))).toEqual([
      'Deployment/d: Deployment/d initContainer "init" mounts volume "nope", which is no volume of the pod',
      'Deployment/d: Deployment/d container "main" mounts volume "claim", which is no volume of the pod',
      'Deployment/d: Deployment/d container "main" uses the device of volume "dev", which is no volume of the pod',
    ]);
    const sts = { ...d, kind: 'StatefulSet', spec: { ...(d.spec as Any), volumeClaimTemplates: [{ metadata: { name: 'claim' } }] } } as K8sObject;
    expect(show(verifyObjects([sts, sa], { secrets: [] }))).toEqual([
      'StatefulSet/d: StatefulSet/d initContainer "init" mounts volume "nope", which is neither a volume of the pod nor a volumeClaimTemplate of StatefulSet/d',
      'StatefulSet/d: StatefulSet/d container "main" uses the device of volume "dev", which is neither a volume of the pod nor a volumeClaimTemplate of StatefulSet/d',
    ]);
  });

  test('probes of init and main containers on undeclared ports', () => {
    const spec = {
      initContainers: [{ name: 'side', restartPolicy: 'Always', readinessProbe: { tcpSocket: { port: 1 } }, ports: [{ containerPort: 1 }] }],
      containers: [{ name: 'main', livenessProbe: { exec: {}, grpc: { port: 2 } }, startupProbe: 'junk', ports: [{ name: 'http', containerPort: 3 }] }],
    };
    expect(show(verifyObjects([deployment('d', { app: 'd' }, undefined, spec), sa], { secrets: [] }))).toEqual([
      'Deployment/d: Deployment/d container "main" livenessProbe.grpc targets port 2, which the container does not declare (its ports: http=3/TCP)',
    ]);
  });
});
