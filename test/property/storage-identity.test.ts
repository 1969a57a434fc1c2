/**
 * Storage identity over generated projects: the mounts of one source (a bind source path or a
 * named volume) map to one object, different sources to different objects, and the mapping is the
 * same in any order of the services — also when a database service mounts the source over its
 * data folder (a claim there) and another service mounts it elsewhere (a ConfigMap on its own).
 */
import fc from 'fast-check';
import { dump } from 'js-yaml';
import type { CompileResult } from '../../src/compile';
import { compileFiles } from '../model/storage/helpers';
import { PARAMS, TIMEOUT } from './support';

/** Sources: folders with data (claims: empty), same-named folders, a file and a folder of files (ConfigMaps), named volumes. */
const SOURCES = ['./a/data', './b/data', './data', './media', './conf/app.conf', './conf', 'vol_one', 'vol-two'] as const;
const FILES: Record<string, string> = { 'a/data/': '', 'b/data/': '', 'data/.gitkeep': '', 'media/': '', 'conf/app.conf': 'a=1\n', 'conf/other.ini': 'b=2\n' };

/** A service: the sources it mounts, and whether it is a database whose first mount lies over its data folder. */
interface Service {
  readonly sources: readonly number[];
  readonly db: boolean;
}
const DATA_PATH = '/var/lib/postgresql/data';
const service: fc.Arbitrary<Service> = fc.record({ sources: fc.uniqueArray(fc.nat(SOURCES.length - 1), { minLength: 1, maxLength: 4 }), db: fc.boolean() });
const targetOf = (s: Service, k: number): string => (s.db && k === 0 ? DATA_PATH : `/mnt/m${k}`);
const projectArb = fc.array(service, { minLength: 1, maxLength: 4 }).chain((services) =>
  fc.record({ services: fc.constant(services), order: fc.shuffledSubarray([...services.keys()], { minLength: services.length, maxLength: services.length }) }),
);

function composeOf(services: readonly Service[], order: readonly number[]): string {
  const doc: Record<string, unknown> = { name: 'storage-prop', services: {}, volumes: { vol_one: { 'x-k8s': { size: '1Gi' } }, 'vol-two': { 'x-k8s': { size: '1Gi' } } } };
  for (const i of order) {
    (doc.services as Record<string, unknown>)[`s${i}`] = {
      image: services[i].db ? 'postgres:17.2' : 'ghcr.io/acme/app:1.0.0',
      user: '1000:1000',
      volumes: services[i].sources.map((src, k) => `${SOURCES[src]}:${targetOf(services[i], k)}${SOURCES[src].startsWith('./conf') ? ':ro' : ''}`),
    };
  }
  return dump(doc);
}

/** (service, source) → the object (kind/name) its mount reads. */
function objectsOf(r: CompileResult, services: readonly Service[]): Map<string, string> {
  const out = new Map<string, string>();
  services.forEach((s, i) => {
    const w = r.model.workloads.find((x) => x.service === `s${i}`)!;
    const mounts = w.pod.containers[0].volumeMounts;
    s.sources.forEach((src, k) => {
      const m = mounts.find((x) => x.mountPath === targetOf(s, k))!;
      const v = w.pod.volumes.find((x) => x.name === m.name)!;
      const o = 'persistentVolumeClaim' in v ? `PVC/${v.persistentVolumeClaim.claimName}` : 'configMap' in v ? `ConfigMap/${v.configMap.name}` : 'secret' in v ? `Secret/${v.secret.secretName}` : `other/${v.name}`;
      out.set(`s${i} ${SOURCES[src]}`, o);
    });
  });
  return out;
}

test(
  'one source → one object, different sources → different objects, in any order of the services',
  () => {
    fc.assert(
      fc.property(projectArb, ({ services, order }) => {
        const inOrder = objectsOf(compileFiles({ ...FILES, 'compose.yaml': composeOf(services, [...services.keys()]) }), services);
        const shuffled = objectsOf(compileFiles({ ...FILES, 'compose.yaml': composeOf(services, order) }), services);
        expect(shuffled).toEqual(inOrder);
        const bySource = new Map<string, Set<string>>();
        for (const [key, object] of inOrder) {
          const source = key.slice(key.indexOf(' ') + 1);
          bySource.set(source, (bySource.get(source) ?? new Set()).add(object));
        }
        for (const objects of bySource.values()) expect(objects.size).toBe(1);
        const all = [...bySource.values()].map((s) => [...s][0]);
        expect(new Set(all).size).toBe(all.length);
      }),
      PARAMS,
    );
  },
  TIMEOUT,
);
