import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { run } from '../../src/cli/run';
import { SYNTH_HELP, CHECK_HELP, GRAPH_HELP, MAIN_HELP } from '../../src/cli/usage';
import { ROOT } from '../helpers';

function cli(argv: string[], cwd: string, env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = run(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env });
  return { code, stdout, stderr };
}

function tmpProject(compose: string, extra: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-cli-'));
  fs.writeFileSync(path.join(dir, 'compose.yaml'), compose);
  for (const [f, c] of Object.entries(extra)) fs.writeFileSync(path.join(dir, f), c);
  return dir;
}

const VALID = `services:
  web:
    image: nginxinc/nginx-unprivileged:1.27.3
    ports: ["8080:8080"]
`;

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(dir).sort()) out[f] = fs.readFileSync(path.join(dir, f), 'utf8');
  return out;
}

describe('cdk8s-compose CLI', () => {
  test('--help of each command', () => {
    const dir = tmpProject(VALID);
    expect(cli(['--help'], dir)).toEqual({ code: 0, stdout: MAIN_HELP, stderr: '' });
    expect(cli(['synth', '--help'], dir)).toEqual({ code: 0, stdout: SYNTH_HELP, stderr: '' });
    expect(cli(['check', '-h'], dir)).toEqual({ code: 0, stdout: CHECK_HELP, stderr: '' });
    expect(cli(['graph', '--help'], dir)).toEqual({ code: 0, stdout: GRAPH_HELP, stderr: '' });
  });

  test('wrong usage exits 2 with the message and the short usage', () => {
    const dir = tmpProject(VALID);
    const r = cli(['synth', '--bogus'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: unknown option --bogus\n\nUsage: cdk8s-compose synth [options]\nRun "cdk8s-compose synth --help" for the options.\n');
    expect(cli([], dir).code).toBe(2);
    expect(cli(['deploy'], dir).stderr).toContain('error: unknown command "deploy"; expected synth, check or graph');
    expect(cli(['synth', '-o'], dir).stderr).toContain('error: -o needs a value');
    expect(cli(['check', '--report', 'x'], dir).stderr).toContain('error: --report is an option of synth, not of check');
    expect(cli(['graph', '-o', 'x'], dir).stderr).toContain('error: -o is an option of synth and check, not of graph');
    expect(cli(['synth', '--image-tag', '1'], dir).stderr).toContain('error: --image-registry and --image-tag go together');
  });

  test('synth writes the output folder; check writes nothing', () => {
    const dir = tmpProject(VALID);
    const r = cli(['synth', '-o', 'out'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('wrote ');
    const files = Object.keys(tree(path.join(dir, 'out')));
    expect(files).toContain('kustomization.yaml');
    expect(files).toContain('61-deployment-web.yaml');
    expect(files).toContain('40-service-web.yaml');
    const c = cli(['check'], dir);
    expect(c.code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });

  test('invalid input exits 1 with one line per problem and leaves the output folder exactly as it was', () => {
    const dir = tmpProject(VALID);
    expect(cli(['synth', '-o', 'out'], dir).code).toBe(0);
    const before = tree(path.join(dir, 'out'));
    fs.writeFileSync(path.join(dir, 'compose.yaml'), 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n    ports: 8080\n');
    const r = cli(['synth', '-o', 'out'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: compose\.yaml: services\.web\.ports: /m);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(tree(path.join(dir, 'out'))).toEqual(before);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('.out'))).toEqual([]);
  });

  test('synth prints the conversion report; --report writes it as JSON, never inside the output folder', () => {
    const dir = tmpProject(VALID);
    const r = cli(['synth', '-o', 'out', '--report', 'report.json'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('service  objects\nweb      Deployment/web, Service/web, ServiceAccount/web\n');
    expect(r.stderr).not.toContain('\u001b['); // no colors off a terminal
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8'));
    expect(json.services[0]).toMatchObject({ service: 'web', kind: 'Deployment', objects: ['Deployment/web', 'Service/web', 'ServiceAccount/web'] });
    const inside = cli(['synth', '-o', 'out', '--report', 'out/r.json'], dir);
    expect(inside.code).toBe(2);
    expect(inside.stderr).toContain('is inside the output folder');
    expect(fs.readFileSync(path.join(dir, 'out', 'README.md'), 'utf8')).toContain('```mermaid\nflowchart LR\n');
  });

  test('check --output DIR checks a (hand-edited) folder: exit 0 when every reference resolves, 1 naming both objects otherwise', () => {
    const dir = tmpProject(VALID);
    expect(cli(['synth', '-q', '-o', 'out'], dir).code).toBe(0);
    expect(cli(['check', '-o', 'out'], dir)).toEqual({ code: 0, stdout: '', stderr: 'ok: out: every reference resolves\n' });
    const svc = path.join(dir, 'out', '40-service-web.yaml');
    fs.writeFileSync(svc, fs.readFileSync(svc, 'utf8').replace('targetPort: http', 'targetPort: htp'));
    const r = cli(['check', '-o', 'out'], dir);
    expect(r.code).toBe(1);
    // Each problem names the file it is in; the last line counts them.
    expect(r.stderr).toMatch(/^error: out\/40-service-web\.yaml: Service\/web: Service\/web port "http" targets container port "htp", which Deployment\/web does not declare/m);
    expect(r.stderr.endsWith('\nout: 1 problem\n')).toBe(true);
  });

  test('graph prints the Mermaid diagram alone on stdout', () => {
    const r = cli(['graph', '-q', '-f', path.join(ROOT, 'examples/jobs/compose.yaml')], os.tmpdir());
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('flowchart LR\n')).toBe(true);
    expect(r.stdout).toMatch(/w_migrate_[0-9a-f]{8} -->\|"completes before"\| w_app/);
  });

  test('a non-empty folder that cdk8s-compose did not write is refused', () => {
    const dir = tmpProject(VALID);
    fs.mkdirSync(path.join(dir, 'mine'));
    fs.writeFileSync(path.join(dir, 'mine', 'notes.txt'), 'keep me');
    const r = cli(['synth', '-o', 'mine'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is not empty and was not written by cdk8s-compose');
    expect(fs.readFileSync(path.join(dir, 'mine', 'notes.txt'), 'utf8')).toBe('keep me');
  });

  test('build without image: compose\'s image name with an unpushed-image warning (an error with --strict); with the options REG/<project>-<service>:TAG', () => {
    // A known user and a read-only root: unpushed-image is the only warning that needs attention (image-user, writable-root otherwise).
    const dir = tmpProject('name: shop\nservices:\n  api:\n    build: .\n    ports: ["3000:3000"]\n    user: "1000:1000"\n    read_only: true\n');
    const warning =
      'compose.yaml: services.api: has build: and no image:; the image is named "shop-api" as docker compose names it, and the cluster cannot pull it until it is pushed to a registry: push it and add image: REGISTRY/shop-api:TAG, or pass --image-registry REG --image-tag TAG to use REG/shop-api:TAG';
    const r = cli(['synth', '-o', 'plain'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`warning: ${warning} [unpushed-image]\n`);
    const plain = fs.readFileSync(path.join(dir, 'plain', '61-deployment-api.yaml'), 'utf8');
    expect(plain).toContain('image: shop-api\n');
    expect(plain).toContain('imagePullPolicy: IfNotPresent\n');
    const strict = cli(['check', '--strict'], dir);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain(`error: ${warning} [unpushed-image: an error with --strict]\n`);
    const ok = cli(['synth', '--strict', '--image-registry', 'ghcr.io/acme', '--image-tag', '1.0.0', '-o', 'out'], dir);
    expect(ok.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'out', '61-deployment-api.yaml'), 'utf8')).toContain('image: ghcr.io/acme/shop-api:1.0.0');
  });

  test('npx cdk8s synth and cdk8s-compose synth write the same files for the example', () => {
    // Needs the compiled app (lib/), which `npm test` builds first.
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-same-'));
    const a = cli(['synth', '-q', '-f', path.join(ROOT, 'examples/seed/compose.yaml'), '-o', 'a'], work);
    expect(a).toEqual({ code: 0, stdout: '', stderr: '' });
    const cdk8s = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/cdk8s-cli/bin/cdk8s'), 'synth', '-o', path.join(work, 'b')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', CDK8S_CHECK_UPGRADE: 'false', HOME: process.env.HOME ?? work },
      encoding: 'utf8',
    });
    expect(cdk8s.status).toBe(0);
    expect(tree(path.join(work, 'b'))).toEqual(tree(path.join(work, 'a')));
  });
});

test('warnings of the front end are kept when a later stage fails (an unset variable often explains the error)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-warn-'));
  fs.writeFileSync(path.join(dir, 'compose.yaml'), 'services:\n  app:\n    image: "ghcr.io/x/app:1.0.0"\n    user: "${UID}:${GID}"\n    volumes: [{type: bind, source: ./data, target: /data}]\n');
  let stderr = '';
  const code = run(['check'], { stdout: () => undefined, stderr: (t) => (stderr += t), cwd: dir, env: {} });
  expect(code).toBe(1);
  expect(stderr).toContain('warning: compose.yaml: services.app.user: variable UID is not set; using an empty string\n');
  expect(stderr).toContain('warning: compose.yaml: services.app.user: user ":" is empty (unset variables?); ignored\n');
  expect(stderr).toContain('error: compose.yaml: services.app.volumes[0]: bind mount source "./data" does not exist');
});
