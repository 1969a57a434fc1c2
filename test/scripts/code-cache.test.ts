/**
 * scripts/code-cache.js and bin/cdk8s-compose.js: the command runs the bundle from V8's code cache
 * made for it, writes exactly what it writes without the cache, and ignores a cache made for
 * another bundle.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from '../helpers';

const BIN = path.join(ROOT, 'bin', 'cdk8s-compose.js');
const CACHE = path.join(ROOT, 'lib', 'cli.cache');
const BUNDLE = path.join(ROOT, 'lib', 'cli.js');
const SEED = path.join(ROOT, 'examples', 'seed');

beforeAll(() => {
  for (const f of [BUNDLE, CACHE]) if (!fs.existsSync(f)) throw new Error(`${path.relative(ROOT, f)} is missing: run npm run build (npm test does) before this test`);
});

function synth(bin: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, 'synth', '-q', '--stdout'], {
    cwd: SEED,
    encoding: 'utf8',
    env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', CDK8S_COMPOSE_TIMINGS: '1', ...env },
  });
  expect(r.status).toBe(0);
  const timings = /^timings: load \d+ ms \(code cache ([^)]*)\)/m.exec(r.stderr);
  expect(timings).not.toBeNull();
  return { stdout: r.stdout, codeCache: timings![1] };
}

test('the cache names the bundle it was made for', () => {
  const id = fs.readFileSync(CACHE).subarray(0, 33).toString('latin1');
  expect(id).toMatch(/^[0-9a-f]{32}\n$/);
  expect(fs.readFileSync(BUNDLE, 'utf8').endsWith(`\n// cdk8s-compose bundle ${id}`)).toBe(true);
});

test('the command uses the cache, and writes what it writes without it', () => {
  // V8 accepts the cache only under the flags it was made with: scripts/code-cache.js and the
  // command set the same ones (bin/load-bundle.js V8_FLAGS).
  const cached = synth(BIN);
  expect(cached.codeCache).toBe('used');
  const plain = synth(BIN, { CDK8S_COMPOSE_CODE_CACHE: '0' });
  expect(plain.codeCache).toBe('off');
  expect(cached.stdout.length).toBeGreaterThan(1000);
  expect(cached.stdout).toBe(plain.stdout);
});

test('a cache made for another bundle is ignored, and a missing one is no problem', () => {
  // A copy of bin/ and lib/ whose cache names another bundle: the command compiles the bundle itself.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-cache-'));
  try {
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.mkdirSync(path.join(dir, 'lib'));
    fs.copyFileSync(BIN, path.join(dir, 'bin', 'cdk8s-compose.js'));
    fs.copyFileSync(path.join(ROOT, 'bin', 'load-bundle.js'), path.join(dir, 'bin', 'load-bundle.js'));
    fs.copyFileSync(BUNDLE, path.join(dir, 'lib', 'cli.js'));
    const cache = fs.readFileSync(CACHE);
    fs.writeFileSync(path.join(dir, 'lib', 'cli.cache'), Buffer.concat([Buffer.from(`${'0'.repeat(32)}\n`), cache.subarray(33)]));
    // The bundle's own node_modules are not needed: it holds everything but the Kubernetes client.
    const stale = synth(path.join(dir, 'bin', 'cdk8s-compose.js'));
    expect(stale.codeCache).toBe('not made for this bundle');
    expect(stale.stdout).toBe(synth(BIN).stdout);
    // And without a cache at all.
    fs.rmSync(path.join(dir, 'lib', 'cli.cache'));
    const none = synth(path.join(dir, 'bin', 'cdk8s-compose.js'));
    expect(none.codeCache).toBe('none');
    expect(none.stdout).toBe(stale.stdout);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
