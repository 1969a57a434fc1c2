/**
 * charts/synth-json.ts: the one-walk path gives exactly cdk8s' own `chart.toJson()` (same values,
 * same key order), on every example, valid fixture and corpus project, and on the values cdk8s'
 * resolvers treat specially.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, JsonPatch, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { ApplicationChart, addObjects } from '../../charts/application';
import { ManifestSink, ObjectSink, constructSink } from '../../charts/sink';
import { chartJson, manifestsJson, plainObjectOrder } from '../../charts/synth-json';
import { compile } from '../../src/compile';
import { UserError } from '../../src/diagnostics';
import { PROJECTS, ROOT, compileProject } from '../helpers';

const CORPUS = fs
  .readdirSync(path.join(ROOT, 'test/corpus'))
  .filter((n) => fs.statSync(path.join(ROOT, 'test/corpus', n)).isDirectory())
  .sort()
  .map((n) => `test/corpus/${n}`);

/** The same objects, built in two apps: one rendered by cdk8s, one by chartJson. */
function bothWays(build: (chart: Chart) => void): { cdk8s: string; ours: string } {
  const render = (f: (c: Chart) => unknown) => {
    const chart = new Chart(new App({ outdir: '/nonexistent' }), 'c');
    build(chart);
    return JSON.stringify(f(chart));
  };
  return { cdk8s: render((c) => c.toJson()), ours: render((c) => chartJson(c)) };
}

