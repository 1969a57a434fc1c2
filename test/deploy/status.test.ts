/** Readiness rules and the diagnosis of up, on API objects as the server returns them. */
import { diagnose } from '../../src/deploy/diagnose';
import { serviceStates, waves } from '../../src/deploy/status';


const meta = (name: string, service?: string, wave?: string) => ({
  name,
  generation: 1,
  ...(service ? { labels: { 'app.kubernetes.io/name': service } } : {}),
  ...(wave !== undefined ? { annotations: { 'argocd.argoproj.io/sync-wave': wave } } : {}),
});

test('waves: lowest sync-wave first, objects without one in wave 0', () => {
  const o = (n: string, w?: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: meta(n, undefined, w) });
  expect(waves([o('a', '1'), o('b'), o('c', '-2'), o('d', '0')]).map((w) => w.map((x) => x.metadata.name))).toEqual([['c'], ['b', 'd'], ['a']]);
});

test('a failed Job fails its service at once; a running one waits; a complete one is ready', () => {
  const job = (name: string, service: string, conditions: object[]) => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: meta(name, service), status: { conditions } });
  const objects = [
    job('migrate-1', 'migrate', [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }]),
    job('seed-1', 'seed', []),
    job('init-1', 'init', [{ type: 'Complete', status: 'True' }]),
  ];
  const live = new Map(objects.map((o) => [`Job/${o.metadata.name}`, o]));
  const [init, migrate, seed] = serviceStates(objects, { live, pods: [], events: [] });
  expect(init).toMatchObject({ service: 'init', waiting: '', ready: 1, desired: 1 });
  expect(migrate.failed).toBe('Job/migrate-1 failed: BackoffLimitExceeded Job has reached the specified backoff limit');
  expect(seed).toMatchObject({ waiting: 'Job/seed-1: running (0 succeeded, 0 failed)' });
  expect(seed.failed).toBeUndefined();
});

test('a rollout is ready when observed, updated and available; an unused Pending claim does not block; a used one does', () => {
  const dep = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('web', 'web'), spec: { replicas: 2 }, status: { observedGeneration: 1, replicas: 2, updatedReplicas: 2, availableReplicas: 1 } };
  const claim = (name: string) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: meta(name), status: { phase: 'Pending' } });
  const pod = { metadata: { name: 'web-1', labels: { 'app.kubernetes.io/name': 'web' } }, spec: { volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'used' } }] }, status: { containerStatuses: [{ restartCount: 3 }] } };
  const objects = [dep, claim('used'), claim('unused')];
  const live = new Map(objects.map((o) => [`${o.kind}/${o.metadata.name}`, o]));
  const states = serviceStates(objects, { live, pods: [pod], events: [] });
  expect(states.map((s) => [s.service, s.waiting])).toEqual([
    ['volume unused', ''],
    ['volume used', 'PersistentVolumeClaim/used: Pending'],
    ['web', 'Deployment/web: 1/2 available, 2 updated'],
  ]);
  expect(states[2].restarts).toBe(3);
  live.set('Deployment/web', { ...dep, status: { ...dep.status, availableReplicas: 2 } });
  expect(serviceStates([dep], { live, pods: [], events: [] })[0].waiting).toBe('');
});

