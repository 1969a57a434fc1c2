/** Argo CD sync waves: claims in the wave of their first consumer, no workload before what it waits for. */
import { Any, compileProject, compileText, find, PROJECTS } from '../helpers';
import { CompileResult } from '../../src/compile';

const WAVE = 'argocd.argoproj.io/sync-wave';
const wave = (o: Any): number => Number(o.metadata.annotations[WAVE]);
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job']);

function claimsMounted(o: Any): string[] {
  return (o.spec.template.spec.volumes ?? []).flatMap((v: Any) => (v.persistentVolumeClaim ? [v.persistentVolumeClaim.claimName] : []));
}

/** The rules ARGO-WAVES checks, plus Service gates (an init container waiting on a Service of a later wave). */
function waveProblems(r: CompileResult): string[] {
  const problems: string[] = [];
  const workloads = r.objects.filter((o) => WORKLOADS.has(o.kind)) as Any[];
  for (const c of r.objects.filter((o) => o.kind === 'PersistentVolumeClaim') as Any[]) {
    const users = workloads.filter((w) => claimsMounted(w).includes(c.metadata.name));
    if (users.length === 0) continue;
    const first = Math.min(...users.map(wave));
    if (wave(c) !== first) problems.push(`claim ${c.metadata.name} in wave ${wave(c)}, first consumer in wave ${first}`);
  }
  for (const w of workloads) {
    for (const ic of w.spec.template.spec.initContainers ?? []) {
      const words = [...(ic.command ?? []), ...(ic.args ?? [])].join(' ');
      for (const j of workloads.filter((x) => x.kind === 'Job')) {
        if (new RegExp(`\\b${j.metadata.name}\\b`).test(words) && wave(j) > wave(w)) problems.push(`${w.kind}/${w.metadata.name} (wave ${wave(w)}) waits for Job ${j.metadata.name} (wave ${wave(j)})`);
      }
      for (const s of r.objects.filter((o) => o.kind === 'Service') as Any[]) {
        if (ic.name === `wait-for-${s.metadata.name}` && wave(s) > wave(w)) problems.push(`${w.kind}/${w.metadata.name} (wave ${wave(w)}) waits for Service ${s.metadata.name} (wave ${wave(s)})`);
      }
    }
  }
  return problems;
}

describe.each(PROJECTS)('%s', (project) => {
  test('claims are in the wave of their earliest consumer; nothing waits for a later wave', () => {
    expect(waveProblems(compileProject(project))).toEqual([]);
  });
});

test('the seed: its data claims go in the wave of the backend that mounts them, after the migration', () => {
  const r = compileProject('examples/seed');
  const backend = find(r, 'Deployment', 'backend') as Any;
  expect(wave(backend)).toBe(1);
  expect(wave(find(r, 'PersistentVolumeClaim', 'vendor-data'))).toBe(1);
  expect(wave(find(r, 'PersistentVolumeClaim', 'derived-data'))).toBe(1);
  expect(wave(find(r, 'Job', /^migrate-/))).toBe(0);
  expect(wave(find(r, 'StatefulSet', 'db'))).toBe(-1);
});

test('a migration that waits for a Deployment goes in that wave, and so does the app that waits for it', () => {
  const r = compileText(`name: shop
services:
  db:
    image: example/db:1.0
    ports: ["5432:5432"]
    healthcheck: {test: ["CMD", "true"]}
  migrate:
    image: example/app:1.0
    command: ["migrate"]
    depends_on: {db: {condition: service_healthy}}
    volumes: [shared:/shared]
  app:
    image: example/app:1.0
    ports: ["8080:8080"]
    volumes: [shared:/shared]
    depends_on: {migrate: {condition: service_completed_successfully}}
volumes:
  shared: {}
`);
  expect(wave(find(r, 'Deployment', 'db'))).toBe(1);
  expect(wave(find(r, 'Job', /^migrate-/))).toBe(1);
  expect(wave(find(r, 'Deployment', 'app'))).toBe(1);
  expect(wave(find(r, 'PersistentVolumeClaim', 'shared'))).toBe(1);
  expect(waveProblems(r)).toEqual([]);
});

test('a claim mounted by the migration and the app is in the migration\'s wave', () => {
  const r = compileText(`name: shop
services:
  migrate:
    image: example/app:1.0
    command: ["migrate"]
    volumes: [shared:/shared]
  app:
    image: example/app:1.0
    ports: ["8080:8080"]
    volumes: [shared:/shared]
    depends_on: {migrate: {condition: service_completed_successfully}}
volumes:
  shared: {}
`);
  expect(wave(find(r, 'Job', /^migrate-/))).toBe(0);
  expect(wave(find(r, 'Deployment', 'app'))).toBe(1);
  expect(wave(find(r, 'PersistentVolumeClaim', 'shared'))).toBe(0);
});