/** The message of the error `render` throws on a chart `build` filled ('no error' when none). */
function errorOf(build: (chart: Chart) => void, render: (c: Chart) => unknown): string {
  const chart = new Chart(new App({ outdir: '/nonexistent' }), 'c');
  build(chart);
  try {
    render(chart);
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
}

describe('chartJson equals chart.toJson()', () => {
  const projects = [...PROJECTS, ...CORPUS];
  test.each(projects)('%s', (project) => {
    let model;
    try {
      model = project.startsWith('test/corpus/') ? compile({ files: [], cwd: path.join(ROOT, project), environment: {} }).model : compileProject(project).model;
    } catch (e) {
      if (e instanceof UserError && project.startsWith('test/corpus/')) return; // a corpus project that is refused on purpose
      throw e;
    }
    const cdk8s = JSON.stringify(new ApplicationChart(new App({ outdir: '/nonexistent' }), model.project, model).toJson());
    const ours = JSON.stringify(chartJson(new ApplicationChart(new App({ outdir: '/nonexistent' }), model.project, model)));
    expect(ours).toBe(cdk8s);
    expect(JSON.parse(ours).length).toBeGreaterThan(0);
    // The CLI's path: no construct tree, each class's own converter.
    const plain = manifestsJson((out) => addObjects(out, model));
    expect(plain).toBeDefined();
    expect(JSON.stringify(plain)).toBe(cdk8s);
  });

  test('Lazy values, IntOrString and Quantity unions, implicit tokens, nulls, empty metadata, JSON patches', () => {
    const { cdk8s, ours } = bothWays((chart) => {
      new k8s.KubeService(chart, 's', {
        metadata: { name: 's', labels: { b: '2', a: '1' }, annotations: {} },
        spec: {
          ports: [{ port: 80, targetPort: k8s.IntOrString.fromString('http'), name: undefined }],
          selector: { z: 'z', a: 'a' },
          externalName: Lazy.any({ produce: () => 'lazy.example' }) as unknown as string,
          clusterIp: { resolve: () => 'None' } as unknown as string,
        },
      });
      const d = new k8s.KubeDeployment(chart, 'd', {
        metadata: { name: 'd', finalizers: [] },
        spec: {
          selector: { matchLabels: { app: 'd' } },
          template: {
            metadata: { labels: { app: 'd' } },
            spec: { containers: [{ name: 'c', image: 'x', resources: { limits: { memory: k8s.Quantity.fromString('1Gi'), cpu: k8s.Quantity.fromNumber(1) } } }] },
          },
        },
      });
      d.addJsonPatch(JsonPatch.add('/spec/replicas', 2));
      // Plain records whose own keys make cdk8s' resolvers act: `constructor` (its union test), unsorted keys.
      new ApiObject(chart, 'plain', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'plain' },
        data: { z: '1', a: '2' },
        spec: { union: { constructor: 'x', value: 'kept' }, nested: { c: { b: 1, a: null }, a: [] } },
      });
    });
    expect(ours).toBe(cdk8s);
    expect(ours).toContain('"targetPort":"http"');
    expect(ours).toContain('"externalName":"lazy.example"');
    expect(ours).toContain('"clusterIP":"None"');
    expect(ours).toContain('"replicas":2');
    expect(ours).toContain('"union":{"value":"kept"}');
    expect(ours).toContain('"data":{"a":"2","z":"1"}');
  });

  test('a value cdk8s cannot render fails the same way', () => {
    class Opaque {
      readonly x = 1;
    }
    const build = (chart: Chart) => new ApiObject(chart, 'o', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'o' }, data: { a: new Opaque() } });
    const message = (f: (c: Chart) => unknown) => errorOf(build, f);
    expect(message((c) => chartJson(c))).toBe(message((c) => c.toJson()));
    expect(message((c) => chartJson(c))).toContain("can't render non-simple object of type 'Opaque'");
    // A plain record with its own `constructor` key and no `value`: cdk8s refuses it too.
    const own = (chart: Chart) => new ApiObject(chart, 'o', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'o' }, data: { a: { constructor: 'y' } } });
    expect(errorOf(own, (c) => chartJson(c))).toBe(errorOf(own, (c) => c.toJson()));
    expect(errorOf(own, (c) => chartJson(c))).toContain("non-simple object of type 'undefined'");
  });

  test('the prototype is left as it was, also after an error', () => {
    const before = ApiObject.prototype.toJson;
    const chart = new Chart(new App({ outdir: '/nonexistent' }), 'c');
    new ApiObject(chart, 'o', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'o' }, data: { a: new (class Opaque {})() as unknown as string } });
    expect(() => chartJson(chart)).toThrow();
    expect(ApiObject.prototype.toJson).toBe(before);
  });

  describe('the object order', () => {
    const configMap = (scope: Construct, id: string) => new ApiObject(scope, id, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: id } });
    const names = (json: string) => (JSON.parse(json) as { metadata: { name: string } }[]).map((o) => o.metadata.name);

    test('plain: the construct tree in pre-order, integer-like ids first as cdk8s walks them', () => {
      const build = (chart: Chart) => {
        configMap(chart, 'b');
        configMap(chart, '10');
        const group = new Construct(chart, 'group');
        configMap(group, 'z');
        configMap(group, '2');
        configMap(chart, 'a');
      };
      const { cdk8s, ours } = bothWays(build);
      expect(ours).toBe(cdk8s);
      expect(names(ours)).toEqual(['10', 'b', '2', 'z', 'a']);
      const chart = new Chart(new App({ outdir: '/nonexistent' }), 'c');
      build(chart);
      expect(plainObjectOrder(chart)?.map((o) => o.name)).toEqual(['10', 'b', '2', 'z', 'a']);
    });

    test('dependencies: cdk8s orders them (a dependency first)', () => {
      const build = (chart: Chart) => {
        const a = configMap(chart, 'a');
        const b = configMap(chart, 'b');
        a.addDependency(b);
      };
      const { cdk8s, ours } = bothWays(build);
      expect(ours).toBe(cdk8s);
      expect(names(ours)).toEqual(['b', 'a']);
      const chart = new Chart(new App({ outdir: '/nonexistent' }), 'c');
      build(chart);
      expect(plainObjectOrder(chart)).toBeUndefined();
    });

    test('a chart inside the chart: cdk8s decides, its objects are left out as cdk8s leaves them', () => {
      const build = (chart: Chart) => {
        configMap(chart, 'a');
        configMap(new Chart(chart, 'inner'), 'b');
      };
      const { cdk8s, ours } = bothWays(build);
      expect(ours).toBe(cdk8s);
      expect(names(ours)).toEqual(['a']);
    });

    test('a failing validation fails the same way', () => {
      const build = (chart: Chart) => {
        const o = configMap(chart, 'a');
        o.node.addValidation({ validate: () => ['not good'] });
      };
      const message = (f: (c: Chart) => unknown) => errorOf(build, f);
      expect(message((c) => chartJson(c))).toBe(message((c) => c.toJson()));
      expect(message((c) => chartJson(c))).toContain('not good');
    });
  });
});

