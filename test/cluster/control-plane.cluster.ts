/**
 * The test control plane itself (scripts/control-plane.sh): what other suites rely on. Two Ready
 * Nodes with non-overlapping pod ranges inside the pod /16, apart from the service /16; a claim of
 * the default StorageClass is bound once its pod is scheduled, to a volume on that pod's node; a
 * Job's pod succeeds, and one annotated cdk8s-compose.test/outcome=failed fails until the Job does.
 */
import { Any, applyObject, Cluster, connect, list, request, sleep } from './kube';
import { createNamespace } from './deploy';

let c: Cluster;
const NS = 'control-plane-check';

beforeAll(async () => {
  c = connect();
  await createNamespace(c, NS, 'restricted');
});

afterAll(async () => {
  await request(c, 'DELETE', `/api/v1/namespaces/${NS}`);
});

async function until<T>(what: string, f: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(300);
  }
}

const ip4 = (s: string) => s.split('.').reduce((n, x) => n * 256 + Number(x), 0);
const inCidr = (ip: string, cidr: string) => {
  const [base, bits] = cidr.split('/');
  const mask = Number(bits) === 0 ? 0 : (0xffffffff << (32 - Number(bits))) >>> 0;
  return ((ip4(ip) & mask) >>> 0) === ((ip4(base) & mask) >>> 0);
};

const restrictedPod = {
  securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
  automountServiceAccountToken: false,
};
const container = {
  name: 'main',
  image: 'registry.k8s.io/pause:3.10',
  securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
  resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '10m', memory: '16Mi' } },
};

test('two Ready Nodes, each with its own /24 of the pod range, which does not overlap the service range', async () => {
  const nodes = await list(c, '/api/v1/nodes');
  expect(nodes.map((n) => n.metadata.labels['kubernetes.io/hostname']).sort()).toEqual(['kwok-node-0', 'kwok-node-1']);
  for (const n of nodes) expect(n.status.conditions.find((x: Any) => x.type === 'Ready').status).toBe('True');
  const cidrs = nodes.map((n) => n.spec.podCIDR);
  expect(new Set(cidrs).size).toBe(2);
  for (const cidr of cidrs) {
    expect(inCidr(cidr.split('/')[0], '10.244.0.0/16')).toBe(true);
    expect(inCidr(cidr.split('/')[0], '10.96.0.0/16')).toBe(false);
  }
  const svc = await request(c, 'GET', '/api/v1/namespaces/default/services/kubernetes');
  expect(inCidr(svc.spec.clusterIP, '10.96.0.0/16')).toBe(true);
});

test('a claim is bound when its pod is scheduled, to a volume on the node the pod runs on; the pod gets an IP of that node', async () => {
  await applyObject(c, `/api/v1/namespaces/${NS}/persistentvolumeclaims/data`, {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'data' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } } },
  });
  await sleep(1000);
  // WaitForFirstConsumer: no pod, no volume.
  expect((await request(c, 'GET', `/api/v1/namespaces/${NS}/persistentvolumeclaims/data`)).status.phase).toBe('Pending');
  await applyObject(c, `/api/v1/namespaces/${NS}/pods/user`, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'user' },
    spec: { ...restrictedPod, containers: [{ ...container, volumeMounts: [{ name: 'data', mountPath: '/data' }] }], volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }] },
  });
  const pod = await until('the pod to be Ready', async () => {
    const p = await request(c, 'GET', `/api/v1/namespaces/${NS}/pods/user`);
    return (p.status.conditions ?? []).some((x: Any) => x.type === 'Ready' && x.status === 'True') ? p : undefined;
  });
  const claim = await request(c, 'GET', `/api/v1/namespaces/${NS}/persistentvolumeclaims/data`);
  expect(claim.status.phase).toBe('Bound');
  expect(claim.spec.storageClassName).toBe('standard');
  expect(claim.metadata.annotations['volume.kubernetes.io/selected-node']).toBe(pod.spec.nodeName);
  const pv = await request(c, 'GET', `/api/v1/persistentvolumes/${claim.spec.volumeName}`);
  expect(pv.spec.capacity.storage).toBe('2Gi');
  expect(pv.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values).toEqual([pod.spec.nodeName]);
  const node = await request(c, 'GET', `/api/v1/nodes/${pod.spec.nodeName}`);
  expect(inCidr(pod.status.podIP, node.spec.podCIDR)).toBe(true);
});

function job(name: string, annotations: Record<string, string>) {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: { backoffLimit: 1, template: { metadata: { annotations }, spec: { ...restrictedPod, restartPolicy: 'Never', containers: [container] } } },
  };
}

const jobCondition = (name: string) =>
  until(`Job ${name} to finish`, async () => {
    const j = await request(c, 'GET', `/apis/batch/v1/namespaces/${NS}/jobs/${name}`);
    return (j.status.conditions ?? []).find((x: Any) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True')?.type as string | undefined;
  });

test("a Job's pod succeeds; one annotated cdk8s-compose.test/outcome=failed fails, and so does its Job", async () => {
  await applyObject(c, `/apis/batch/v1/namespaces/${NS}/jobs/ok`, job('ok', {}));
  await applyObject(c, `/apis/batch/v1/namespaces/${NS}/jobs/broken`, job('broken', { 'cdk8s-compose.test/outcome': 'failed' }));
  expect(await jobCondition('ok')).toBe('Complete');
  expect(await jobCondition('broken')).toBe('Failed');
  const pods = await list(c, `/api/v1/namespaces/${NS}/pods?labelSelector=job-name%3Dbroken`);
  expect(pods.length).toBe(2); // backoffLimit 1: the first pod and one retry
  for (const p of pods) expect(p.status.containerStatuses[0].state.terminated.exitCode).toBe(1);
});
