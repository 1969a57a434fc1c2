/**
 * scripts/bundle.js: the bundle rewrites every quadratic reduce of cdk8s-plus-28's converters into
 * assignments or one loop, is ASCII, and the bundled command (what users run) writes exactly what the tsc build writes.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from '../helpers';

const BUNDLE = path.join(ROOT, 'lib', 'cli.js');
const TSC_CLI = path.join(ROOT, 'lib', 'src', 'cli', 'run.js');

beforeAll(() => {
  for (const f of [BUNDLE, TSC_CLI]) if (!fs.existsSync(f)) throw new Error(`${path.relative(ROOT, f)} is missing: run npm run build (npm test does) before this test`);
});

test('no reduce of the generated converters is left, and the loop that replaces them is in', () => {
  const text = fs.readFileSync(BUNDLE, 'utf8');
  expect(text).not.toContain('.reduce((r, i) =>');
  // Each converter's own object: one assignment per defined field; the maps (labels …): one loop.
  expect(text.match(/const result = \{\};\n\s+let v;\n\s+if \(\(v = /g)?.length ?? 0).toBeGreaterThan(400);
  expect(text).not.toContain('Object.entries(result)');
  expect(text.match(/__fromDefined\(Object\.entries\(/g)?.length ?? 0).toBeGreaterThan(20);
});

test('the bundle is ASCII (bin/load-bundle.js reads it without UTF-8 decoding), its non-ASCII characters escaped', () => {
  const bytes = fs.readFileSync(BUNDLE);
  expect(bytes.every((b) => b < 0x80)).toBe(true);
  // cdk8s' duration pattern, written with µ and μ: the same characters, escaped.
  expect(bytes.toString('latin1')).toContain('(ns|us|\\u00b5s|\\u03bcs|ms|s|m|h)');
});

test.each(['examples/seed', 'test/fixtures/valid/gitea-postgres', 'test/fixtures/valid/monitoring-healthchecks'])('%s: the bundle writes what the tsc build writes', (project) => {
  const run = (entry: string) => {
    const script = `require(${JSON.stringify(entry)}).main(['synth', '-q', '--stdout'], { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), cwd: process.cwd(), env: {}, color: false, tty: false }).then((c) => { process.exitCode = c; });`;
    const r = spawnSync(process.execPath, ['-e', script], { cwd: path.join(ROOT, project), encoding: 'utf8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' }, maxBuffer: 64 * 1024 * 1024 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return r.stdout;
  };
  const bundled = run(BUNDLE);
  expect(bundled.length).toBeGreaterThan(1000);
  expect(bundled).toBe(run(TSC_CLI));
});

test('the build fails, naming the count, when the converters are written differently', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-bundle-'));
  try {
    // A copy of the script whose pattern no longer matches: the build must stop, not stay slow.
    const script = fs
      .readFileSync(path.join(ROOT, 'scripts', 'bundle.js'), 'utf8')
      .replace('const REDUCE = /Object', 'const REDUCE = /NoSuchObject')
      .replace('const RESULT = /const result', 'const RESULT = /const noSuchResult');
    expect(script).toContain('/NoSuchObject');
    expect(script).toContain('/const noSuchResult');
    const copy = path.join(ROOT, 'scripts', `.bundle-test-${process.pid}.js`);
    fs.writeFileSync(copy, script.replace("path.join(root, 'lib', 'cli.js')", JSON.stringify(path.join(dir, 'cli.js'))));
    try {
      const r = spawnSync(process.execPath, [copy], { cwd: ROOT, encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/rewrote 0 of the \d+ reduce calls .*update RESULT and REDUCE/);
      expect(fs.existsSync(path.join(dir, 'cli.js'))).toBe(false);
    } finally {
      fs.rmSync(copy, { force: true });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
