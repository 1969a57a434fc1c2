/** Anonymous volumes over data paths, external volumes as prerequisites, the report's storage list. */
import { externalObjectsOf } from '../../../src/compile';
import { Any, find, podSpecOf } from '../../helpers';
import { compileFiles, namesOf } from './helpers';

describe('anonymous volumes', () => {
  it('over an image profile\'s data path: a claim like a named volume, with the size warning', () => {
    const r = compileFiles({ 'compose.yaml': 'services:\n  db:\n    image: mysql:8.4.3\n    volumes: ["/var/lib/mysql"]\n' });
    expect(namesOf(r, 'PersistentVolumeClaim')).toEqual(['db-var-lib-mysql']);
    expect(r.warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/anonymous volume "\/var\/lib\/mysql" holds the image's data; it becomes the claim db-var-lib-mysql \(1Gi\).*size it with x-k8s: \{mounts: \{\/var\/lib\/mysql: \{claim: db-var-lib-mysql, size: 10Gi\}\}\}/));
  });

  it('over a VOLUME of the service\'s Dockerfile: a claim', () => {
    const r = compileFiles({
      'compose.yaml': 'services:\n  app:\n    build: .\n    image: ghcr.io/acme/app:1.0\n    volumes: ["/srv/data"]\n',
      Dockerfile: 'FROM debian:12.8-slim\nVOLUME /srv/data\n',
    });
    expect(namesOf(r, 'PersistentVolumeClaim')).toEqual(['app-srv-data']);
  });

  it('anywhere else: an emptyDir, with a warning that says so', () => {
    const r = compileFiles({ 'compose.yaml': 'services:\n  app:\n    image: ghcr.io/acme/app:1.0\n    volumes: ["/var/cache/app"]\n' });
    expect(namesOf(r, 'PersistentVolumeClaim')).toEqual([]);
    expect((podSpecOf(find(r, 'Deployment', 'app')).volumes as Any[]).some((v) => v.emptyDir && v.name === 'anon-var-cache-app')).toBe(true);
    expect(r.warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/anonymous volume "\/var\/cache\/app" becomes an emptyDir: what is written there is lost/));
  });
});

describe('external volumes', () => {
  const compose = `services:
  web:
    image: ghcr.io/acme/web:1.0
    volumes: ["media:/media", "shared:/shared"]
  worker:
    image: ghcr.io/acme/web:1.0
    volumes: ["media:/media"]
volumes:
  media: {external: true, name: prod-media}
  shared: {x-k8s: {existingClaim: team-shared}}
`;
  it('are listed in SECRETS.md with the claim name and the services that mount them, and count as present', () => {
    const r = compileFiles({ 'compose.yaml': compose });
    expect(namesOf(r, 'PersistentVolumeClaim')).toEqual([]);
    const doc = r.files.get('SECRETS.md')!;
    expect(doc).toContain('# Existing claims');
    expect(doc).toContain('- PersistentVolumeClaim: prod-media (compose volume media; mounted by web, worker)');
    expect(doc).toContain('- PersistentVolumeClaim: team-shared (compose volume shared; mounted by web)');
    expect([...externalObjectsOf(r.project, r.model!).claims ?? []].sort()).toEqual(['prod-media', 'team-shared']);
  });
});

describe('the report', () => {
  it('lists per object its source and every (service, path) that mounts it', () => {
    const r = compileFiles({
      'compose.yaml': 'services:\n  web:\n    image: ghcr.io/acme/web:1.0\n    volumes: ["./uploads:/app/uploads", "./conf:/etc/web:ro"]\n  worker:\n    image: ghcr.io/acme/web:1.0\n    volumes: ["./uploads:/srv/uploads", "./conf:/etc/worker:ro"]\n',
      'uploads/': '',
      'conf/a.conf': 'a\n',
    });
    expect(r.report.storage).toEqual([
      { kind: 'ConfigMap', name: 'conf', source: './conf', mounts: [{ service: 'web', path: '/etc/web' }, { service: 'worker', path: '/etc/worker' }] },
      { kind: 'PersistentVolumeClaim', name: 'uploads', source: './uploads', mounts: [{ service: 'web', path: '/app/uploads' }, { service: 'worker', path: '/srv/uploads' }] },
    ]);
    expect(r.files.get('README.md')).toContain('| PersistentVolumeClaim `uploads` | `./uploads` | web: `/app/uploads`<br>worker: `/srv/uploads` |');
  });
});
