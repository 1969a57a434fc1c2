import { Diagnostics } from '../../src/diagnostics';
import { MapLookup, NO_SECRETS, interpolateTree } from '../../src/compose/interpolate';
import { OverrideTag, ResetTag, isTagFree, markTagFree, stripTags, withoutTags, type YamlMap, type YamlValue } from '../../src/compose/yaml-value';
import { parseComposeYaml } from '../../src/compose/read';
import { load } from './helpers';

/** A deep copy that keeps the tag objects' kinds, to prove an input was not modified. */
function snapshot(v: YamlValue): unknown {
  if (v instanceof ResetTag) return '!reset';
  if (v instanceof OverrideTag) return { '!override': snapshot(v.value) };
  if (Array.isArray(v)) return v.map(snapshot);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.keys(v).map((k) => [k, snapshot(v[k])]));
  return v;
}

describe('withoutTags: stripTags without copying what holds no tag', () => {
  const untouched: YamlMap = { image: 'nginx', ports: ['80:80', { target: 81 }], deploy: { resources: { limits: { cpus: '1' } } } };
  const tagged: YamlMap = {
    image: 'nginx',
    labels: new OverrideTag({ a: '1' }),
    environment: { A: '1', B: new ResetTag() },
    ports: ['80:80', new ResetTag(), new OverrideTag(['x']), { target: 81 }],
    deploy: { resources: { limits: { cpus: '1' } } },
    // An own "__proto__" key stays an own key.
    extra: JSON.parse('{"__proto__": {"x": 1}, "b": 2}') as YamlMap,
    tmpfs: new ResetTag(),
  };

  it('gives the same value as stripTags, keys in the same order', () => {
    for (const value of [untouched, tagged, ['a', new ResetTag(), new OverrideTag({ b: new ResetTag() })], new OverrideTag(new OverrideTag('x')), null, 1, 'x']) {
      expect(snapshot(withoutTags(value as YamlValue))).toEqual(snapshot(stripTags(value as YamlValue)));
      const keys = (v: unknown) => (v !== null && typeof v === 'object' ? Object.keys(v) : []);
      expect(keys(withoutTags(value as YamlValue))).toEqual(keys(stripTags(value as YamlValue)));
    }
  });

  it('returns a list or mapping without tags itself, and copies only the path to a tag', () => {
    expect(withoutTags(untouched)).toBe(untouched);
    const before = snapshot(tagged);
    const out = withoutTags(tagged) as YamlMap;
    expect(out).not.toBe(tagged);
    expect(out.deploy).toBe(tagged.deploy);
    // The reset item is dropped: the mapping after it moves up, itself.
    expect((out.ports as YamlValue[])[2]).toBe((tagged.ports as YamlValue[])[3]);
    expect(Object.prototype.hasOwnProperty.call(out.extra, '__proto__')).toBe(true);
    expect(snapshot(tagged)).toEqual(before);
  });
});

describe('interpolateTree copies only what interpolation changes', () => {
  const scope = { variables: new MapLookup(new Map([['TAG', '1.27']])), secrets: NO_SECRETS };

  it('shares unchanged lists and mappings, copies the path to a changed string, and leaves the input alone', () => {
    const shared: YamlMap = { limits: { cpus: '1' } };
    const tree: YamlMap = {
      services: {
        web: { image: 'nginx:${TAG}', ports: ['80:80'], deploy: shared, command: new OverrideTag(['run', '$${x}']) },
        db: { image: 'postgres', deploy: shared },
      },
    };
    const before = snapshot(tree);
    const diags = new Diagnostics();
    const out = interpolateTree(tree, 'compose.yaml', scope, diags).tree;
    expect(diags.all).toEqual([]);
    expect(snapshot(tree)).toEqual(before);
    const services = out.services as Record<string, YamlMap>;
    const written = tree.services as Record<string, YamlMap>;
    expect(services.web.image).toBe('nginx:1.27');
    expect(services.web).not.toBe(written.web);
    expect(services.web.ports).toBe(written.web.ports);
    expect(services.web.deploy).toBe(shared);
    expect(services.db).toBe(written.db);
    expect(snapshot(services.web.command)).toEqual({ '!override': ['run', '${x}'] });
    expect(Object.keys(services.web)).toEqual(['image', 'ports', 'deploy', 'command']);
  });

  it('reports a failed string at its path and keeps it as written', () => {
    const tree: YamlMap = { services: { web: { image: 'nginx', environment: ['A=1', 'B=${MISSING:?set it}'] } } };
    const diags = new Diagnostics();
    const { tree: out, failedPaths } = interpolateTree(tree, 'compose.yaml', scope, diags);
    expect([...failedPaths]).toEqual(['services.web.environment[1]']);
    expect(diags.all.map((d) => [d.file, d.path])).toEqual([['compose.yaml', 'services.web.environment[1]']]);
    expect(out.services).toBe(tree.services);
  });
});

describe('trees known to hold no tag', () => {
  it('are what the fast YAML path reads; a tagged file is not one', () => {
    expect(isTagFree(parseComposeYaml('services:\n  web:\n    image: nginx\n', 'compose.yaml', new Diagnostics()) as YamlMap)).toBe(true);
    expect(isTagFree(parseComposeYaml('services:\n  web:\n    ports: !reset []\n', 'compose.yaml', new Diagnostics()) as YamlMap)).toBe(false);
  });

  it('are returned by withoutTags as they are', () => {
    const tree = markTagFree({ a: [1, { b: 2 }] } as YamlMap);
    expect(withoutTags(tree)).toBe(tree);
  });

  it('stay so through interpolation; a tagged tree is still stripped when it is the only file', () => {
    const scope = { variables: new MapLookup(new Map([['V', '1']])), secrets: NO_SECRETS };
    const free = markTagFree({ services: { web: { image: 'nginx:${V}' } } } as YamlMap);
    expect(isTagFree(interpolateTree(free, 'compose.yaml', scope, new Diagnostics()).tree)).toBe(true);
    const { project } = load({
      'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    environment:\n      A: "1"\n      B: !reset null\n    ports: !override ["8080:80"]\n',
    });
    expect(project.services.web.environment.map((e) => e.name)).toEqual(['A']);
    expect(project.services.web.ports.map((p) => p.published)).toEqual([8080]);
  });
});
