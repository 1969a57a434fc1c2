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
  ports: [['8080:80'], [80, '127.0.0.1:9000-9001:9000-9001/udp'], [{ target: 80, published: '8080' }], '80'],
  expose: [[3000, '4000-4001/udp']],
  volumes: [['data:/data', './x:/x:ro', '/anon'], [{ type: 'bind', source: './y', target: '/y' }, { type: 'tmpfs', target: '/t' }], ['data']],
  environment: [{ A: 1, B: null, C: '${X:-d}', P: '${DB_PASSWORD}' }, ['A=2', 'D', 'E=${API_TOKEN:-x}'], 'A=1'],
  command: ['run --flag "a b"', ['a', '${SECRET_KEY}'], null, 5],
  entrypoint: ['', ['sh', '-c']],
  healthcheck: [{ test: ['CMD', 'true'], interval: '10s' }, { test: 'x', retries: '3' }, { disable: true }, { test: ['NONE'] }, { interval: 5 }],
  deploy: [{ replicas: 2, resources: { limits: { cpus: '0.5', memory: '1g' } } }, { labels: ['a=b'] }, null, { replicas: 'x' }],
  networks: [['front'], { front: { aliases: ['a'] } }, { front: null }, ['nope']],
  depends_on: [['db'], { db: { condition: 'service_healthy' } }, { db: { condition: 'service_started', required: false } }, ['web']],
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
  restart: ['always', 'no', 'sometimes'],
  mem_limit: ['1g', 1024, 'x'],
  cpus: ['0.5', 2],
  image: ['nginx:1.27'],
  'x-k8s': [{ a: '${API_TOKEN}' }],
  logging: [{ driver: 'json-file', options: { 'max-size': '1m' } }, { driver: 'syslog' }],
  stop_grace_period: ['10s', '1m'],
  read_only: [true, 'yes'],
};
const KEYS = Object.keys(SAMPLES);

function service(): Record<string, unknown> {
  const s: Record<string, unknown> = {};
  for (let k = 0; k < 6; k++) {
    const key = pick(KEYS);
    s[key] = rnd() < 0.15 ? (rnd() < 0.5 ? { '!reset': true } : pick(SAMPLES[pick(KEYS)])) : pick(SAMPLES[key]);
  }
  return s;
}

test('random compose files never crash the loader', () => {
  const dir = writeProject({});
  const crashes: string[] = [];
  let loaded = 0;
  const counts = new Map<string, number>();
  for (let i = 0; i < 1500; i++) {
    const base = {
      services: { web: { image: 'x:1', ...service() }, db: { image: 'db:1', ...service() } },
      volumes: { data: null },
      networks: { front: {} },
      secrets: { s: { file: './s' } },
      configs: { c: { content: 'x' } },
    };
    const over = { services: { web: service(), x: { extends: 'web', ...service() } } };
    fs.writeFileSync(path.join(dir, 'compose.yaml'), dump(base));
    fs.writeFileSync(path.join(dir, 'o.yaml'), dump(over).replace(/\n(\s+)\w+:\n\s+'!reset': true/g, (m) => m.replace(/:\n\s+'!reset': true/, ': !reset null')));
    try {
      loadProject({ files: ['compose.yaml', 'o.yaml'], cwd: dir, environment: {}, profiles: ['*'] });
      loaded++;
    } catch (e) {
      if (!(e instanceof UserError)) {
        crashes.push(String((e as Error).stack));
        continue;
      }
      for (const d of e.diagnostics) if (d.severity === 'error') counts.set(d.message.replace(/"[^"]*"/g, 'Q').slice(0, 90), (counts.get(d.message.replace(/"[^"]*"/g, 'Q').slice(0, 90)) ?? 0) + 1);
      const bad = e.diagnostics.map(formatDiagnostic).filter((l) => l.includes('cannot load the compose project'));
      if (bad.length > 0) crashes.push(`${bad[0]}\n${dump(base)}\n${dump(over)}`);
    }
  }
  console.log([...counts].sort((a, b) => b[1] - a[1]).slice(0, 25));
  expect(crashes.slice(0, 2)).toEqual([]);
  expect(loaded).toBeGreaterThan(50);
});