test('an admission refusal fails the service; the diagnosis shows pod conditions, container states, events and what to check', () => {
  const dep = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('web', 'web'), spec: { replicas: 1 }, status: {} };
  const refusal = { type: 'Warning', reason: 'FailedCreate', involvedObject: { kind: 'ReplicaSet', name: 'web-5d8f' }, message: 'pods "web-5d8f-x" is forbidden: violates PodSecurity "restricted:latest": runAsNonRoot != true' };
  const [s] = serviceStates([dep], { live: new Map([['Deployment/web', dep]]), pods: [], events: [refusal] });
  expect(s.failed).toMatch(/violates PodSecurity/);
  const pod = {
    metadata: { name: 'web-5d8f-x', labels: { 'app.kubernetes.io/name': 'web' } },
    status: {
      phase: 'Pending',
      conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [web]' }],
      containerStatuses: [{ name: 'web', restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "nginx:nope"' } } }],
    },
  };
  const event = { type: 'Warning', reason: 'Failed', involvedObject: { kind: 'Pod', name: 'web-5d8f-x' }, message: 'Failed to pull image "nginx:nope"', count: 4 };
  const lines = diagnose('web', 'Deployment/web: 0/1 available', 'prod', [dep], [pod], [event]).join('\n');
  expect(lines).toContain('✗ web: Deployment/web: 0/1 available');
  expect(lines).toContain('Ready: ContainersNotReady: containers with unready status: [web]');
  expect(lines).toContain('container web: waiting: ImagePullBackOff (Back-off pulling image "nginx:nope")');
  expect(lines).toContain('Warning Pod/web-5d8f-x: Failed: Failed to pull image "nginx:nope" (x4)');
  expect(lines).toMatch(/check: the image name and tag/);
});

test('an ExternalSecret waits for its Ready condition and says what to check', () => {
  const es = (conditions?: object[]) => ({ apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: meta('app-secrets'), status: conditions ? { conditions } : undefined });
  const state = (o: ReturnType<typeof es>) => serviceStates([o], { live: new Map([['ExternalSecret/app-secrets', o]]), pods: [], events: [] })[0];
  expect(state(es())).toMatchObject({ service: 'secret app-secrets', waiting: expect.stringMatching(/External Secrets Operator installed/) });
  expect(state(es([{ type: 'Ready', status: 'False', reason: 'SecretSyncedError', message: 'could not get secret data from provider' }])).waiting).toBe('ExternalSecret/app-secrets: SecretSyncedError: could not get secret data from provider');
  expect(state(es([{ type: 'Ready', status: 'True' }])).waiting).toBe('');
});

test("a failed Job: its pods' exit codes, the events, and the logs of its pods (no --previous: each retry is a pod of its own)", () => {
  const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: meta('migrate-1', 'migrate'), status: { failed: 2, conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }] } };
  const pod = (name: string) => ({
    metadata: { name, labels: { 'app.kubernetes.io/name': 'migrate' } },
    status: { phase: 'Failed', containerStatuses: [{ name: 'migrate', restartCount: 0, state: { terminated: { reason: 'Error', exitCode: 1 } } }] },
  });
  const event = { type: 'Warning', reason: 'BackoffLimitExceeded', involvedObject: { kind: 'Job', name: 'migrate-1' }, message: 'Job has reached the specified backoff limit' };
  const lines = diagnose('migrate', 'Job/migrate-1 failed', 'prod', [job], [pod('migrate-1-a'), pod('migrate-1-b')], [event]).join('\n');
  expect(lines).toContain('    pod migrate-1-a: Failed\n      container migrate: terminated: Error, exit code 1');
  expect(lines).toContain('Warning Job/migrate-1: BackoffLimitExceeded: Job has reached the specified backoff limit');
  expect(lines).toContain("check: the container's logs: kubectl logs -n prod -l batch.kubernetes.io/job-name=migrate-1 --all-containers --prefix");
  expect(lines).not.toContain('--previous');
  expect(lines).not.toContain('--previous');
  // A Deployment's crashed container restarted in place: the previous instance's logs.
  const dep = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('web', 'web'), spec: { replicas: 1 }, status: {} };
  const crash = { metadata: { name: 'web-1', labels: { 'app.kubernetes.io/name': 'web' } }, status: { phase: 'Running', containerStatuses: [{ name: 'web', restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } } }] } };
  expect(diagnose('web', 'Deployment/web: 0/1 available', 'prod', [dep], [crash], []).join('\n')).toContain('kubectl logs -n prod -l app.kubernetes.io/name=web --all-containers --prefix --previous');
});
