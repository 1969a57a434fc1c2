/**
 * A new user's first hour, through the built command (bin/cdk8s-compose.js, as `npm i -g` runs it):
 * the output folder stays theirs, `--stdout`, a summary of warnings a person reads, usage errors
 * treated alike, TLS and namespace steps that work on an empty cluster. Needs `npm run build`
 * (npm test builds first).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from '../helpers';

const BIN = path.join(ROOT, 'bin', 'cdk8s-compose.js');

function cli(argv: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...argv], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', CDK8S_CHECK_UPGRADE: 'false' }, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function project(compose: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-first-'));
  fs.writeFileSync(path.join(dir, 'compose.yaml'), compose);
  return dir;
}

const WEB = `name: shop
services:
  web:
    image: nginxinc/nginx-unprivileged:1.27.3
    ports: ["8080:8080"]
    user: "101:101"
    x-k8s:
      ingress: {host: shop.example.com, tls: true}
`;
const WITH_WORKER = `${WEB}  worker:
    image: ghcr.io/acme/worker:1.2.0
    user: "1000:1000"
`;

/** Every file below `dir` with its content (relative paths). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const p = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else out[p] = fs.readFileSync(path.join(dir, p), 'utf8');
    }
  };
  walk('');
  return out;
}

describe('the output folder stays the user\'s', () => {
  test('its mode is kept; a new folder gets the umask\'s', () => {
    const dir = project(WEB);
    fs.mkdirSync(path.join(dir, 'out'), { mode: 0o755 });
    fs.chmodSync(path.join(dir, 'out'), 0o755);
    expect(cli(['synth', '-q', '-o', 'out'], dir).code).toBe(0);
    expect(fs.statSync(path.join(dir, 'out')).mode & 0o777).toBe(0o755);
    fs.chmodSync(path.join(dir, 'out'), 0o750);
    expect(cli(['synth', '-q', '-o', 'out'], dir).code).toBe(0);
    expect(fs.statSync(path.join(dir, 'out')).mode & 0o777).toBe(0o750);
    // A new folder: what mkdir gives under this process's umask (never mkdtemp's 0700).
    const probe = path.join(dir, 'probe');
    fs.mkdirSync(probe);
    expect(cli(['synth', '-q', '-o', 'fresh'], dir).code).toBe(0);
    expect(fs.statSync(path.join(dir, 'fresh')).mode & 0o777).toBe(fs.statSync(probe).mode & 0o777);
  });

  test('files it did not write are kept and named; files it wrote before and no longer writes are removed and named', () => {
    const dir = project(WITH_WORKER);
    expect(cli(['synth', '-q', '-o', 'deploy'], dir).code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'deploy', '61-deployment-worker.yaml'))).toBe(true);
    fs.writeFileSync(path.join(dir, 'deploy', '99-my-patch.yaml'), 'mine\n');
    fs.mkdirSync(path.join(dir, 'deploy', 'overlays'));
    fs.writeFileSync(path.join(dir, 'deploy', 'overlays', 'prod.yaml'), 'also mine\n');
    fs.writeFileSync(path.join(dir, 'compose.yaml'), WEB);
    const r = cli(['synth', '-o', 'deploy'], dir);
    expect(r.code).toBe(0);
    const lines = r.stderr.split('\n');
    expect(lines).toContain('kept 2 files in deploy that cdk8s-compose did not write (not in kustomization.yaml): 99-my-patch.yaml, overlays/prod.yaml');
    expect(lines).toContain(
      'removed 2 files from deploy that an earlier run wrote and this one does not: 10-serviceaccount-worker.yaml, 61-deployment-worker.yaml',
    );
    const after = snapshot(path.join(dir, 'deploy'));
    expect(after['99-my-patch.yaml']).toBe('mine\n');
    expect(after['overlays/prod.yaml']).toBe('also mine\n');
    expect(Object.keys(after).filter((f) => f.includes('worker'))).toEqual([]);
    // Kept files stay out of kustomization.yaml: they change nothing that kubectl apply -k applies.
    expect(after['kustomization.yaml']).not.toContain('my-patch');
    // The next run keeps them again and removes nothing.
    const again = cli(['synth', '-o', 'deploy'], dir);
    expect(again.stderr).toContain('kept 2 files in deploy');
    expect(again.stderr).not.toContain('removed');
  });

  test('a destination it may not write is "permission denied", exit 1, no internal error', () => {
    const dir = project(WEB);
    // root writes through a 0555 folder; /sys refuses everyone.
    let target: string;
    if (process.getuid?.() === 0) target = '/sys/cdk8s-compose-out';
    else {
      fs.mkdirSync(path.join(dir, 'ro'), { mode: 0o555 });
      target = 'ro/out';
    }
    const r = cli(['synth', '-o', target], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: cannot write to ${target}: permission denied\n`);
    expect(r.stderr).not.toContain('internal error');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('a failed run leaves the folder exactly as it was, the user\'s files included', () => {
    const dir = project(WEB);
    expect(cli(['synth', '-q', '-o', 'out'], dir).code).toBe(0);
    fs.writeFileSync(path.join(dir, 'out', 'notes.md'), 'mine\n');
    const before = snapshot(path.join(dir, 'out'));
    fs.writeFileSync(path.join(dir, 'compose.yaml'), `${WEB}    mem_limit: lots\n`);
    const r = cli(['synth', '-o', 'out'], dir);
    expect(r.code).toBe(1);
    expect(snapshot(path.join(dir, 'out'))).toEqual(before);
    expect(fs.readdirSync(dir).filter((n) => n.startsWith('.out.'))).toEqual([]);
  });
});

describe('--stdout and -o -', () => {
  test('every object as one multi-document YAML stream, byte for byte the files in kustomization order; the report on stderr', () => {
    const dir = project(WITH_WORKER);
    expect(cli(['synth', '-q', '-o', 'out'], dir).code).toBe(0);
    const files = snapshot(path.join(dir, 'out'));
    const resources = [...files['kustomization.yaml'].matchAll(/^ {2}- (.+)$/gm)].map((m) => m[1]);
    expect(resources.length).toBeGreaterThan(5);
    const expected = resources.map((f) => `---\n${files[f]}`).join('');
    for (const argv of [['synth', '--stdout'], ['synth', '-o', '-']]) {
      const r = cli(argv, dir);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(expected);
      expect(r.stderr).toMatch(new RegExp(`\\nwrote ${resources.length} objects to stdout; create the Secrets it references first`));
      expect(fs.existsSync(path.join(dir, '-'))).toBe(false);
    }
    expect(cli(['synth', '--stdout', '-o', 'out'], dir).code).toBe(2);
    expect(cli(['check', '--stdout'], dir).code).toBe(2);
  });
});

describe('usage errors: every option alike', () => {
  test.each([
    [['synth', '--out', 'x'], 'error: unknown option --out; did you mean "--output"?'],
    [['synth', '--strcit'], 'error: unknown option --strcit; did you mean "--strict"?'],
    [['synth', '--stdot'], 'error: unknown option --stdot; did you mean "--stdout"?'],
    [['synth', '--secrets', 'vault'], 'error: --secrets "vault": expected external, external-secrets or inline'],
    [['synth', '--secrets', 'inlne'], 'error: --secrets "inlne": expected external, external-secrets or inline; did you mean "inline"?'],
    [['synth', '-n', 'Bad_NS'], 'error: --namespace "Bad_NS": invalid namespace; expected a DNS label (lowercase letters, digits and "-", at most 63, starting with a letter and ending with a letter or a digit)'],
    [['check', '--gateway', 'eg'], 'error: --gateway "eg": expected NAMESPACE/NAME of a Gateway, e.g. envoy-gateway-system/eg'],
    [
      ['synth', '-p', 'My App'],
      'error: -p "My App": invalid project name; it must consist only of lowercase letters, digits, "-" and "_", and start with a letter or a digit (as docker compose requires)',
    ],
    [['check', '-p', '_app'], 'error: -p "_app": invalid project name; it must consist only of lowercase letters, digits, "-" and "_", and start with a letter or a digit (as docker compose requires)'],
  ])('%j exits 2 with one line and the usage, before reading the project', (argv, first) => {
    const dir = project(WEB);
    const r = cli(argv, dir);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(first);
    expect(r.stderr).not.toContain('warning:');
  });

  test('a valid project name passes as it is', () => {
    const dir = project(WEB);
    expect(cli(['check', '-q', '-p', 'my_app-2'], dir).code).toBe(0);
  });
});

describe('what synth and check print', () => {
  test('ok: 1 service, 1 warning (singular when one)', () => {
    const dir = project(WEB);
    expect(cli(['check'], dir).stderr.split('\n')).toContain('ok: 1 service, 1 warning');
  });

  test('-n: the Namespace first, then the Secrets, then apply -k; no namespace in the file names', () => {
    const dir = project(WEB);
    expect(cli(['synth', '-q', '-n', 'shop', '-o', 'out'], dir).code).toBe(0);
    const names = fs.readdirSync(path.join(dir, 'out'));
    expect(names).toContain('00-namespace-shop.yaml');
    expect(names).toContain('61-deployment-web.yaml');
    expect(names.filter((n) => /-shop\.[a-z0-9.-]+\.yaml$/.test(n))).toEqual([]);
    const secrets = fs.readFileSync(path.join(dir, 'out', 'SECRETS.md'), 'utf8');
    const namespaceStep = secrets.indexOf('kubectl apply -f 00-namespace-shop.yaml');
    expect(namespaceStep).toBeGreaterThan(0);
    expect(namespaceStep).toBeLessThan(secrets.indexOf('kubectl create secret'));
    const readme = fs.readFileSync(path.join(dir, 'out', 'README.md'), 'utf8');
    expect(readme.indexOf('kubectl apply -f 00-namespace-shop.yaml')).toBeLessThan(readme.indexOf('SECRETS.md'));
    expect(readme.indexOf('SECRETS.md')).toBeLessThan(readme.indexOf('kubectl apply -k .'));
  });

  test('x-k8s.ingress tls: true: the TLS Secret in SECRETS.md with kubectl create secret tls, and check --output counts it', () => {
    const dir = project(WEB);
    expect(cli(['synth', '-q', '-o', 'out'], dir).code).toBe(0);
    const secrets = fs.readFileSync(path.join(dir, 'out', 'SECRETS.md'), 'utf8');
    expect(secrets).not.toContain('reference no Secret');
    expect(secrets).toContain('\nSecret: web-tls\n');
    expect(secrets).toContain('kubectl create secret tls web-tls --cert=PATH/TO/tls.crt --key=PATH/TO/tls.key');
    expect(cli(['check', '-o', 'out'], dir).code).toBe(0);
    // Without SECRETS.md the TLS Secret is a missing reference, named with its file, and counted.
    fs.rmSync(path.join(dir, 'out', 'SECRETS.md'));
    const r = cli(['check', '-o', 'out'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'error: out/90-ingress-web.yaml: Ingress/web: Ingress/web spec.tls reads Secret/web-tls, which is neither in the output (as a Secret or an ExternalSecret target) nor an external secret\nout: 1 problem\n',
    );
  });
});

describe('a summary a person reads: the error-tracking stress case (test/corpus/error-tracking, 64 services)', () => {
  const CORPUS = path.join(ROOT, 'test', 'corpus', 'error-tracking');
  let stderr = '';
  let report: { warnings: string[]; attention: { items: { code: string }[] }[]; services: unknown[] };
  let readme = '';
  beforeAll(() => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-stress-'));
    const r = cli(['synth', '-o', path.join(out, 'deploy'), '--report', path.join(out, 'report.json')], CORPUS);
    expect(r.code).toBe(0);
    stderr = r.stderr;
    report = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'));
    readme = fs.readFileSync(path.join(out, 'deploy', 'README.md'), 'utf8');
  });

  test('at most 40 lines on stderr for 60+ services and 200+ warnings', () => {
    expect(report.services.length).toBeGreaterThanOrEqual(60);
    expect(report.warnings.length).toBeGreaterThan(200);
    expect(stderr.split('\n').length - 1).toBeLessThanOrEqual(40);
  });

  test('warnings of one kind are one line naming every service; attention items first', () => {
    const warnings = stderr.split('\n').filter((l) => l.startsWith('warning: '));
    const volumes = warnings.find((l) => / 14 volumes \(/.test(l));
    expect(volumes).toBeDefined();
    for (const v of ['tracker-data', 'tracker-postgres', 'mail-spool', 'nginx-cache']) expect(volumes).toContain(v);
    const user = warnings.find((l) => l.endsWith(' [image-user]'));
    expect(user).toMatch(/^warning: compose\.yaml: \d+ services \(/);
    for (const s of ['web', 'worker', 'cron', 'store-api', 'webhooks-sender']) expect(user).toMatch(new RegExp(`[(, ]${s}[,)]`));
    const firstPlain = warnings.findIndex((l) => !/ \[[a-z-]+\]$/.test(l));
    const lastCoded = warnings.map((l) => / \[[a-z-]+\]$/.test(l)).lastIndexOf(true);
    expect(lastCoded).toBeLessThan(firstPlain);
    expect(stderr).toMatch(/\n\(\d+ warnings in \d+ lines; .*README\.md lists each one\)\n/);
  });

  test('the set of attention codes on stderr equals the set in the --report JSON; every warning is in README.md', () => {
    const onStderr = new Set([...stderr.matchAll(/ \[([a-z-]+)\]$/gm)].map((m) => m[1]));
    const inReport = new Set(report.attention.flatMap((g) => g.items.map((i) => i.code)));
    expect([...onStderr].sort()).toEqual([...inReport].sort());
    expect(inReport.size).toBeGreaterThan(0);
    // The counts on stderr add up to every warning.
    const counted = Number(/\n\((\d+) warnings in \d+ lines;/.exec(stderr)?.[1]);
    expect(counted).toBe(report.warnings.length);
    for (const w of report.warnings) expect(readme).toContain(w.replace(/\|/g, '\\|'));
  });
});

test('the npm pack tarball is git-ignored', () => {
  expect(fs.readFileSync(path.join(ROOT, '.gitignore'), 'utf8').split('\n')).toContain('*.tgz');
});
