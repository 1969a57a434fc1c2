/** Files stay files: modes, secret content, writable files, missing file-shaped sources. */
import { UserError } from '../../../src/diagnostics';
import { mountedMode } from '../../../src/model/storage';
import { Any, find, podSpecOf } from '../../helpers';
import { compileFiles, namesOf } from './helpers';

const KEY = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n';
const volumesOf = (r: ReturnType<typeof compileFiles>, name: string): Any[] => podSpecOf(find(r, 'Deployment', name)).volumes;
const mountsOf = (r: ReturnType<typeof compileFiles>, name: string): Any[] => podSpecOf(find(r, 'Deployment', name)).containers[0].volumeMounts;
/** The messages --strict refuses the project with. */
function strictErrors(files: Record<string, string>): string[] {
  try {
    compileFiles(files, {}, { strict: true });
  } catch (e) {
    if (e instanceof UserError) return e.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
    throw e;
  }
  return [];
}
const everything = (r: ReturnType<typeof compileFiles>) => [...r.files.values()].join('\n') + JSON.stringify(r.report) + r.warnings.map((w) => w.message).join('\n');

describe('mountedMode: the owner\'s bits copied to group and others', () => {
  it.each([
    [0o755, 0o755],
    [0o700, 0o555],
    [0o644, 0o644],
    [0o600, 0o444],
    [0o775, 0o755],
  ])('%o → %o', (from, to) => expect(mountedMode(from)).toBe(to));
});

