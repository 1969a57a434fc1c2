/** Storage identity: one source, one object; names from the source alone (DESIGN "Storage"). */
import { bindObjectName } from '../../../src/model/storage';
import { Any, find, podSpecOf } from '../../helpers';
import { compileFiles, errorsOf, namesOf } from './helpers';

describe('bindObjectName: the slug of the source alone', () => {
  it.each([
    ['/p/uploads', './uploads', 'uploads'],
    ['/p/x/data', './x/data', 'x-data'],
    ['/p', '.', 'project'],
    ['/srv/a/web', '/srv/a/web', 'host-srv-a-web'],
    ['/home/me/minecraft', '~/minecraft', 'host-home-minecraft'],
    ['/shared', '../shared', 'host-up-shared'],
    ['/p/My_Files.d', './My_Files.d', 'my-files-d'],
  ])('%s (written %s) → %s', (source, written, name) => {
    expect(bindObjectName('/p', source, written)).toBe(name);
  });

  it('is shortened with a hash only past 63 characters', () => {
    const long = `./${'a'.repeat(40)}/${'b'.repeat(40)}`;
    const n = bindObjectName('/p', `/p/${'a'.repeat(40)}/${'b'.repeat(40)}`, long);
    expect(n.length).toBeLessThanOrEqual(63);
    expect(n).toMatch(/^a+-b+-[0-9a-f]{8}$/);
    expect(bindObjectName('/p', `/p/${'a'.repeat(63)}`, `./${'a'.repeat(63)}`)).toBe('a'.repeat(63));
  });
});

const media = `
services:
  web:
    image: ghcr.io/acme/web:1.0
    volumes: ["./uploads:/app/public/uploads", "./x/data:/data"]
  worker:
    image: ghcr.io/acme/web:1.0
    volumes: ["./uploads:/srv/uploads", "./y/data:/data"]
`;

describe('one source, one object', () => {
  const files = { 'compose.yaml': media, 'uploads/': '', 'x/data/': '', 'y/data/': '' };

  it('a folder shared by web and worker is one claim mounted by both; same-named folders are two claims', () => {
    const r = compileFiles(files);
    expect(namesOf(r, 'PersistentVolumeClaim')).toEqual(['uploads', 'x-data', 'y-data']);
    const claimsOf = (w: string) => (podSpecOf(find(r, 'Deployment', w)).volumes as Any[]).filter((v) => v.persistentVolumeClaim).map((v) => v.persistentVolumeClaim.claimName).sort();
    expect(claimsOf('web')).toEqual(['uploads', 'x-data']);
    expect(claimsOf('worker')).toEqual(['uploads', 'y-data']);
  });

  it('a read-only folder mounted by many services is one ConfigMap', () => {
    const services = Array.from({ length: 5 }, (_, i) => `  s${i}:\n    image: ghcr.io/acme/s:1.0\n    volumes: ["./conf:/etc/s${i}:ro"]\n`).join('');
    const r = compileFiles({ 'compose.yaml': `services:\n${services}`, 'conf/a.conf': 'a=1\n' });
    expect(namesOf(r, 'ConfigMap')).toEqual(['conf']);
  });

  it('a name is never the name of another source: a clash is an error naming both and the fix', () => {
    const errors = errorsOf({
      'compose.yaml': 'services:\n  a:\n    image: ghcr.io/acme/a:1.0\n    volumes: ["data:/data", "./data:/other"]\nvolumes:\n  data: {x-k8s: {size: 1Gi}}\n',
      'data/': '',
    });
    expect(errors).toEqual([expect.stringMatching(/the bind source "\.\/data" and the volume "data" would both become the object "data".*x-k8s: \{mounts:/)]);
  });

  it('adding a mount elsewhere renames nothing', () => {
    const before = namesOf(compileFiles(files), 'PersistentVolumeClaim');
    const more = media + '  extra:\n    image: ghcr.io/acme/web:1.0\n    volumes: ["./z/data:/data"]\n';
    const after = namesOf(compileFiles({ ...files, 'compose.yaml': more, 'z/data/': '' }), 'PersistentVolumeClaim');
    expect(after).toEqual([...before, 'z-data']);
  });
});

describe("a folder that is one service's data folder and other services' configuration", () => {
  const compose = `services:
  db:
    image: postgres:17.2
    volumes: ["./pgdata:/var/lib/postgresql/data"]
  backup:
    image: ghcr.io/acme/backup:1.0
    volumes: ["./pgdata:/backup:ro"]
  report:
    image: ghcr.io/acme/report:1.0
    volumes: ["./pgdata:/in"]
`;
  const files = { 'compose.yaml': compose, 'pgdata/PG_VERSION': '17\n' };
  const workload = (r: ReturnType<typeof compileFiles>, name: string) => r.objects.find((o) => o.metadata.name === name && ['Deployment', 'StatefulSet'].includes(o.kind))!;
  const mountOf = (r: ReturnType<typeof compileFiles>, name: string, target: string) => {
    const pod = podSpecOf(workload(r, name));
    const m = (pod.containers[0].volumeMounts as Any[]).find((x) => x.mountPath === target);
    return { mount: m, volume: (pod.volumes as Any[]).find((v) => v.name === m.name) };
  };

  it('is one claim, never a ConfigMap too: read-only where compose says :ro, writable where compose writes it', () => {
    const r = compileFiles(files);
    expect(namesOf(r, 'PersistentVolumeClaim')).toEqual(['pgdata']);
    expect(namesOf(r, 'ConfigMap')).not.toContain('pgdata');
    expect(mountOf(r, 'db', '/var/lib/postgresql/data').volume.persistentVolumeClaim).toEqual({ claimName: 'pgdata' });
    const backup = mountOf(r, 'backup', '/backup');
    expect(backup.volume.persistentVolumeClaim).toEqual({ claimName: 'pgdata', readOnly: true });
    expect(backup.mount.readOnly).toBe(true);
    const report = mountOf(r, 'report', '/in');
    expect(report.volume.persistentVolumeClaim).toEqual({ claimName: 'pgdata' });
    expect(report.mount.readOnly).toBeUndefined();
  });

  it('the services that share the claim run on one node (one storage group), as any shared ReadWriteOnce claim', () => {
    const r = compileFiles(files);
    const groups = ['db', 'backup', 'report'].map((n) => (workload(r, n) as Any).spec.template.metadata.labels['storage.cdk8s-compose.io/group']);
    expect(groups).toEqual(['pgdata', 'pgdata', 'pgdata']);
  });

  it('without the data service the folder is a ConfigMap of its files, as before', () => {
    const r = compileFiles({ ...files, 'compose.yaml': compose.replace(/ {2}db:\n(?: {4}.*\n)+/, '') });
    expect(namesOf(r, 'PersistentVolumeClaim')).toEqual([]);
    expect(namesOf(r, 'ConfigMap')).toContain('pgdata');
  });
});
