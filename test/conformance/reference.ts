/**
 * The reference reader: `docker-compose config --format json`, built by scripts/compose-tool.sh.
 * Runs with `env -i` plus the case's variables (the machine's environment never leaks in), with
 * `--project-directory`, `-f`, `--env-file`, `--profile` and `-p` as our CLI passes them. Never
 * `--resolve-image-digests` (the only `config` option that needs a daemon).
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ConformanceCase } from './case';

const REPO = path.resolve(__dirname, '..', '..');

/** The compose version tools/compose/go.mod pins. */
export function pinnedVersion(): string {
  const mod = fs.readFileSync(path.join(REPO, 'tools', 'compose', 'go.mod'), 'utf8');
  const m = /github\.com\/docker\/compose\/v5 (v\S+)/.exec(mod);
  if (!m) throw new Error('tools/compose/go.mod does not pin github.com/docker/compose/v5');
  return m[1];
}

/** Where scripts/compose-tool.sh puts the binary (default cache root: $HOME/.cache/cdk8s-compose). */
export function referenceBinary(): string {
  const cache = process.env.CDK8S_COMPOSE_TOOLS_CACHE || path.join(os.homedir(), '.cache', 'cdk8s-compose');
  return path.join(cache, `compose-${pinnedVersion()}`, 'docker-compose');
}

export interface ReferenceResult {
  /** The normalized project (`$$` still escaped, as compose prints it), or undefined when compose refused. */
  readonly json?: Record<string, unknown>;
  /** Compose's error output when it refused. */
  readonly error?: string;
}

/** Arguments our CLI's options map to. `extraEnv` is added to the case's environment. */
export function referenceArgs(c: ConformanceCase): string[] {
  const projectDir = path.dirname(path.resolve(c.cwd, c.files[0]));
  const args = ['--project-directory', projectDir];
  for (const f of c.files) args.push('-f', f);
  for (const e of c.envFiles ?? []) args.push('--env-file', e);
  for (const p of c.profiles ?? []) args.push('--profile', p);
  if (c.projectName !== undefined) args.push('-p', c.projectName);
  args.push('config', '--format', 'json');
  return args;
}

export function runReference(binary: string, c: ConformanceCase, extraEnv: Record<string, string> = {}): Promise<ReferenceResult> {
  const env = { ...c.env, ...extraEnv };
  const envArgs = ['-i', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), binary, ...referenceArgs(c)];
  return new Promise((resolve) => {
    // At most 4 GB of address space and 60 s: compose has no alias limit, and an alias bomb would
    // take the machine's memory.
    execFile('sh', ['-c', 'ulimit -v 4000000; exec env "$@"', 'sh', ...envArgs], { cwd: c.cwd, maxBuffer: 64 * 1024 * 1024, timeout: 60_000 }, (err, stdout, stderr) => {
      if (err) {
        // Compose's warnings (`level=warning`) come first; the refusal is the rest.
        const refusal = stderr
          .split('\n')
          .filter((l) => !/^time="[^"]*" level=warning /.test(l))
          .join('\n')
          .trim();
        resolve({ error: refusal || stderr.trim() || err.message });
        return;
      }
      try {
        resolve({ json: JSON.parse(stdout) as Record<string, unknown> });
      } catch (e) {
        resolve({ error: `unreadable JSON from compose: ${(e as Error).message}` });
      }
    });
  });
}

/** Runs `jobs` with at most `limit` at a time (a few compose processes share the machine's cores). */
export async function pool<T, R>(items: readonly T[], limit: number, job: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await job(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
