/**
 * bin/cdk8s-compose.js exits as soon as nothing is left to run (process.exit at 'beforeExit', so a
 * large heap is not torn down): every byte still reaches a reader that is slower than the command,
 * and the exit status is the command's.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from '../helpers';

const { generateCompose } = require('../../bench/lib/generate.js') as { generateCompose: (n: number) => string };

const BIN = path.join(ROOT, 'bin', 'cdk8s-compose.js');
const ENV = { ...process.env, CDK8S_CHECK_UPGRADE: 'false' };
/** A generated 30-service project (the benchmark's): its manifests are several times what a pipe holds. */
let PROJECT: string;
beforeAll(() => {
  PROJECT = fs.mkdtempSync(path.join(os.tmpdir(), 'bin-exit-'));
  fs.writeFileSync(path.join(PROJECT, 'compose.yaml'), generateCompose(30));
});
afterAll(() => fs.rmSync(PROJECT, { recursive: true, force: true }));

/** Runs the command with a reader that takes nothing for `pauseMs`, then reads everything. */
function slowRead(args: string[], pauseMs: number): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: PROJECT, env: ENV, stdio: ['ignore', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    child.stdout.pause();
    setTimeout(() => {
      child.stdout.on('data', (c: Buffer) => chunks.push(c));
      child.stdout.resume();
    }, pauseMs);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(chunks).toString('utf8') }));
  });
}

test('a slow reader gets every byte of a stream larger than a pipe holds', async () => {
  const args = ['synth', '-q', '--stdout'];
  const whole = spawnSync(process.execPath, [BIN, ...args], { cwd: PROJECT, env: ENV, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  expect(whole.status).toBe(0);
  expect(whole.stdout.length).toBeGreaterThan(256 * 1024); // several times a pipe's 64 KiB
  const slow = await slowRead(args, 500);
  expect(slow.code).toBe(0);
  expect(slow.stdout).toBe(whole.stdout);
}, 60000);

test('the exit status is the command\'s: 1 for invalid input, 2 for wrong usage', () => {
  const invalid = spawnSync(process.execPath, [BIN, 'synth', '-f', 'no-such-file.yaml'], { cwd: PROJECT, env: ENV, encoding: 'utf8' });
  expect(invalid.status).toBe(1);
  expect(invalid.stderr).toContain('no-such-file.yaml: file not found');
  const usage = spawnSync(process.execPath, [BIN, 'synth', '--no-such-option'], { cwd: PROJECT, env: ENV, encoding: 'utf8' });
  expect(usage.status).toBe(2);
});
