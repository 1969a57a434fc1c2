/**
 * Every error in one run (front end, model and output check), the closing counts line, and an
 * output folder left untouched on failure.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from '../../src/cli/run';
import { compile } from '../../src/compile';
import { UserError, formatDiagnostic } from '../../src/diagnostics';
import * as verify from '../../src/verify';

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-one-run-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(root, 'p-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

function cli(argv: string[], cwd: string) {
  let stderr = '';
  const code = run(argv, { stdout: () => undefined, stderr: (t) => (stderr += t), cwd, env: {} });
  return { code, lines: stderr.trimEnd().split('\n') };
}

/**
 * Problems of every stage: YAML values, references, env files (front end), host paths, x-k8s and
 * images (model; an untagged image is a mutable-image warning, an error with --strict, as here).
 */
const BROKEN = `name: shop
services:
  web:
    image: nginx:1.27
    depends_on: [dbb]
    env_file: missing.env
    ports: ["80:80:80"]
    volumes: ["/var/run/docker.sock:/var/run/docker.sock"]
    cap_add: [NET_ADMIN]
    frobnicate: true
  db:
    image: postgres
    x-k8s: {kind: bogus}
`;

const FRONT_AND_MODEL = [
  'error: compose.yaml: services.web.ports[0]: invalid port "80:80:80": "80" is not an IP address; expected CONTAINER, HOST:CONTAINER or IP:HOST:CONTAINER (like "80", "8080:80" or "127.0.0.1:8080:80")',
  'error: compose.yaml: services.web: unknown key "frobnicate"; expected a key of the Compose specification or an "x-" extension',
  'error: compose.yaml: services.web.depends_on: unknown service "dbb"; did you mean "db"?',
  'error: compose.yaml: services.web.env_file: file not found "missing.env"; expected an existing env file, or "required: false"',
  'error: compose.yaml: services.db.x-k8s.kind: invalid value "bogus"; expected one of deployment, statefulset, daemonset, job',
  'error: compose.yaml: services.db.image: image "postgres" has no tag; it is written as given with imagePullPolicy: Always, so a restarted pod may run another version: pin a version (e.g. postgres:1.2.3) or a digest [mutable-image: an error with --strict]',
  'error: compose.yaml: services.web.cap_add[0]: capability "NET_ADMIN" needs Pod Security "privileged" (baseline allows adding only AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT); remove it, or set x-k8s: {podSecurity: privileged} on service web if its namespace allows privileged pods',
  "error: compose.yaml: services.web.volumes[0]: the Docker API socket \"/var/run/docker.sock\" cannot be mounted on Kubernetes: nodes run containerd, so there is no Docker API to mount; use the Kubernetes way instead: the Kubernetes API through a ServiceAccount with RBAC (e.g. Traefik's Kubernetes provider instead of its Docker provider, a Kubernetes API client instead of a Docker client); remove it",
];

