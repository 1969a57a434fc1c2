import * as fs from 'fs';
import * as path from 'path';
import { dump } from 'js-yaml';
import { loadProject } from '../../src/compose';
import { UserError, formatDiagnostic } from '../../src/diagnostics';
import { writeProject } from './helpers';

let seed = 12345;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)];

/** Mostly valid samples per service key, so that merging and normalizing get exercised. */
const SAMPLES: Record<string, unknown[]> = {
  ports: [['8080:80'], [80, '127.0.0.1:9000-9001:9000-9001/udp'], [{ target: 80, published: '8080' }]],
  expose: [[3000, '4000-4001/udp']],
  volumes: [['data:/data', './x:/x:ro', '/anon'], [{ type: 'bind', source: './y', target: '/y' }, { type: 'tmpfs', target: '/t' }]],
  environment: [{ A: 1, B: null, C: '${X:-d}', P: '${DB_PASSWORD}' }, ['A=2', 'D', 'E=${API_TOKEN:-x}']],
  command: ['run --flag "a b"', ['a', '${SECRET_KEY}'], null],
  entrypoint: ['', ['sh', '-c']],
  healthcheck: [{ test: ['CMD', 'true'], interval: '10s' }, { test: 'x', retries: '3' }, { disable: true }, { test: ['NONE'] }],
  deploy: [{ replicas: 2, resources: { limits: { cpus: '0.5', memory: '1g' } } }, { labels: ['a=b'] }, null],
  networks: [['front'], { front: { aliases: ['a'] } }, { front: null }],
  depends_on: [['db'], { db: { condition: 'service_healthy' } }, { db: { condition: 'service_started', required: false } }],
  labels: [{ a: 1 }, ['b=2', 'c']],
  dns: ['1.1.1.1', ['8.8.8.8']],
  tmpfs: ['/run', ['/run:size=64m', '/tmp:mode=1777']],
  secrets: [['s'], [{ source: 's', target: 'x', mode: '0440' }]],
  configs: [['c'], [{ source: 'c', target: '/etc/c' }]],
  build: ['.', { context: './app', args: ['A=1', 'B'] }],
  extra_hosts: [['a:1.1.1.1'], { b: ['1.1.1.1', '2.2.2.2'] }],
  ulimits: [{ nofile: { soft: 1, hard: 2 } }, { nproc: 5 }],
  env_file: [[{ path: 'missing.env', required: false }]],
  devices: [['/dev/a'], [{ source: '/dev/b', target: '/dev/c' }]],
  profiles: [['p'], []],
  restart: ['always', 'no'],
  mem_limit: ['1g', 1024],
  cpus: ['0.5', 2],
  image: ['nginx:1.27'],
  'x-k8s': [{ a: '${API_TOKEN}' }],
  logging: [{ driver: 'json-file', options: { 'max-size': '1m' } }, { driver: 'syslog' }],
  stop_grace_period: ['10s', '1m'],
  read_only: [true, 'yes'],
};
const KEYS = Object.keys(SAMPLES);

/** A random service; `override`: may hold `!reset`; `leaf`: depends on nothing. */
function service(override: boolean, leaf = false): Record<string, unknown> {
  const s: Record<string, unknown> = {};
  for (let k = 0; k < 6; k++) {
    const key = pick(KEYS.filter((x) => !(leaf && x === 'depends_on')));
    s[key] = override && rnd() < 0.1 ? 'RESET_ME' : rnd() < 0.02 ? pick(SAMPLES[pick(KEYS)]) : pick(SAMPLES[key]);
  }
  return s;
}

test('random compose files never crash the loader nor leak reference marks', () => {
  const dir = writeProject({});
  const crashes: string[] = [];
  let loaded = 0;
  for (let i = 0; i < 250; i++) {
    const base = {
      services: {
        web: { image: 'x:1', ...service(false) },
        db: { image: 'db:1', ...service(false, true) },
        y: { extends: 'web', ...service(false, true) },
      },
      volumes: { data: null },
      networks: { front: {} },
      secrets: { s: { file: './s' } },
      configs: { c: { content: 'x' } },
    };
    const over = { services: { web: service(true), x: { image: 'x:2', ...service(true) } } };
    fs.writeFileSync(path.join(dir, 'compose.yaml'), dump(base));
    fs.writeFileSync(path.join(dir, 'o.yaml'), dump(over).replace(/: RESET_ME$/gm, ': !reset null'));
    try {
      const { project } = loadProject({ files: ['compose.yaml', 'o.yaml'], cwd: dir, environment: {}, profiles: ['*'] });
      // No internal reference mark ever leaves the front end.
      if (JSON.stringify(project).includes('\\u0000')) crashes.push(`mark in output:\n${dump(base)}\n${dump(over)}`);
      loaded++;
    } catch (e) {
      if (!(e instanceof UserError)) {
        crashes.push(String((e as Error).stack));
        continue;
      }
      const bad = e.diagnostics.map(formatDiagnostic).filter((l) => l.includes('cannot load the compose project'));
      if (bad.length > 0) crashes.push(`${bad[0]}\n${dump(base)}\n${dump(over)}`);
    }
  }
  expect(crashes.slice(0, 2)).toEqual([]);
  expect(loaded).toBeGreaterThan(100);
});
