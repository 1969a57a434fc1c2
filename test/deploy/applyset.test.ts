/** The ApplySet of up (KEP-3659): the id as the specification computes it, the group-kinds, members. */
import { applySetId, asMember, groupKind, groupKindsAnnotation, parentSecret, parseGroupKinds } from '../../src/deploy/applyset';

test('the id is applyset- + unpadded base64url(sha256(NAME.NAMESPACE.KIND.GROUP)) + -v1 (values from openssl)', () => {
  // printf 'cdk8s-compose-tutor.up-seed.Secret.' | openssl dgst -sha256 -binary | base64 | tr '+/' '-_' | tr -d '='
  expect(applySetId('cdk8s-compose-tutor', 'up-seed')).toBe('applyset-xHqSgeWVrK9W2OYqxVRhTbBfj9ka0C2Fi6X5mAviWIk-v1');
  expect(applySetId('my-set', 'ns', 'ConfigMap', '')).toBe('applyset-ULsnYSHJXARZs4xqHXGjHojZLxYFzEQXeLr1WRFjD_0-v1');
  // A label value: at most 63 characters, no padding, URL-safe.
  expect(applySetId('x', 'y')).toMatch(/^applyset-[A-Za-z0-9_-]{43}-v1$/);
});

test('group-kinds: Kind for the core group, Kind.group otherwise; sorted, without repeats', () => {
  expect(groupKind('v1', 'Service')).toBe('Service');
  expect(groupKind('apps/v1', 'Deployment')).toBe('Deployment.apps');
  expect(groupKind('networking.k8s.io/v1', 'NetworkPolicy')).toBe('NetworkPolicy.networking.k8s.io');
  const objects = [
    { apiVersion: 'v1', kind: 'Service' },
    { apiVersion: 'apps/v1', kind: 'Deployment' },
    { apiVersion: 'batch/v1', kind: 'Job' },
    { apiVersion: 'v1', kind: 'Service' },
  ];
  expect(groupKindsAnnotation(objects)).toBe('Deployment.apps,Job.batch,Service');
  expect(parseGroupKinds(' Deployment.apps, Service ,')).toEqual(['Deployment.apps', 'Service']);
  expect(parseGroupKinds(undefined)).toEqual([]);
});

test('the parent carries the id label, the group-kinds and the tooling; a member gets part-of on a copy', () => {
  const p = parentSecret('tutor', 'prod', 'Service', '1.2.3');
  expect(p.metadata.name).toBe('cdk8s-compose-tutor');
  expect(p.metadata.labels).toEqual({ 'app.kubernetes.io/instance': 'tutor', 'app.kubernetes.io/managed-by': 'cdk8s-compose', 'applyset.kubernetes.io/id': applySetId('cdk8s-compose-tutor', 'prod') });
  expect(p.metadata.annotations).toEqual({ 'applyset.kubernetes.io/contains-group-kinds': 'Service', 'applyset.kubernetes.io/tooling': 'cdk8s-compose/1.2.3' });
  expect((p as Record<string, unknown>).data).toBeUndefined();
  const o = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', labels: { a: 'b' } } };
  const m = asMember(o, 'applyset-x-v1');
  expect(m.metadata.labels).toEqual({ a: 'b', 'applyset.kubernetes.io/part-of': 'applyset-x-v1' });
  expect(o.metadata.labels).toEqual({ a: 'b' });
});
