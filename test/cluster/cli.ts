/**
 * The cdk8s-compose command built from the sources (esbuild, a second; no `npm run build`) and run
 * as a user runs it: a process with the suite's KUBECONFIG. The Kubernetes client stays external
 * (an ES module jest cannot load in-process), resolved from the repository's node_modules.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../helpers';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let entry: string | undefined;

/** Builds the CLI once per test file into node_modules/.cache (the package's version is found above it). */
export function cliEntry(): string {
  if (entry) return entry;
  const dir = path.join(ROOT, 'node_modules', '.cache', 'cdk8s-compose-cluster');
  fs.mkdirSync(dir, { recursive: true });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  esbuild.buildSync({
    entryPoints: [path.join(ROOT, 'src', 'cli', 'run.ts')],
    outfile: path.join(dir, 'cli.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
    external: ['@kubernetes/client-node'],
  });
  const main = path.join(dir, 'main.js');
  fs.writeFileSync(
    main,
    // As bin/cdk8s-compose.js decides it; CDK8S_COMPOSE_TEST_TTY=COLUMNS makes stderr a terminal that wide (up's live view).
    `const term = Number(process.env.CDK8S_COMPOSE_TEST_TTY) || undefined;
const code = require('./cli.js').run(process.argv.slice(2), { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), cwd: process.cwd(), env: process.env, tty: term !== undefined || Boolean(process.stderr.isTTY), columns: term ?? process.stderr.columns });
Promise.resolve(code).then((c) => { process.exitCode = c; });\n`,
  );
  entry = main;
  return main;
}

/** `cdk8s-compose ARGS` in `cwd` with the suite's kubeconfig and `env` added; never throws. */
export function cdk8sCompose(args: readonly string[], cwd: string, env: Record<string, string> = {}, timeoutMs = 10 * 60_000): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cliEntry(), ...args], { cwd, timeout: timeoutMs, maxBuffer: 64 << 20, env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', ...env } }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 99) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}
