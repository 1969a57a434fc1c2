/**
 * Every object of every example and valid fixture validates against the Kubernetes OpenAPI schema
 * (kubernetes-models 4.5.1, the models the independent checker uses), and reads back identically
 * through a YAML 1.1 reader like kubectl's.
 */
import * as path from 'path';
import { load, YAML11_SCHEMA } from 'js-yaml';
import { compile } from '../../src/compile';
import { fileNameOf, K8sObject, toYaml } from '../../src/output/render';
import { PROJECTS, ROOT } from '../helpers';

function modelClass(o: K8sObject): { new (data: unknown): { validate(): void } } {
  const [group, version] = o.apiVersion.includes('/') ? o.apiVersion.split('/') : ['', o.apiVersion];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(group === '' ? `kubernetes-models/${version}` : `kubernetes-models/${group}/${version}`);
  const cls = mod[o.kind];
  if (!cls) throw new Error(`no schema for ${o.apiVersion} ${o.kind}`);
  return cls;
}

describe.each(PROJECTS)('%s', (project) => {
  const dir = path.join(ROOT, project);
  const r = compile({ files: [], cwd: dir, environment: {}, namespace: 'demo' });

  test('every object validates against the Kubernetes schema', () => {
    const problems: string[] = [];
    for (const o of r.objects) {
      // Kinds of CRDs have no built-in schema (HTTPRoutes are checked against their CRD in test/charts/httproute-crd.test.ts).
      if (o.apiVersion.startsWith('external-secrets.io/') || o.apiVersion.startsWith('gateway.networking.k8s.io/')) continue;
      try {
        new (modelClass(o))(o).validate();
      } catch (e) {
        problems.push(`${o.kind}/${o.metadata.name}: ${(e as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  test('files read back identically with YAML 1.1 (kubectl)', () => {
    expect(r.objects.length).toBeGreaterThan(0);
    for (const o of r.objects) {
      const text = r.files.get(fileNameOf(o, 'demo'));
      expect(text).toBeDefined();
      expect(load(text!, { schema: YAML11_SCHEMA })).toEqual(JSON.parse(JSON.stringify(o)));
    }
  });
});

test('YAML 1.1 look-alikes stay strings', () => {
  const tricky = ['yes', 'no', 'on', 'off', 'y', 'n', 'Y', 'NO', '0755', '1_000', '0x1F', '1:20', '.inf', '~', 'null', '1e3', '2024-01-01'];
  const back = load(toYaml({ values: tricky }), { schema: YAML11_SCHEMA }) as { values: unknown[] };
  expect(back.values).toEqual(tricky);
});

test('the schema check can fail: a wrong type is rejected', () => {
  const r = compile({ files: [], cwd: path.join(ROOT, 'examples/seed'), environment: {} });
  const d = JSON.parse(JSON.stringify(r.objects.find((o) => o.kind === 'Deployment')));
  d.spec.replicas = 'two';
  expect(() => new (modelClass(d))(d).validate()).toThrow();
});
