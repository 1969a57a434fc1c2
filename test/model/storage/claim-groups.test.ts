/** Shared ReadWriteOnce claims: one group, one label, one required pod affinity per group. */
import { GROUP_LABEL, planClaimGroups } from '../../../src/model/storage';
import type { Claim } from '../../../src/model/types';
import { Any, find } from '../../helpers';
import { compileFiles, errorsOf } from './helpers';

const claim = (name: string, mode: Claim['accessModes'][number] = 'ReadWriteOnce', external = false): Claim => ({ name, volume: name, size: '1Gi', accessModes: [mode], external, labels: {} });

describe('planClaimGroups', () => {
  it('connects workloads through shared claims transitively, one group with the first claim as id', () => {
    const claims = new Map([['c2', claim('c2')], ['c1', claim('c1')], ['solo', claim('solo')]]);
    const users = new Map([['c2', ['b', 'c']], ['c1', ['a', 'b']], ['solo', ['d']]]);
    expect(planClaimGroups(claims, users, new Set())).toEqual([{ id: 'c1', workloads: ['a', 'b', 'c'], claims: ['c1', 'c2'] }]);
  });

  it('ReadWriteMany, external claims and excluded workloads form no group', () => {
    const claims = new Map([['rwx', claim('rwx', 'ReadWriteMany')], ['ext', claim('ext', 'ReadWriteOnce', true)], ['j', claim('j')]]);
    const users = new Map([['rwx', ['a', 'b']], ['ext', ['a', 'b']], ['j', ['a', 'job']]]);
    expect(planClaimGroups(claims, users, new Set(['job']))).toEqual([]);
  });

  it('does not depend on the order of the services', () => {
    const claims = new Map([['x', claim('x')], ['y', claim('y')]]);
    const a = planClaimGroups(claims, new Map([['x', ['w', 'v']], ['y', ['u', 'v']]]), new Set());
    const b = planClaimGroups(claims, new Map([['y', ['v', 'u']], ['x', ['v', 'w']]]), new Set());
    expect(a).toEqual(b);
  });
});

const project = (extra = '') => `
services:
  web:
    image: ghcr.io/acme/web:1.0
    volumes: ["./uploads:/app/uploads", "cache:/cache"]
  worker:
    image: ghcr.io/acme/web:1.0
    volumes: ["./uploads:/srv/uploads"]
  thumbs:
    image: ghcr.io/acme/thumbs:1.0
    volumes: ["cache:/cache"]
  other:
    image: ghcr.io/acme/other:1.0
volumes:
  cache:
    x-k8s: {size: 1Gi${extra}}
`;

describe('pods of a group', () => {
  it('carry the group label and one required affinity term to it; selectors stay name + instance', () => {
    const r = compileFiles({ 'compose.yaml': project(), 'uploads/': '' });
    for (const name of ['web', 'worker', 'thumbs']) {
      const d: Any = find(r, 'Deployment', name);
      expect(d.spec.template.metadata.labels[GROUP_LABEL]).toBe('cache');
      expect(d.spec.template.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual([
        { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { [GROUP_LABEL]: 'cache' } } },
      ]);
      expect(Object.keys(d.spec.selector.matchLabels).sort()).toEqual(['app.kubernetes.io/instance', 'app.kubernetes.io/name']);
    }
    const other: Any = find(r, 'Deployment', 'other');
    expect(other.spec.template.metadata.labels[GROUP_LABEL]).toBeUndefined();
    expect(other.spec.template.spec.affinity?.podAffinity).toBeUndefined();
  });

  it('x-k8s.accessMode: ReadWriteMany lifts it for that claim', () => {
    const r = compileFiles({ 'compose.yaml': project(', accessMode: ReadWriteMany'), 'uploads/': '' });
    const labels = ['web', 'worker', 'thumbs'].map((n) => (find(r, 'Deployment', n) as Any).spec.template.metadata.labels[GROUP_LABEL]);
    expect(labels).toEqual(['uploads', 'uploads', undefined]);
  });

  it('more than one replica on a ReadWriteOnce claim stays an error', () => {
    const errors = errorsOf({ 'compose.yaml': project().replace('  worker:\n', '  worker:\n    deploy: {replicas: 2}\n'), 'uploads/': '' });
    expect(errors.join('\n')).toMatch(/worker/);
    expect(errors.join('\n')).toMatch(/ReadWriteOnce/);
  });
});
