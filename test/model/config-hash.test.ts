import { canonicalJson, sha256Hex } from '../../src/model/canonical-json';
import { CONFIG_HASH_ANNOTATION, configHashAnnotation } from '../../src/model/config-hash';
import { ConfigMapModel, PodSpec } from '../../src/model/types';

/** A pod that mounts the named ConfigMaps (only what referencedConfigMaps reads). */
function podReading(...names: string[]): PodSpec {
  return { volumes: names.map((name) => ({ name, configMap: { name } })), initContainers: [], containers: [] } as unknown as PodSpec;
}

/** The annotation as a filter of the whole list gives it (the definition the index must keep). */
function byFilter(names: readonly string[], configMaps: readonly ConfigMapModel[]): Record<string, string> {
  const read = new Set(names);
  const data = configMaps
    .filter((c) => read.has(c.name))
    .map((c) => ({ name: c.name, data: c.data, binaryData: c.binaryData }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  return data.length > 0 ? { [CONFIG_HASH_ANNOTATION]: sha256Hex(canonicalJson(data)).slice(0, 16) } : {};
}

const cm = (name: string, value: string): ConfigMapModel => ({ name, data: { key: value }, origin: `test ${name}` });

describe('config-hash annotation', () => {
  test('a list that grows between calls (as build.ts appends per service) gives what a filter of it gives', () => {
    const list: ConfigMapModel[] = [cm('b', '1'), cm('a', '1')];
    expect(configHashAnnotation(podReading('a', 'b'), list)).toEqual(byFilter(['a', 'b'], list));
    list.push(cm('c', '1'), cm('a', '2'));
    expect(configHashAnnotation(podReading('a', 'c'), list)).toEqual(byFilter(['a', 'c'], list));
    expect(configHashAnnotation(podReading('c'), list)).toEqual(byFilter(['c'], list));
    // A repeated name counts every ConfigMap of that name, in the list's order.
    expect(configHashAnnotation(podReading('a'), list)).not.toEqual(configHashAnnotation(podReading('a'), [cm('a', '1')]));
  });

  test('a pod that reads none, or names no planned ConfigMap, gets no annotation', () => {
    const list = [cm('a', '1')];
    expect(configHashAnnotation(podReading(), list)).toEqual({});
    expect(configHashAnnotation(podReading('other'), list)).toEqual({});
  });

  test('a list changed in place (another name at a known place, or shorter) is read again', () => {
    const list: ConfigMapModel[] = [cm('a', '1'), cm('b', '1')];
    expect(configHashAnnotation(podReading('a'), list)).toEqual(byFilter(['a'], list));
    list[0] = cm('z', '1');
    expect(configHashAnnotation(podReading('a'), list)).toEqual({});
    expect(configHashAnnotation(podReading('z'), list)).toEqual(byFilter(['z'], list));
    list.length = 1;
    expect(configHashAnnotation(podReading('b'), list)).toEqual({});
  });

  test('one name read by pod after pod while the list grows: the hash of all ConfigMaps of that name so far, in order', () => {
    const list: ConfigMapModel[] = [];
    for (let i = 0; i < 40; i++) {
      list.push(cm('shared', i % 3 === 0 ? 'same' : `v${i}`), cm(`own-${i}`, '1'));
      expect(configHashAnnotation(podReading('shared'), list)).toEqual(byFilter(['shared'], list));
      expect(configHashAnnotation(podReading(`own-${i}`), list)).toEqual(byFilter([`own-${i}`], list));
    }
    // Asked again without growth, and in a pod reading two names (the other way), the same texts.
    expect(configHashAnnotation(podReading('shared'), list)).toEqual(byFilter(['shared'], list));
    expect(configHashAnnotation(podReading('shared', 'own-3'), list)).toEqual(byFilter(['shared', 'own-3'], list));
  });

  test('one name read from a list changed in place (a ConfigMap of that name replaced, or the list shorter) is hashed again', () => {
    const list: ConfigMapModel[] = [cm('s', '1'), cm('s', '2'), cm('s', '3')];
    expect(configHashAnnotation(podReading('s'), list)).toEqual(byFilter(['s'], list));
    list[1] = cm('s', 'changed');
    expect(configHashAnnotation(podReading('s'), list)).toEqual(byFilter(['s'], list));
    list.length = 2;
    expect(configHashAnnotation(podReading('s'), list)).toEqual(byFilter(['s'], list));
    list[0] = cm('t', '1');
    expect(configHashAnnotation(podReading('s'), list)).toEqual(byFilter(['s'], list));
  });
});
