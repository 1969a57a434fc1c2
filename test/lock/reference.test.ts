import { parseReference } from '../../src/lock/reference';
import { choosePlatform, parsePlatform } from '../../src/lock/resolve';

describe('image references', () => {
  test.each([
    ['postgres', { registry: 'docker.io', repository: 'library/postgres', tag: 'latest' }],
    ['postgres:16-alpine', { registry: 'docker.io', repository: 'library/postgres', tag: '16-alpine' }],
    ['bitnami/redis:7.4', { registry: 'docker.io', repository: 'bitnami/redis', tag: '7.4' }],
    ['docker.io/library/nginx:1.27', { registry: 'docker.io', repository: 'library/nginx', tag: '1.27' }],
    ['docker.io/nginx', { registry: 'docker.io', repository: 'library/nginx', tag: 'latest' }],
    ['index.docker.io/nginx:1', { registry: 'docker.io', repository: 'library/nginx', tag: '1' }],
    ['ghcr.io/acme/app:1.2', { registry: 'ghcr.io', repository: 'acme/app', tag: '1.2' }],
    ['registry.k8s.io/pause:3.9', { registry: 'registry.k8s.io', repository: 'pause', tag: '3.9' }],
    ['localhost:5000/app', { registry: 'localhost:5000', repository: 'app', tag: 'latest' }],
    ['localhost/app:dev', { registry: 'localhost', repository: 'app', tag: 'dev' }],
    [`quay.io/org/img@sha256:${'a'.repeat(64)}`, { registry: 'quay.io', repository: 'org/img', digest: `sha256:${'a'.repeat(64)}` }],
    [`redis:7@sha256:${'b'.repeat(64)}`, { registry: 'docker.io', repository: 'library/redis', tag: '7', digest: `sha256:${'b'.repeat(64)}` }],
  ])('%s', (ref, expected) => {
    expect(parseReference(ref)).toEqual(expected);
  });

  test.each([
    ['Postgres:16', 'the name component "Postgres" must be lowercase'],
    ['redis@sha256:abc', 'the digest "sha256:abc" is not sha256:<64 hex digits>'],
    ['', 'it is empty'],
  ])('%j is an error', (ref, why) => {
    expect(() => parseReference(ref)).toThrow(why);
  });
});

describe('platforms', () => {
  test('parse and choose, variants optional on either side, attestations never', () => {
    expect(parsePlatform('linux/arm64/v8')).toEqual({ os: 'linux', architecture: 'arm64', variant: 'v8' });
    expect(() => parsePlatform('amd64')).toThrow('expected OS/ARCH[/VARIANT]');
    const index = {
      digest: 'sha256:x',
      mediaType: 'application/vnd.oci.image.index.v1+json',
      json: {
        manifests: [
          { digest: 'sha256:att', platform: { os: 'unknown', architecture: 'unknown' } },
          { digest: 'sha256:v7', platform: { os: 'linux', architecture: 'arm', variant: 'v7' } },
          { digest: 'sha256:v6', platform: { os: 'linux', architecture: 'arm', variant: 'v6' } },
          { digest: 'sha256:arm64', platform: { os: 'linux', architecture: 'arm64' } },
        ],
      },
    };
    expect(choosePlatform(index, parsePlatform('linux/arm/v6'), 'x').digest).toBe('sha256:v6');
    expect(choosePlatform(index, parsePlatform('linux/arm64/v8'), 'x').digest).toBe('sha256:arm64');
    expect(() => choosePlatform(index, parsePlatform('unknown/unknown'), 'x')).toThrow('no image for unknown/unknown (the image offers linux/arm/v7, linux/arm/v6, linux/arm64)');
  });
});