describe('manifestsJson (no construct tree) equals chart.toJson()', () => {
  /** The same objects put into a chart (rendered by cdk8s) and into a ManifestSink. */
  function both(build: (out: ObjectSink) => void): { cdk8s: string; ours: string | undefined } {
    const chart = new Chart(new App({ outdir: '/nonexistent' }), 'c');
    build(constructSink(chart));
    const plain = manifestsJson(build);
    return { cdk8s: JSON.stringify(chart.toJson()), ours: plain === undefined ? undefined : JSON.stringify(plain) };
  }

  test('Lazy values, IntOrString and Quantity, implicit tokens, nulls, empty metadata, groups', () => {
    const { cdk8s, ours } = both((out) => {
      out.add(k8s.KubeService, 's', {
        metadata: { name: 's', labels: { b: '2', a: '1' }, annotations: {}, finalizers: [] },
        spec: {
          ports: [{ port: 80, targetPort: k8s.IntOrString.fromString('http'), name: undefined }],
          selector: { z: 'z', a: 'a' },
          externalName: Lazy.any({ produce: () => 'lazy.example' }) as unknown as string,
          clusterIp: { resolve: () => 'None' } as unknown as string,
        },
      });
      const g = out.group('group');
      g.add(k8s.KubeConfigMap, 'cm', { metadata: { name: 'cm', namespace: 'ns' }, data: { z: '1', a: '2' } });
      out.add(k8s.KubeDeployment, 'd', {
        metadata: { name: 'd' },
        spec: {
          selector: { matchLabels: { app: 'd' } },
          template: { spec: { containers: [{ name: 'c', image: 'x', resources: { limits: { memory: k8s.Quantity.fromString('1Gi'), cpu: k8s.Quantity.fromNumber(1) } } }] } },
        },
      });
    });
    expect(ours).toBe(cdk8s);
    expect(ours).toContain('"targetPort":"http"');
    expect(ours).toContain('"externalName":"lazy.example"');
    expect(ours).toContain('"data":{"a":"2","z":"1"}');
    expect(ours).toContain('"cpu":1');
  });

  test('records with sorted keys and lists: nulls, unions, holes, __proto__; the props left as they were', () => {
    const props = () => ({
      metadata: { annotations: { a: '1', b: undefined }, labels: {}, name: 'd' },
      spec: {
        selector: { matchLabels: { a: 'x', b: 'y' } },
        template: {
          metadata: { annotations: JSON.parse('{"__proto__":"p","a":"b"}'), labels: { a: 'x', b: null } },
          spec: {
            containers: [
              // sorted keys, nothing to change; then sorted keys with a union, a null and an undefined value
              { image: 'i', name: 'a', ports: [{ containerPort: 80, name: 'http' }] },
              { args: ['a', undefined, 'c'], image: null, name: 'b', ports: [{ containerPort: 81 }, undefined] },
              { name: 'c', resources: { limits: { cpu: k8s.Quantity.fromString('1') }, requests: undefined } },
            ],
            // a list with a hole
            // eslint-disable-next-line no-sparse-arrays
            imagePullSecrets: [{ name: 's' }, , { name: 't' }],
          },
        },
      },
    });
    const given = props();
    const before = JSON.stringify(given);
    const { cdk8s, ours } = both((out) => out.add(k8s.KubeDeployment, 'd', given as never));
    expect(ours).toBe(cdk8s);
    expect(ours).toContain('"limits":{"cpu":"1"}');
    // The props are read, not changed.
    expect(JSON.stringify(given)).toBe(before);
  });

  test('own __proto__ keys, other metadata fields, props named like the GVK: as the spreads take them', () => {
    const { cdk8s, ours } = both((out) => {
      out.add(k8s.KubeConfigMap, 'cm', {
        metadata: JSON.parse('{"name":"cm","generateName":"g-","__proto__":{"x":"1"},"labels":{"__proto__":"v","a":"b"}}'),
        data: JSON.parse('{"__proto__":"p","k":"v"}'),
      });
      out.add(k8s.KubeSecret, 's', { metadata: { name: 's', uid: 'u' }, kind: 'NotASecret', type: 'Opaque' } as never);
    });
    expect(ours).toBe(cdk8s);
    expect(ours).toContain('"generateName":"g-"');
  });

  test('ids the construct tree orders or refuses otherwise, a missing name: not taken (undefined)', () => {
    const cm = (name?: string) => ({ metadata: name === undefined ? {} : { name } });
    expect(both((out) => out.add(k8s.KubeConfigMap, '7', cm('a'))).ours).toBeUndefined();
    expect(both((out) => out.group('10').add(k8s.KubeConfigMap, 'a', cm('a'))).ours).toBeUndefined();
    expect(both((out) => out.add(k8s.KubeConfigMap, 'a', cm())).ours).toBeUndefined();
    expect(
      manifestsJson((out) => {
        out.add(k8s.KubeConfigMap, 'a', cm('a'));
        out.add(k8s.KubeConfigMap, 'a', cm('b'));
      }),
    ).toBeUndefined();
    expect(both((out) => out.add(k8s.KubeConfigMap, '0', cm('a'))).ours).toBeUndefined();
    expect(both((out) => out.group('g').group('h').add(k8s.KubeConfigMap, '109', cm('a'))).ours).toBeUndefined();
    // A group and an object of one id under one parent: the tree refuses the second.
    expect(
      manifestsJson((out) => {
        out.group('a').add(k8s.KubeConfigMap, 'x', cm('a'));
        out.add(k8s.KubeConfigMap, 'a', cm('b'));
      }),
    ).toBeUndefined();
    // Not integer-like (a leading zero, a sign, a letter, empty): ordered as given, taken.
    for (const id of ['07', '-1', '1a', 'a1', '1.5']) {
      const r = both((out) => {
        out.add(k8s.KubeConfigMap, 'z', cm('z'));
        out.add(k8s.KubeConfigMap, id, cm('a'));
      });
      expect(r.ours).toBeDefined();
      expect(r.ours).toBe(r.cdk8s);
    }
    // The same id in two groups is two constructs: taken.
    expect(both((out) => ['x', 'y'].forEach((g) => out.group(g).add(k8s.KubeConfigMap, 'a', cm(g)))).ours).toBeDefined();
  });

  test('a value the walk does not handle: not taken', () => {
    class Opaque {
      readonly x = 1;
    }
    let after = 0;
    const build = (out: ObjectSink) => {
      out.add(k8s.KubeConfigMap, 'o', { metadata: { name: 'o' }, data: { a: new Opaque() as unknown as string } });
      out.add(k8s.KubeConfigMap, 'p', { metadata: { name: 'p' } });
      after++;
    };
    expect(manifestsJson(build)).toBeUndefined();
    expect(after).toBe(1); // the chart code runs to its end all the same
    // A direct sink: what it rendered before the object it could not render, and no more.
    const sink = new ManifestSink((o) => (o.id === 'o' ? undefined : o.id));
    for (const id of ['n', 'o', 'p']) sink.add(k8s.KubeConfigMap, id, { metadata: { name: id } });
    expect(sink.complete).toBe(false);
    expect(sink.rendered).toEqual(['n']);
  });
});
