/**
 * Mounts follow the image (DESIGN "Bind mounts"): binds the image holds are dropped with the
 * anonymous volumes under them, other project files become ConfigMaps (sub-folders, binary files),
 * data becomes claims, volumes over image content are filled from the image.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compile, CompileResult } from '../../src/compile';
import { UserError } from '../../src/diagnostics';
import { FILL_MARKER, FILL_MOUNT, MAX_CONFIG_BYTES } from '../../src/model/storage';
import { Any, find, podSpecOf, writeFiles } from '../helpers';

/** Writes a project folder (paths → contents; a trailing `/` makes an empty folder) and compiles it. */
function compileFiles(files: Record<string, string | Buffer>): CompileResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-mounts-'));
  try {
    writeFiles(dir, files);
    return compile({ files: [], cwd: dir, environment: {} });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function errorsOf(files: Record<string, string | Buffer>): string[] {
  try {
    compileFiles(files);
  } catch (e) {
    if (e instanceof UserError) return e.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.path}: ${d.message}`);
    throw e;
  }
  return [];
}

const warningsAt = (r: CompileResult, prefix: string) => r.warnings.filter((w) => w.path?.startsWith(prefix)).map((w) => `${w.path}: ${w.message}${w.code ? ` [${w.code}]` : ''}`);
const mountsOf = (r: CompileResult, name: string) => podSpecOf(find(r, 'Deployment', name)).containers[0].volumeMounts ?? [];
const volumesOf = (r: CompileResult, name: string) => podSpecOf(find(r, 'Deployment', name)).volumes ?? [];

describe('a bind of the build context the image holds is dropped, with the anonymous volumes under it', () => {
  test('node: `.` over WORKDIR with COPY . . and `- /usr/src/app/node_modules`', () => {
    const r = compileFiles({
      'compose.yaml': `name: shop
services:
  web:
    build: .
    image: ghcr.io/acme/web:1.0.0
    user: "1000:1000"
    volumes:
      - .:/usr/src/app
      - /usr/src/app/node_modules
      - /var/cache/web
`,
      Dockerfile: 'FROM node:20.11.1-alpine\nWORKDIR /usr/src/app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nCMD ["node", "server.js"]\n',
      'package.json': '{}',
      'server.js': '',
    });
    expect(warningsAt(r, 'services.web.volumes')).toEqual([
      'services.web.volumes[0]: bind mount "." is copied to "/usr/src/app" by the Dockerfile "Dockerfile"; dropped (the image holds it: rebuild the image to change it)',
      'services.web.volumes[1]: anonymous volume "/usr/src/app/node_modules" lies under "/usr/src/app", where the bind mount "." was dropped because the image holds it; dropped too, so that what the image has there (e.g. installed dependencies) is not hidden by an empty volume',
    ]);
    // Only the unrelated anonymous volume is mounted (the root stays writable: the image's write paths are unknown).
    expect(mountsOf(r, 'web').map((m: Any) => m.mountPath)).toEqual(['/var/cache/web']);
  });

  test('python: a sub-folder of the context copied to another path, with a virtualenv volume under it', () => {
    const r = compileFiles({
      'compose.yaml': `services:
  api:
    build: {context: ./backend, dockerfile: docker/api.Dockerfile}
    image: ghcr.io/acme/api:2.0.0
    user: "1000:1000"
    volumes:
      - ./backend/src:/opt/api
      - /opt/api/.venv
`,
      'backend/docker/api.Dockerfile': 'FROM python:3.12.11-slim\nARG APP=/opt/api\nCOPY src ${APP}\n',
      'backend/src/main.py': 'print(1)\n',
    });
    expect(warningsAt(r, 'services.api.volumes')).toEqual([
      'services.api.volumes[0]: bind mount "./backend/src" is copied to "/opt/api" by the Dockerfile "backend/docker/api.Dockerfile"; dropped (the image holds it: rebuild the image to change it)',
      'services.api.volumes[1]: anonymous volume "/opt/api/.venv" lies under "/opt/api", where the bind mount "./backend/src" was dropped because the image holds it; dropped too, so that what the image has there (e.g. installed dependencies) is not hidden by an empty volume',
    ]);
    expect(mountsOf(r, 'api').map((m: Any) => m.mountPath)).toEqual([]);
  });
});

describe('a bind inside the build context that the Dockerfile does not copy there becomes a ConfigMap', () => {
  test('nginx: ./nginx/default.conf while the Dockerfile copies only the site', () => {
    const r = compileFiles({
      'compose.yaml': `services:
  proxy:
    build: .
    image: ghcr.io/acme/proxy:1.0.0
    user: "101:101"
    volumes:
      - ./nginx/default.conf:/etc/nginx/conf.d/default.conf:ro
      - ./site:/usr/share/nginx/html:ro
`,
      Dockerfile: 'FROM nginx:1.27.3-alpine\nCOPY site/ /usr/share/nginx/html/\n',
      'nginx/default.conf': 'server { listen 8080; }\n',
      'site/index.html': '<h1>hi</h1>\n',
    });
    expect(find(r, 'ConfigMap', 'proxy-default-conf')).toMatchObject({ data: { 'default.conf': 'server { listen 8080; }\n' } });
    expect(mountsOf(r, 'proxy').filter((m: Any) => m.mountPath.startsWith('/etc/nginx'))).toEqual([
      { name: 'cfg-default-conf', mountPath: '/etc/nginx/conf.d/default.conf', readOnly: true, subPath: 'default.conf' },
    ]);
    expect(warningsAt(r, 'services.proxy.volumes')).toEqual([
      'services.proxy.volumes[1]: bind mount "./site" is copied to "/usr/share/nginx/html" by the Dockerfile "Dockerfile"; dropped (the image holds it: rebuild the image to change it)',
    ]);
  });

  test('a file copied to another path, or left out by .dockerignore, is not held at the bind target', () => {
    const r = compileFiles({
      'compose.yaml': `services:
  app:
    build: .
    image: ghcr.io/acme/app:1.0.0
    user: "1000:1000"
    volumes:
      - ./config/app.ini:/etc/app/app.ini:ro
      - ./secrets-dev:/srv/app/secrets-dev:ro
`,
      Dockerfile: 'FROM debian:12.8-slim\nWORKDIR /srv/app\nCOPY config/app.ini /etc/app/defaults.ini\nCOPY . .\n',
      '.dockerignore': '# local only\nsecrets-dev\n',
      'config/app.ini': 'a=1\n',
      'secrets-dev/token.txt': 'dev\n',
    });
    expect(find(r, 'ConfigMap', 'app-app-ini')).toMatchObject({ data: { 'app.ini': 'a=1\n' } });
    expect(find(r, 'ConfigMap', 'app-secrets-dev')).toMatchObject({ data: { 'token.txt': 'dev\n' } });
  });
});

describe('folders with sub-folders, binary files, and bigger data', () => {
  test('sub-folders become items with paths, binary files binaryData', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]);
    const r = compileFiles({
      'compose.yaml': 'services:\n  site:\n    image: nginxinc/nginx-unprivileged:1.27.3\n    volumes:\n      - ./public:/usr/share/nginx/html:ro\n',
      'public/index.html': '<p>x</p>\n',
      'public/css/main.css': 'p{}\n',
      'public/img/logo.png': png,
    });
    const cm: Any = find(r, 'ConfigMap', 'site-public');
    expect(cm.data).toEqual({ 'css.main.css': 'p{}\n', 'index.html': '<p>x</p>\n' });
    expect(cm.binaryData).toEqual({ 'img.logo.png': png.toString('base64') });
    expect(volumesOf(r, 'site').find((v: Any) => v.configMap)).toEqual({
      name: 'cfg-public',
      configMap: {
        name: 'site-public',
        items: [
          { key: 'css.main.css', path: 'css/main.css' },
          { key: 'img.logo.png', path: 'img/logo.png' },
          { key: 'index.html', path: 'index.html' },
        ],
      },
    });
  });

  test('a folder that holds an env file or a compose secret file never becomes a ConfigMap', () => {
    const r = compileFiles({
      'compose.yaml': `services:
  dev:
    image: node:20.11.1
    user: "1000:1000"
    command: ["npm", "start"]
    secrets: [api_key]
    volumes:
      - .:/app
      - ./conf:/etc/dev:ro
secrets:
  api_key: {file: ./conf/api-key.txt}
`,
      '.env': 'TOKEN=fixture-secret-1\n',
      'conf/api-key.txt': 'fixture-secret-2\n',
      'server.js': '',
    });
    expect(warningsAt(r, 'services.dev.volumes')).toEqual([
      'services.dev.volumes[0]: bind mount "." holds ".env", a file with secret values, which is never written into a ConfigMap; it becomes the claim "dev-files" (1Gi), which starts empty: build the files into the image, or copy it in once (kubectl cp . POD:/app) and size it with x-k8s: {mounts: {/app: {claim: dev-files, size: 10Gi}}} [data-copy]',
      'services.dev.volumes[1]: bind mount "./conf" holds "api-key.txt", a file with secret values, which is never written into a ConfigMap; it becomes the claim "dev-conf" (1Gi), which starts empty: build the files into the image, or copy it in once (kubectl cp ./conf POD:/etc/dev, with the claim mounted writable) and size it with x-k8s: {mounts: {/etc/dev: {claim: dev-conf, size: 10Gi}}} [data-copy]',
    ]);
    expect(JSON.stringify(r.objects)).not.toMatch(/fixture-secret/);
  });

  test(`more than ${MAX_CONFIG_BYTES / 1024} KiB becomes a claim that the data must be copied into`, () => {
    const r = compileFiles({
      'compose.yaml': 'services:\n  search:\n    image: ghcr.io/acme/search:3.1.0\n    user: "1000:1000"\n    volumes:\n      - ./fixtures/logs:/var/lib/search/samples\n',
      'fixtures/logs/a.log': 'x'.repeat(MAX_CONFIG_BYTES - 10),
      'fixtures/logs/deep/b.log': 'y'.repeat(20),
    });
    expect(warningsAt(r, 'services.search.volumes')).toEqual([
      'services.search.volumes[0]: bind mount "./fixtures/logs" holds more than 200 KiB, too much for a ConfigMap (kubectl apply copies it into a 256 KiB annotation); it becomes the claim "search-logs" (1Gi), which starts empty: copy it in once (kubectl cp ./fixtures/logs POD:/var/lib/search/samples), and size it with x-k8s: {mounts: {/var/lib/search/samples: {claim: search-logs, size: 10Gi}}} [data-copy]',
    ]);
    expect(find(r, 'PersistentVolumeClaim', 'search-logs')).toMatchObject({ spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
    expect(mountsOf(r, 'search')[0]).toEqual({ name: 'data-logs', mountPath: '/var/lib/search/samples' });
    expect(r.objects.some((o) => o.kind === 'ConfigMap' && o.metadata.name === 'search-logs')).toBe(false);
  });
});

describe('data folders and host folders become claims', () => {
  test('an empty project folder and a missing short-syntax source: empty claims with a plain warning', () => {
    const r = compileFiles({
      'compose.yaml': `services:
  cache:
    image: ghcr.io/acme/kv:7.2.4
    user: "999:999"
    volumes:
      - ./kv:/data
      - ./backups:/backups
`,
      'kv/.gitkeep': '',
    });
    expect(warningsAt(r, 'services.cache.volumes')).toEqual([
      'services.cache.volumes[0]: bind mount "./kv" is an empty folder (a data folder); it becomes the empty claim "cache-kv" (1Gi); size it with x-k8s: {mounts: {/data: {claim: cache-kv, size: 10Gi}}}',
      'services.cache.volumes[1]: bind mount "./backups" does not exist (compose creates it as an empty folder); it becomes the empty claim "cache-backups" (1Gi); size it with x-k8s: {mounts: {/backups: {claim: cache-backups, size: 10Gi}}}',
    ]);
    expect(volumesOf(r, 'cache').filter((v: Any) => v.persistentVolumeClaim)).toEqual([
      { name: 'data-kv', persistentVolumeClaim: { claimName: 'cache-kv' } },
      { name: 'data-backups', persistentVolumeClaim: { claimName: 'cache-backups' } },
    ]);
  });

  test('a bind with data over an image profile\'s data path is a claim, not a ConfigMap', () => {
    const r = compileFiles({
      'compose.yaml': 'services:\n  db:\n    image: postgres:16.4\n    environment: {POSTGRES_PASSWORD: "${PGPASS}"}\n    volumes:\n      - ./pgdata:/var/lib/postgresql/data\n',
      'pgdata/PG_VERSION': '16\n',
    });
    expect(warningsAt(r, 'services.db.volumes')).toEqual([
      'services.db.volumes[0]: bind mount "./pgdata" is the image\'s data folder "/var/lib/postgresql/data"; it becomes the claim "db-pgdata" (1Gi), which starts empty: copy it in once (kubectl cp ./pgdata POD:/var/lib/postgresql/data), and size it with x-k8s: {mounts: {/var/lib/postgresql/data: {claim: db-pgdata, size: 10Gi}}} [data-copy]',
    ]);
  });

  test('a host folder outside the project is a claim whose data is not migrated', () => {
    const r = compileFiles({
      'compose.yaml': 'services:\n  game:\n    image: ghcr.io/acme/game:1.20.4\n    user: "1000:1000"\n    volumes:\n      - /srv/game-world:/data\n      - ~/game-mods:/mods:ro\n',
    });
    expect(warningsAt(r, 'services.game.volumes')).toEqual([
      'services.game.volumes[0]: host folder "/srv/game-world" is outside the project folder; it becomes the claim "game-game-world" (1Gi) and the data on this host is not migrated: copy it in once (kubectl cp /srv/game-world POD:/data), and size it with x-k8s: {mounts: {/data: {claim: game-game-world, size: 10Gi}}} [data-copy]',
      'services.game.volumes[1]: host folder "~/game-mods" is outside the project folder; it becomes the claim "game-game-mods" (1Gi) and the data on this host is not migrated: copy it in once (kubectl cp ~/game-mods POD:/mods, with the claim mounted writable), and size it with x-k8s: {mounts: {/mods: {claim: game-game-mods, size: 10Gi}}} [data-copy]',
    ]);
  });

  test('a long-syntax bind whose source does not exist is an error; system paths stay refused', () => {
    expect(
      errorsOf({
        'compose.yaml': 'services:\n  app:\n    image: ghcr.io/acme/app:1.0.0\n    volumes:\n      - {type: bind, source: ./certs, target: /certs}\n      - /proc:/host/proc:ro\n',
      }),
    ).toEqual([
      'services.app.volumes[0]: bind mount source "./certs" does not exist and bind.create_host_path is not true, so compose refuses to start; create it, or set bind: {create_host_path: true} to start with an empty folder',
      'services.app.volumes[1]: bind mount of the node\'s system path "/proc" needs Pod Security "privileged" (/proc belongs to the node; only a hostPath volume can mount it); remove it, or set x-k8s: {podSecurity: privileged} on service app if its namespace allows privileged pods',
    ]);
  });
});

describe('volumes over image content are filled from the image', () => {
  const fillCommand = (p: string) => [
    'sh',
    '-c',
    `set -e; if [ -e '${FILL_MOUNT}/${FILL_MARKER}' ]; then exit 0; fi; if [ -d '${p}' ]; then cp -a '${p}/.' '${FILL_MOUNT}/'; fi; touch '${FILL_MOUNT}/${FILL_MARKER}'`,
  ];

  test('a named volume where the Dockerfile copies files, and an anonymous one in the WORKDIR', () => {
    const r = compileFiles({
      'compose.yaml': `services:
  cms:
    build: .
    image: ghcr.io/acme/cms:4.2.0
    user: "33:33"
    volumes:
      - static:/var/www/static
      - /var/www/app/uploads
      - other:/srv/other
volumes:
  static: {x-k8s: {size: 1Gi}}
  other: {x-k8s: {size: 1Gi}}
`,
      Dockerfile: 'FROM php:8.3.14-fpm\nWORKDIR /var/www/app\nCOPY assets/ /var/www/static/\nCOPY . .\n',
      'assets/site.css': 'a{}\n',
    });
    const spec = podSpecOf(find(r, 'Deployment', 'cms'));
    expect(spec.initContainers.map((c: Any) => [c.name, c.image, c.command, c.volumeMounts])).toEqual([
      ['fill-static', 'ghcr.io/acme/cms:4.2.0', fillCommand('/var/www/static'), [{ name: 'static', mountPath: FILL_MOUNT }]],
      ['fill-anon-var-www-app-uploads', 'ghcr.io/acme/cms:4.2.0', fillCommand('/var/www/app/uploads'), [{ name: 'anon-var-www-app-uploads', mountPath: FILL_MOUNT }]],
    ]);
    expect(spec.initContainers[0].securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
  });

  test('nocopy is honoured; a base without a shell gets a warning instead of a fill', () => {
    const r = compileFiles({
      'compose.yaml': `services:
  tool:
    build: .
    image: ghcr.io/acme/tool:1.0.0
    user: "65532:65532"
    volumes:
      - type: volume
        source: data
        target: /etc/tool
        volume: {nocopy: true}
      - /usr/share/tool
volumes:
  data: {x-k8s: {size: 1Gi}}
`,
      Dockerfile: 'FROM golang:1.22.10 AS build\nWORKDIR /src\nCOPY . .\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /src/etc /etc/tool/\nCOPY --from=build /src/share /usr/share/tool/\n',
    });
    expect(podSpecOf(find(r, 'Deployment', 'tool')).initContainers ?? []).toEqual([]);
    expect(warningsAt(r, 'services.tool.volumes')).toEqual([
      'services.tool.volumes[1]: anonymous volume at "/usr/share/tool": the image has files there (Dockerfile "Dockerfile"), which Docker copies into an empty volume, but its base "gcr.io/distroless/static-debian12:nonroot" has no shell to copy them with on Kubernetes; the volume starts empty: fill it with a kustomize patch (an init container on an image with sh), or mount nothing there [data-copy]',
    ]);
  });

  test('an image without a Dockerfile or profile: it cannot be known, x-k8s.fillFromImage asks for the fill', () => {
    const compose = (x: string) => `services:\n  app:\n    image: ghcr.io/acme/app:1.0.0\n    user: "1000:1000"\n    volumes: ["plugins:/opt/app/plugins"]${x}\nvolumes:\n  plugins: {x-k8s: {size: 1Gi}}\n`;
    const unknown = compileFiles({ 'compose.yaml': compose('') });
    expect(warningsAt(unknown, 'services.app.volumes')).toEqual([
      'services.app.volumes[0]: named volume "plugins" at "/opt/app/plugins": it cannot be known here whether the image "ghcr.io/acme/app:1.0.0" has files there; Docker copies them into an empty volume, Kubernetes starts it empty: if the service needs them, set x-k8s: {fillFromImage: [/opt/app/plugins]} (the image needs sh and cp)',
    ]);
    expect(podSpecOf(find(unknown, 'Deployment', 'app')).initContainers ?? []).toEqual([]);
    const asked = compileFiles({ 'compose.yaml': compose('\n    x-k8s: {fillFromImage: [/opt/app/plugins]}') });
    expect(warningsAt(asked, 'services.app.volumes')).toEqual([]);
    expect(podSpecOf(find(asked, 'Deployment', 'app')).initContainers.map((c: Any) => c.command)).toEqual([fillCommand('/opt/app/plugins')]);
  });

  test('a Dockerfile VOLUME that compose mounts nothing on becomes an emptyDir filled from the image', () => {
    const r = compileFiles({
      'compose.yaml': 'services:\n  app:\n    build: .\n    image: ghcr.io/acme/app:1.0.0\n    user: "1000:1000"\n',
      Dockerfile: 'FROM alpine:3.20.3\nCOPY defaults/ /var/lib/app/\nVOLUME /var/lib/app\n',
      'defaults/app.db': 'x',
    });
    const spec = podSpecOf(find(r, 'Deployment', 'app'));
    expect(spec.volumes.find((v: Any) => v.name === 'vol-var-lib-app')).toEqual({ name: 'vol-var-lib-app', emptyDir: { sizeLimit: '256Mi' } });
    expect(spec.initContainers.map((c: Any) => c.command)).toEqual([fillCommand('/var/lib/app')]);
  });
});

describe('the Dockerfile USER of a build: service without user:', () => {
  const project = (dockerfile: string) =>
    compileFiles({ 'compose.yaml': 'services:\n  app:\n    build: .\n    image: ghcr.io/acme/app:1.0.0\n', Dockerfile: dockerfile });
  const pod = (r: CompileResult) => podSpecOf(find(r, 'Deployment', 'app')).securityContext;
  const userWarnings = (r: CompileResult) => r.warnings.filter((w) => w.path === 'services.app' && w.code === 'image-user').map((w) => `${w.message} [${w.code}]`);

  test('a numeric USER is used, through ARG expansion', () => {
    const r = project('FROM python:3.12.11-slim\nARG UID=10001\nUSER ${UID}:${UID}\n');
    expect(pod(r)).toMatchObject({ runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001 });
    expect(userWarnings(r)).toEqual([]);
  });

  test('a named USER: a warning that says how to set user: numerically', () => {
    const r = project('FROM node:20.11.1\nUSER node\n');
    expect(pod(r)).toMatchObject({ runAsUser: 65532, runAsGroup: 65532 });
    expect(userWarnings(r)).toEqual([
      'the Dockerfile "Dockerfile" sets USER "node", a name; Kubernetes needs a numeric UID to enforce non-root, so the pod runs as UID/GID 65532: set user: "UID:GID" on the service to the numbers of node in the image (docker run --rm --entrypoint id IMAGE node), or write the USER with numbers [image-user]',
    ]);
  });

  test('root, or no USER: a warning that names user: and COPY --chown', () => {
    expect(userWarnings(project('FROM debian:12.8-slim\nUSER 1000\nUSER root\n'))).toEqual([
      'the Dockerfile "Dockerfile" leaves the user as root (USER "root"), which Pod Security "restricted" forbids; the pod runs as UID/GID 65532, which cannot write the files the build left to root: add a non-root USER to the Dockerfile (e.g. USER 10001:10001) and COPY --chown=10001:10001 the files it must write, or set user: "UID:GID" on the service [image-user]',
    ]);
    expect(userWarnings(project('FROM debian:12.8-slim\nRUN true\n'))).toEqual([
      'the Dockerfile "Dockerfile" sets no USER, so the image runs as the user of "debian:12.8-slim" (root for most images), which Pod Security "restricted" forbids; the pod runs as UID/GID 65532: add a non-root USER to the Dockerfile (e.g. USER 10001:10001) and COPY --chown=10001:10001 the files it must write, or set user: "UID:GID" on the service [image-user]',
    ]);
  });

  test('no USER on a base with an image profile takes the profile\'s user', () => {
    expect(pod(project('FROM nginxinc/nginx-unprivileged:1.27.3-alpine\nCOPY site/ /usr/share/nginx/html/\n'))).toMatchObject({ runAsUser: 101, runAsGroup: 101 });
  });
});
