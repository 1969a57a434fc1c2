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
