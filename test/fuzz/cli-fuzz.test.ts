/**
 * Fuzzing the whole pipeline through `cdk8s-compose check`: mutated real compose files and random
 * junk (binary bytes, huge strings, deep nesting, aliases, wrong types) must always end in exit 0 or
 * 1 with diagnostics, never a crash, a stack trace or an "internal error", in bounded time and memory.
 *
 * FUZZ_CASES (default 300) sets the number of cases and FUZZ_SEED the seed; a failing input is
 * written to the temp folder (its path is in the failure message): keep it in
 * test/fuzz/regressions/, where every file is replayed on each run.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from '../../src/cli/run';
import { ROOT } from '../helpers';

const CASES = Number(process.env.FUZZ_CASES ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 20261126);
/** Per case: a generous bound that still catches exponential blow-ups (the machine has 2 cores). */
const MAX_MS = 5_000;
const MAX_HEAP_BYTES = 1.5 * 1024 ** 3;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function corpus(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/^(docker-)?compose[^/]*\.ya?ml$/.test(e.name)) files.push(p);
    }
  };
  walk(path.join(ROOT, 'examples'));
  walk(path.join(ROOT, 'test/fixtures/valid'));
  return files.sort().map((f) => fs.readFileSync(f, 'utf8'));
}

const JUNK = [
  () => '\u0000\u0001\u00ff\ufffd',
  () => 'x'.repeat(200_000),
  () => `${'['.repeat(2_000)}${']'.repeat(2_000)}`,
  () => `${'{a: '.repeat(500)}1${'}'.repeat(500)}`,
  () => '*nowhere',
  () => '&a [*a]',
  () => '<<: *missing',
  () => '${',
  () => '${A:?boom}',
  () => '$$$${B:-${C:+${D}}}',
  () => '!!binary aGVsbG8=',
  () => '!reset null',
  () => '!override [1]',
  () => '0o777',
  () => '-1',
  () => '1e400',
  () => 'true',
  () => '~',
  () => '"\\u0000"',
  () => '[1, [2, [3]]]',
  () => '{}',
  () => '- - -',
  () => 'é中文🙂',
  () => '\t\t',
  () => '? complex key\n: value',
];