describe('a bind of a file', () => {
  it('an executable entrypoint script keeps its mode, mounted as a file through subPath', () => {
    const r = compileFiles(
      { 'compose.yaml': 'services:\n  app:\n    image: ghcr.io/acme/app:1.0\n    command: ["/entrypoint.sh"]\n    volumes: ["./docker/entrypoint.sh:/entrypoint.sh:ro"]\n', 'docker/entrypoint.sh': '#!/bin/sh\nexec app\n' },
      { 'docker/entrypoint.sh': 0o755 },
    );
    expect(volumesOf(r, 'app')).toContainEqual({ name: 'cfg-entrypoint-sh', configMap: { name: 'docker-entrypoint-sh', items: [{ key: 'entrypoint.sh', path: 'entrypoint.sh', mode: 0o755 }] } });
    expect(mountsOf(r, 'app')).toContainEqual({ name: 'cfg-entrypoint-sh', mountPath: '/entrypoint.sh', readOnly: true, subPath: 'entrypoint.sh' });
  });

  it('a PEM private key goes to a Secret listed in SECRETS.md with its create command, never a ConfigMap, its value nowhere', () => {
    const r = compileFiles({
      'compose.yaml': 'services:\n  proxy:\n    image: ghcr.io/acme/proxy:1.0\n    volumes: ["./certs:/etc/proxy/certs:ro", "./tls/site.key:/etc/site.key:ro"]\n',
      'certs/server.pem': KEY,
      'certs/ca.crt': 'cert\n',
      'tls/site.key': 'not-pem-but-a-key-by-name\n',
    });
    expect(namesOf(r, 'ConfigMap')).toEqual([]);
    const secrets = r.files.get('SECRETS.md')!;
    expect(secrets).toContain('kubectl create secret generic certs');
    expect(secrets).toContain('--from-file=server.pem=./certs/server.pem');
    expect(secrets).toContain('kubectl create secret generic tls-site-key');
    expect(secrets).toContain('--from-file=site.key=./tls/site.key');
    expect(volumesOf(r, 'proxy')).toContainEqual({ name: 'secret-site-key', secret: { secretName: 'tls-site-key', items: [{ key: 'site.key', path: 'site.key' }] } });
    expect(everything(r)).not.toContain('MIIEvQIBADANBgkqhkiG9w0BAQEFAASC');
    expect(everything(r)).not.toContain('not-pem-but-a-key-by-name');
  });

  it('a writable file bind (acme.json, *.db) is an attention item with the options', () => {
    const r = compileFiles({ 'compose.yaml': 'services:\n  proxy:\n    image: ghcr.io/acme/proxy:1.0\n    volumes: ["./acme.json:/acme/acme.json"]\n', 'acme.json': '{}\n' });
    const w = r.warnings.find((x) => x.code === 'writable-file');
    expect(w?.message).toMatch(/mount a claim at its folder instead \(x-k8s: \{mounts: \{\/acme: \{claim: acme-json/);
    expect(strictErrors({ 'compose.yaml': 'services:\n  proxy:\n    image: ghcr.io/acme/proxy:1.0\n    volumes: ["./app.db:/data/app.db"]\n', 'app.db': 'x' })).toContainEqual(expect.stringContaining('[writable-file'));
  });
});

describe('a missing source', () => {
  it('file-shaped and secret-looking: a Secret prerequisite in SECRETS.md, mounted as a file; never a claim', () => {
    const r = compileFiles({ 'compose.yaml': 'services:\n  proxy:\n    image: ghcr.io/acme/proxy:1.0\n    volumes: ["./tls/server.key:/etc/proxy/server.key:ro", "./tls/server.crt:/etc/proxy/server.crt:ro"]\n' });
    expect(namesOf(r, 'PersistentVolumeClaim')).toEqual([]);
    expect(r.files.get('SECRETS.md')).toContain('kubectl create secret generic tls-server-key');
    expect(mountsOf(r, 'proxy')).toContainEqual({ name: 'secret-server-crt', mountPath: '/etc/proxy/server.crt', readOnly: true, subPath: 'server.crt' });
    expect(volumesOf(r, 'proxy')).toContainEqual({ name: 'secret-server-crt', secret: { secretName: 'tls-server-crt', items: [{ key: 'server.crt', path: 'server.crt' }] } });
    const attention = r.warnings.filter((w) => w.code === 'file-prerequisite').map((w) => w.message);
    expect(attention).toHaveLength(2);
    expect(attention.join('\n')).toContain('kubectl create secret generic tls-server-crt --from-file=server.crt=./tls/server.crt');
    expect(r.files.get('README.md')).toContain('kubectl create secret generic tls-server-crt');
  });

  it('file-shaped, not secret-looking: a ConfigMap created out of band, with the command in the output README', () => {
    const r = compileFiles({ 'compose.yaml': 'services:\n  proxy:\n    image: ghcr.io/acme/proxy:1.0\n    volumes: ["./conf/proxy.toml:/etc/proxy/proxy.toml:ro"]\n' });
    expect(namesOf(r, 'ConfigMap')).toEqual([]);
    expect(volumesOf(r, 'proxy')).toContainEqual({ name: 'cfg-proxy-toml', configMap: { name: 'conf-proxy-toml', items: [{ key: 'proxy.toml', path: 'proxy.toml' }] } });
    expect(r.files.get('README.md')).toContain('kubectl create configmap conf-proxy-toml --from-file=proxy.toml=./conf/proxy.toml');
    expect(r.model.outOfBandConfigMaps).toEqual(['conf-proxy-toml']);
  });

  it('is refused by --strict', () => {
    expect(strictErrors({ 'compose.yaml': 'services:\n  proxy:\n    image: ghcr.io/acme/proxy:1.0\n    volumes: ["./nginx.conf:/etc/nginx/nginx.conf:ro"]\n' })).toContainEqual(expect.stringContaining('[file-prerequisite'));
  });

  it('a Dockerfile that copies a file to the target makes it file-shaped', () => {
    const r = compileFiles({
      'compose.yaml': 'services:\n  app:\n    build: .\n    image: ghcr.io/acme/app:1.0\n    volumes: ["./local/settings:/app/settings"]\n',
      Dockerfile: 'FROM debian:12.8-slim\nCOPY settings.default /app/settings\n',
      'settings.default': 'a\n',
    });
    expect(namesOf(r, 'PersistentVolumeClaim')).toEqual([]);
    expect(r.warnings.some((w) => w.code === 'file-prerequisite')).toBe(true);
  });

  it('folder-shaped stays an empty claim', () => {
    const r = compileFiles({ 'compose.yaml': 'services:\n  db:\n    image: ghcr.io/acme/db:1.0\n    volumes: ["./data:/var/lib/db"]\n' });
    expect(namesOf(r, 'PersistentVolumeClaim')).toEqual(['data']);
  });
});
