/**
 * Names that are valid in compose but meet on Kubernetes: networks and volumes that normalize to the
 * same DNS name (`back_end` / `back-end`, `cache` / `Cache`) and services whose names equal a name the
 * compiler derives for another one (`db` + `db-headless`, `api` + `api-wait`, `web` + `web-published`).
 * Whatever the compiler decides, it must decide it as a compiler: a UserError naming the problem, or
 * output in which distinct compose volumes stay distinct claims. Never an internal error.
 */
import fc from 'fast-check';
import { dump } from 'js-yaml';
import { Any, check, cleanUp, compileYaml, PARAMS, podTemplates, TIMEOUT } from './support';

afterAll(cleanUp);

const SERVICES = ['db', 'db-headless', 'api', 'api-wait', 'web', 'web-published', 'p-default', 'p-net-front'] as const;
const VOLUMES = ['pg_data', 'pg-data', 'cache', 'Cache', 'uploads'] as const;
const NETWORKS = ['back_end', 'back-end', 'front', 'Front'] as const;
const IMAGES = ['postgres:16.4', 'redis:7.4.1', 'ghcr.io/acme/app:1.2.3'] as const;

const service = fc.record({
  name: fc.constantFrom(...SERVICES),
  image: fc.constantFrom(...IMAGES),
  ports: fc.boolean(),
  volumes: fc.uniqueArray(fc.nat(VOLUMES.length - 1), { maxLength: 3 }),
  networks: fc.uniqueArray(fc.nat(NETWORKS.length - 1), { maxLength: 3 }),
  dep: fc.option(fc.record({ index: fc.nat(8), condition: fc.constantFrom('service_started', 'service_completed_successfully') }), { nil: undefined }),
});

const project = fc.uniqueArray(service, { minLength: 1, maxLength: 5, selector: (s) => s.name }).map((raw) => {
  const oneShot = new Set<number>();
  const deps = raw.map((s, i) => (s.dep && i > 0 ? { j: s.dep.index % i, condition: s.dep.condition } : undefined));
  deps.forEach((d) => d && d.condition === 'service_completed_successfully' && oneShot.add(d.j));
  const usedVolumes = new Set<number>();
  const usedNetworks = new Set<number>();
  const services = Object.fromEntries(
    raw.map((s, i) => {
      const c: Record<string, unknown> = { image: s.image };
      if (oneShot.has(i)) c.restart = 'no';
      else if (s.ports) c.ports = ['8080:8080'];
      if (s.volumes.length > 0) {
        c.volumes = s.volumes.map((v, k) => {
          usedVolumes.add(v);
          // The first volume of postgres on its data path makes a StatefulSet (and a headless Service).
          const target = k === 0 && s.image.startsWith('postgres') ? '/var/lib/postgresql/data' : `/mnt/${v}`;
          return `${VOLUMES[v]}:${target}`;
        });
      }
      if (s.networks.length > 0) {
        c.networks = s.networks.map((n) => NETWORKS[n]);
        s.networks.forEach((n) => usedNetworks.add(n));
      }
      const d = deps[i];
      if (d) c.depends_on = { [raw[d.j].name]: { condition: d.condition } };
      return [s.name, c];
    }),
  );
  const doc: Record<string, unknown> = { name: 'p', services };
  if (usedVolumes.size > 0) doc.volumes = Object.fromEntries([...usedVolumes].sort().map((v) => [VOLUMES[v], null]));
  if (usedNetworks.size > 0) doc.networks = Object.fromEntries([...usedNetworks].sort().map((n) => [NETWORKS[n], null]));
  const yaml = dump(doc, { lineWidth: -1 });
  return Object.defineProperty({ yaml }, fc.toStringMethod, { value: () => `\n${yaml}`, enumerable: false });
});

test(
  'names that meet on Kubernetes give a UserError or distinct objects, never an internal error',
  () => {
    fc.assert(
      fc.property(project, ({ yaml }) => {
        let objects: readonly Any[];
        try {
          objects = compileYaml(yaml).objects;
        } catch (e) {
          // A UserError is a fine answer (compileYaml reports it with this prefix).
          if (e instanceof Error && e.message.startsWith('the compiler rejected a valid project')) return;
          throw new Error(`internal error instead of a diagnostic: ${e instanceof Error ? e.message : String(e)}`);
        }
        // Distinct compose volumes never end up on the same claim.
        const claimOf = new Map<string, string>();
        for (const { owner, spec } of podTemplates(objects)) {
          const templates = new Set<string>(((owner as Any).spec.volumeClaimTemplates ?? []).map((t: Any) => t.metadata.name));
          for (const m of spec.containers[0].volumeMounts ?? []) {
            const match = /^\/mnt\/([0-9]+)$/.exec(m.mountPath);
            if (!match) continue;
            const pv = (spec.volumes ?? []).find((v: Any) => v.name === m.name);
            const claim = pv?.persistentVolumeClaim ? `pvc/${pv.persistentVolumeClaim.claimName}` : templates.has(m.name) ? `${owner.metadata.name}/template/${m.name}` : undefined;
            if (claim === undefined) continue;
            const volume = VOLUMES[Number(match[1])];
            for (const [other, c] of claimOf) {
              check(other === volume || c !== claim, `compose volumes ${JSON.stringify(other)} and ${JSON.stringify(volume)} are both mounted from ${claim}`);
            }
            claimOf.set(volume, claim);
          }
        }
      }),
      PARAMS,
    );
  },
  TIMEOUT,
);