function mutate(text: string, r: () => number): string {
  const lines = text.split('\n');
  const pick = () => Math.floor(r() * lines.length);
  const steps = 1 + Math.floor(r() * 3);
  for (let i = 0; i < steps; i++) {
    const op = Math.floor(r() * 7);
    const at = pick();
    const junk = JUNK[Math.floor(r() * JUNK.length)]();
    switch (op) {
      case 0:
        lines.splice(at, 1);
        break;
      case 1:
        lines.splice(at, 0, lines[pick()] ?? '');
        break;
      case 2: {
        // Replace the value of a `key: value` line.
        const m = /^(\s*(?:- )?[^:#]+:)\s.*$/.exec(lines[at] ?? '');
        lines[at] = m ? `${m[1]} ${junk}` : junk;
        break;
      }
      case 3:
        lines[at] = ` ${lines[at] ?? ''}`;
        break;
      case 4:
        lines.splice(at, 0, `${' '.repeat(Math.floor(r() * 6))}${junk}`);
        break;
      case 5: {
        const b = pick();
        [lines[at], lines[b]] = [lines[b], lines[at]];
        break;
      }
      default:
        lines[at] = (lines[at] ?? '').slice(0, Math.floor(r() * (lines[at]?.length ?? 0)));
    }
  }
  return lines.join('\n');
}

function randomDocument(r: () => number, depth = 0): unknown {
  const k = Math.floor(r() * (depth > 4 ? 4 : 7));
  switch (k) {
    case 0:
      return Math.floor(r() * 70000) - 100;
    case 1:
      return JUNK[Math.floor(r() * JUNK.length)]();
    case 2:
      return r() < 0.5;
    case 3:
      return null;
    case 4:
      return Array.from({ length: Math.floor(r() * 4) }, () => randomDocument(r, depth + 1));
    default: {
      const keys = ['services', 'web', 'image', 'ports', 'environment', 'volumes', 'depends_on', 'healthcheck', 'deploy', 'x-k8s', 'networks', 'build', 'command'];
      const o: Record<string, unknown> = {};
      for (let i = Math.floor(r() * 4); i > 0; i--) o[keys[Math.floor(r() * keys.length)]] = randomDocument(r, depth + 1);
      return o;
    }
  }
}

interface Outcome {
  code: number;
  stderr: string;
  ms: number;
}

function check(text: string | Buffer): Outcome {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-fuzz-'));
  fs.writeFileSync(path.join(dir, 'compose.yaml'), text);
  let stderr = '';
  const t0 = Date.now();
  let code: number;
  try {
    code = run(['check', '-f', 'compose.yaml'], { stdout: () => undefined, stderr: (t) => (stderr += t), cwd: dir, env: {} }) as number;
  } catch (e) {
    code = -1;
    stderr += `THROWN: ${(e as Error).stack}`;
  }
  const ms = Date.now() - t0;
  fs.rmSync(dir, { recursive: true, force: true });
  return { code, stderr, ms };
}

function problem(o: Outcome): string | undefined {
  if (o.code !== 0 && o.code !== 1) return `exit ${o.code}`;
  if (/internal error|THROWN|\n\s+at .*\(/.test(o.stderr)) return 'crash or stack trace';
  if (o.code === 1 && !/^error: /m.test(o.stderr)) return 'exit 1 without an error line';
  const lines = o.stderr.trimEnd().split('\n');
  // A failed run ends with its counts: "N errors, M warnings".
  if (o.code === 1 && !/^[0-9]+ errors?, [0-9]+ warnings?$/.test(lines.pop() ?? '')) return 'exit 1 without the closing counts line';
  // `(N warnings in M lines; …)`: the summary after warnings grouped by kind (src/cli/warning-summary.ts).
  for (const line of lines) if (line !== '' && !/^(error|warning|ok): /.test(line) && !/^\(\d+ warnings in \d+ lines; .+ lists each one\)$/.test(line)) return `unexpected output line ${JSON.stringify(line.slice(0, 120))}`;
  if (o.ms > MAX_MS) return `took ${o.ms} ms`;
  if (process.memoryUsage().heapUsed > MAX_HEAP_BYTES) return 'heap above the bound';
  return undefined;
}

function keep(input: string | Buffer, why: string): string {
  const file = path.join(os.tmpdir(), `cdk8s-compose-fuzz-${Date.now()}.yaml`);
  fs.writeFileSync(file, input);
  return `${why}; input kept at ${file} (copy it into test/fuzz/regressions/)`;
}

test('regression inputs still end cleanly', () => {
  const dir = path.join(ROOT, 'test/fuzz/regressions');
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.yaml')).sort()) {
    const why = problem(check(fs.readFileSync(path.join(dir, f))));
    expect([f, why]).toEqual([f, undefined]);
  }
});

test(`${CASES} mutated and random inputs end in exit 0 or 1 with diagnostics`, () => {
  const r = rng(SEED);
  const seeds = corpus();
  expect(seeds.length).toBeGreaterThan(10);
  const codes = { 0: 0, 1: 0 } as Record<number, number>;
  for (let i = 0; i < CASES; i++) {
    const kind = r();
    let input: string | Buffer;
    if (kind < 0.7) input = mutate(seeds[Math.floor(r() * seeds.length)], r);
    else if (kind < 0.9) input = JSON.stringify(randomDocument(r));
    else input = Buffer.from(Array.from({ length: 1 + Math.floor(r() * 2048) }, () => Math.floor(r() * 256)));
    const o = check(input);
    const why = problem(o);
    if (why) throw new Error(`case ${i} (seed ${SEED}): ${keep(input, why)}\n${o.stderr.slice(0, 2000)}`);
    codes[o.code] = (codes[o.code] ?? 0) + 1;
  }
  // Both outcomes happen: the mutations keep some files valid and break others.
  expect(codes[0]).toBeGreaterThan(0);
  expect(codes[1]).toBeGreaterThan(0);
}, 120_000);