describe('one run reports the errors of every stage', () => {
  test('synth: front-end and model errors together, the counts line, the output folder untouched', () => {
    const dir = project({ 'compose.yaml': BROKEN });
    const out = path.join(dir, 'deploy');
    fs.mkdirSync(out);
    const r = cli(['synth', '--strict', '-o', 'deploy'], dir);
    expect(r.code).toBe(1);
    const errors = r.lines.filter((l) => l.startsWith('error: '));
    expect([...errors].sort()).toEqual([...FRONT_AND_MODEL].sort());
    const warnings = r.lines.filter((l) => l.startsWith('warning: ')).length;
    expect(r.lines[r.lines.length - 1]).toBe(`8 errors, ${warnings} warning${warnings === 1 ? '' : 's'}; nothing was written`);
    expect(fs.readdirSync(out)).toEqual([]);
  });

  test('check: the same errors; its counts line says nothing about writing (check never writes)', () => {
    const r = cli(['check', '-q', '--strict'], project({ 'compose.yaml': BROKEN }));
    expect(r.code).toBe(1);
    expect([...r.lines.slice(0, -1)].sort()).toEqual([...FRONT_AND_MODEL].sort());
    expect(r.lines[r.lines.length - 1]).toMatch(/^8 errors, [0-9]+ warnings?$/);
  });

  test('a refused output folder is reported with the compose errors', () => {
    const dir = project({ 'compose.yaml': 'name: shop\nservices:\n  web:\n    image: nginx\n' });
    fs.mkdirSync(path.join(dir, 'mine'));
    fs.writeFileSync(path.join(dir, 'mine', 'notes.txt'), 'keep me\n');
    const r = cli(['synth', '-q', '--strict', '-o', 'mine'], dir);
    expect(r.lines).toEqual([
      `error: output folder ${path.join(dir, 'mine')} is not empty and was not written by cdk8s-compose (no kustomization.yaml of ours); choose another -o or empty it`,
      'error: compose.yaml: services.web.image: image "nginx" has no tag; it is written as given with imagePullPolicy: Always, so a restarted pod may run another version: pin a version (e.g. nginx:1.2.3) or a digest [mutable-image: an error with --strict]',
      '2 errors, 1 warning; nothing was written',
    ]);
    expect(fs.readFileSync(path.join(dir, 'mine', 'notes.txt'), 'utf8')).toBe('keep me\n');
  });

  test('a service whose extends fails is left to its error: no "unknown service" or "missing image" after it', () => {
    const dir = project({ 'compose.yaml': 'name: shop\nservices:\n  web:\n    extends: {file: nowhere.yaml, service: base}\n  app:\n    image: nginx:1.27\n    depends_on: [web]\n    user: root\n' });
    const r = cli(['check', '-q'], dir);
    expect(r.lines).toEqual([
      'error: compose.yaml: services.web.extends.file: file not found "nowhere.yaml"; expected a compose file path relative to compose.yaml',
      'error: compose.yaml: services.app.user: user "root" (root) needs Pod Security "baseline" (restricted forbids root); use the non-root UID:GID the image provides (e.g. "1000:1000"), or set x-k8s: {podSecurity: baseline} on service app if its namespace allows baseline pods',
      '2 errors, 1 warning',
    ]);
  });

  test('a model problem on a value the front end already refused is not reported twice', () => {
    const dir = project({ 'compose.yaml': 'name: shop\nservices:\n  web:\n    image: ${IMAGE:?set IMAGE to the image to deploy}\n' });
    expect(cli(['check', '-q'], dir).lines).toEqual([
      'error: compose.yaml: services.web.image: required variable IMAGE is missing a value: set IMAGE to the image to deploy',
      // -q prints errors only; the count still says what the run found (the user, root filesystem and resources defaults).
      '1 error, 3 warnings',
    ]);
  });

  test('the output check runs in the same run, on the objects of the services without errors', () => {
    const dir = project({ 'compose.yaml': 'name: shop\nservices:\n  web:\n    image: nginx:1.27\n    frobnicate: 1\n  api:\n    image: ghcr.io/acme/api:1.0\n    user: "1000:1000"\n' });
    // Our own output always holds together; stand in for a broken reference in each service's objects.
    const spy = jest.spyOn(verify, 'verifyObjects').mockReturnValue([
      { severity: 'error', path: 'Deployment/api', message: 'Deployment/api runs as ServiceAccount/nobody, which is not in the output' },
      { severity: 'error', path: 'Deployment/web', message: 'Deployment/web runs as ServiceAccount/nobody, which is not in the output' },
    ]);
    try {
      compile({ files: [], cwd: dir, environment: {} });
      throw new Error('expected the compile to fail');
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      expect(e.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([
        'error: compose.yaml: services.web: unknown key "frobnicate"; expected a key of the Compose specification or an "x-" extension',
        'error: Deployment/api: Deployment/api runs as ServiceAccount/nobody, which is not in the output (the output failed its reference check)',
      ]);
    } finally {
      spy.mockRestore();
    }
  });
});
