/**
 * Property: whatever uses a generated project plants (a consumer that uses target:port in its
 * environment, in a bind-mounted nginx config, through a network alias or a link alias, or only by
 * depends_on without a port; targets with and without declared ports, published on every address or
 * on the loopback address), every planted (consumer, target, port) and every port of the target's
 * Service is allowed by the output's Services and NetworkPolicies (test/network-policy.ts), and a pod
 * of another namespace gets in only on ports published beyond the host (test/network-reach.ts).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { dump } from 'js-yaml';
import { compile } from '../../src/compile';
import { PlantedUse, reachProblems } from '../network-reach';
import { PARAMS, TIMEOUT } from './support';

const NAMES = ['api', 'engine', 'broker', 'store', 'web', 'cache'] as const;
type Via = 'env' | 'file' | 'alias' | 'link' | 'depends';

interface Target {
  readonly declared: readonly number[];
  readonly publish?: { readonly port: number; readonly loopback: boolean };
}
interface Planted {
  readonly consumer: number;
  readonly target: number;
  readonly port: number;
  readonly via: Via;
}

const arbProject = fc.integer({ min: 2, max: 5 }).chain((n) =>
  fc.record({
    targets: fc.array(
      fc.record({
        declared: fc.uniqueArray(fc.integer({ min: 1024, max: 9999 }), { maxLength: 2 }),
        publish: fc.option(fc.record({ port: fc.integer({ min: 1024, max: 9999 }), loopback: fc.boolean() }), { nil: undefined }),
      }),
      { minLength: n, maxLength: n },
    ),
    uses: fc.array(
      fc.record({
        consumer: fc.nat(n - 1),
        target: fc.nat(n - 1),
        port: fc.integer({ min: 1024, max: 9999 }),
        via: fc.constantFrom<Via>('env', 'file', 'alias', 'link', 'depends'),
      }),
      { minLength: 1, maxLength: 6 },
    ),
  }),
);

function render(targets: readonly Target[], planted: readonly Planted[]): { files: Record<string, string>; uses: PlantedUse[] } {
  const services: Record<string, Record<string, unknown>> = {};
  const files: Record<string, string> = {};
  const uses: PlantedUse[] = [];
  targets.forEach((t, i) => {
    const ports = t.publish ? [`${t.publish.loopback ? '127.0.0.1:' : ''}${t.publish.port + 20000}:${t.publish.port}`] : [];
    services[NAMES[i]] = {
      image: `ghcr.io/acme/${NAMES[i]}:1.0.0`,
      user: '1000:1000',
      ...(t.declared.length > 0 ? { expose: t.declared.map(String) } : {}),
      ...(ports.length > 0 ? { ports } : {}),
      networks: { default: { aliases: [`${NAMES[i]}-alias`] } },
      environment: {} as Record<string, string>,
    };
  });
  planted.forEach((u, k) => {
    if (u.consumer === u.target) return;
    const c = services[NAMES[u.consumer]];
    const target = NAMES[u.target];
    const env = c.environment as Record<string, string>;
    // depends_on and links (compose adds an implicit depends_on for a link) only on an earlier
    // service: compose refuses a dependency cycle.
    switch ((u.via === 'depends' || u.via === 'link') && u.consumer < u.target ? 'env' : u.via) {
      case 'env':
        env[`USE_${k}_URL`] = `http://${target}:${u.port}/x`;
        uses.push({ consumer: NAMES[u.consumer], target, name: target, port: u.port });
        break;
      case 'alias':
        env[`USE_${k}_ADDR`] = `${target}-alias:${u.port}`;
        uses.push({ consumer: NAMES[u.consumer], target, name: `${target}-alias`, port: u.port });
        break;
      case 'link': {
        const alias = `${target}-link${k}`;
        c.links = [...((c.links as string[]) ?? []), `${target}:${alias}`];
        env[`USE_${k}_HOST`] = `${alias}:${u.port}`;
        uses.push({ consumer: NAMES[u.consumer], target, name: alias, port: u.port });
        break;
      }
      case 'file': {
        const file = `conf/${NAMES[u.consumer]}-${k}.conf`;
        files[file] = `upstream up${k} {\n    server ${target}:${u.port};\n}\nserver {\n    listen 8080;\n    location / { proxy_pass http://up${k}; }\n}\n`;
        c.volumes = [...((c.volumes as string[]) ?? []), `./${file}:/etc/nginx/conf.d/${k}.conf:ro`];
        uses.push({ consumer: NAMES[u.consumer], target, name: target, port: u.port });
        break;
      }
      case 'depends':
        c.depends_on = [...new Set([...((c.depends_on as string[]) ?? []), target])];
        uses.push({ consumer: NAMES[u.consumer], target, name: target });
        break;
    }
  });
  files['compose.yaml'] = dump({ name: 'prop', services }, { noRefs: true });
  return { files, uses };
}

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-uses-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

test(
  'every planted use, and every port of the target\'s Service, is allowed; other namespaces only on ports published beyond the host',
  () => {
    let run = 0;
    fc.assert(
      fc.property(arbProject, ({ targets, uses: planted }) => {
        const dir = path.join(root, String(run++));
        const { files, uses } = render(targets, planted);
        for (const [f, text] of Object.entries(files)) {
          fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
          fs.writeFileSync(path.join(dir, f), text);
        }
        const r = compile({ files: [], cwd: dir, environment: {} });
        expect(reachProblems(r, uses)).toEqual([]);
        // The used ports are Service ports (or the Service is headless: no port known at all).
        for (const u of uses) {
          const svc = r.objects.find((o) => o.kind === 'Service' && o.metadata.name === u.name) as { spec: { clusterIP?: string; ports?: { port: number }[] } } | undefined;
          expect(svc).toBeDefined();
          if (u.port !== undefined) expect(svc!.spec.ports?.map((p) => p.port) ?? []).toContain(u.port);
        }
      }),
      PARAMS,
    );
  },
  TIMEOUT,
);
