#!/usr/bin/env node
'use strict';
/**
 * Benchmark: how long cdk8s-compose takes and how much memory it needs, against the floor of any
 * cdk8s app. Not part of the tests; a report. Runs offline on the built lib/ (`npm run build`).
 *
 *   npm run bench
 *   node bench/run.js [--runs N] [--json FILE] [--keep]
 *
 * Every measurement is a separate child process, run once to warm the file cache and then N times
 * (default 5); the median is reported. A slow case (warm-up ≥ 5 s) counts its warm-up run and gets
 * fewer runs, so that the whole bench stays within about three minutes. Peak RSS comes from a
 * preload (bench/rss-preload.js) that records process.resourceUsage().maxRSS when the process
 * exits; for `cdk8s synth`, which runs the app in a second node process, it is the largest of the
 * processes. Outputs go to a folder under os.tmpdir(), removed at the end; the "disk floor" row is
 * the time this process takes (median of 3 passes) to create as many files of the same sizes there as the 1,000-service
 * output has, i.e. the part of that case no compiler change can remove
 * (`TMPDIR=/dev/shm npm run bench` takes the disk out of all figures).
 *
 * Exit status: 0 when every synth succeeded (missed targets are reported, not failed), 1 when a
 * synth failed (non-zero exit, or an empty output folder), 2 on a usage error.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const PRELOAD = path.join(__dirname, 'rss-preload.js');
const BASELINE = path.join(__dirname, 'baseline.js');
const CLI = path.join(ROOT, 'bin', 'cdk8s-compose.js');
const CDK8S_CLI = path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');
const SEED = path.join('examples', 'seed', 'compose.yaml');

const TARGETS = {
  cliVsBaseline: 1.3, // × the baseline's median wall time and peak RSS
  cdk8sSynthMs: 1000,
  largeMs: 2500, // 1,000 services, wall time including the writing of its files
  largeMB: 250,
  perServiceGrowth: 2, // per-service cost at 1,000 services / at 100 services
};

/** The targets in words, printed before the figures. */
function targetsText() {
  return `targets: seed CLI ≤ ${TARGETS.cliVsBaseline}× the baseline (median wall time and peak RSS); `
    + `1,000 services ≤ ${TARGETS.largeMs.toLocaleString('en-US')} ms wall and ≤ ${TARGETS.largeMB} MB; `
    + `per-service cost at 1,000 ≤ ${TARGETS.perServiceGrowth}× the cost at 100 (linear); cdk8s synth ≤ ${TARGETS.cdk8sSynthMs.toLocaleString('en-US')} ms\n`;
}

/** The 1-, 5- and 15-minute load averages, e.g. "0.42 0.61 0.70". */
function loadText() {
  return os.loadavg().map((x) => x.toFixed(2)).join(' ');
}
const SIZES = [10, 100, 1000];
/** Measured runs per case stop growing past this (warm-up time × runs), down to MIN_RUNS. */
const CASE_BUDGET_MS = 40000;
const MIN_RUNS = 3;
/** A case whose warm-up run takes this long counts the warm-up as a sample (cache effects are noise there). */
const SLOW_MS = 5000;
const RUN_TIMEOUT_MS = 180000;

// ---------------------------------------------------------------------------------------------
// Arguments

function usage() {
  return 'usage: node bench/run.js [--runs N] [--json FILE] [--keep]\n'
    + '  --runs N     measured runs per case (default 5, at least 1); the median is reported\n'
    + '  --json FILE  also write the figures as JSON to FILE\n'
    + '  --keep       keep the temporary folder (generated compose files, last outputs)\n';
}

function parseArgs(argv) {
  const opts = { runs: 5, json: undefined, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const eq = a.indexOf('=');
      if (eq >= 0) return a.slice(eq + 1);
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--help' || a === '-h') {
      process.stdout.write(usage());
      process.exit(0);
    } else if (a === '--runs' || a.startsWith('--runs=')) {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1) throw new Error('--runs takes a whole number ≥ 1');
      opts.runs = n;
    } else if (a === '--json' || a.startsWith('--json=')) {
      opts.json = path.resolve(value());
    } else if (a === '--keep') {
      opts.keep = true;
    } else {
      throw new Error(`unknown argument ${a}`);
    }
  }
  return opts;
}

// ---------------------------------------------------------------------------------------------
// Generated compose projects: groups of ten services around one Postgres (a Redis in every other
// group), one migration Job, web apps and workers.

const GROUP = ['db', 'migrate', 'web', 'web', 'cache', 'web', 'worker', 'web', 'web', 'worker'];

function kindAt(i) {
  const g = Math.floor(i / 10);
  const kind = GROUP[i % 10];
  return kind === 'cache' && g % 2 === 1 ? 'web' : kind;
}

function serviceName(i) {
  const kind = kindAt(i);
  const G = String(Math.floor(i / 10)).padStart(4, '0');
  return kind === 'web' || kind === 'worker' ? `${kind}-${G}-${i % 10}` : `${kind}-${G}`;
}

/** A compose file with exactly `n` services. */
function generateCompose(n) {
  const out = [];
  const line = (indent, text) => out.push(' '.repeat(indent) + text);
  const volumes = [];
  out.push(
    `# Generated by bench/run.js: ${n} services.`,
    `name: bench-${n}`,
    '',
    'x-app-deploy: &app-resources',
    '  resources:',
    '    limits:',
    '      cpus: "0.5"',
    '      memory: 256M',
    '    reservations:',
    '      cpus: "0.1"',
    '      memory: 128M',
    '',
    'services:',
  );
  for (let i = 0; i < n; i++) {
    const g = Math.floor(i / 10);
    const k = i % 10;
    const G = String(g).padStart(4, '0');
    const kind = kindAt(i);
    const name = serviceName(i);
    const dbUrl = `postgresql://app:\${DB_PASSWORD_${G}:?set DB_PASSWORD_${G} in .env}@db-${G}:5432/app${G}`;
    const hasMigrate = g * 10 + 1 < n && kindAt(g * 10 + 1) === 'migrate';
    const hasCache = g * 10 + 4 < n && kindAt(g * 10 + 4) === 'cache';
    const s = (text) => line(4, text);
    line(2, `${name}:`);
    if (kind === 'db') {
      s('image: postgres:16.4-alpine');
      s('restart: unless-stopped');
      s('environment:');
      s('  POSTGRES_USER: app');
      s(`  POSTGRES_DB: app${G}`);
      s(`  POSTGRES_PASSWORD: \${DB_PASSWORD_${G}:?set DB_PASSWORD_${G} in .env}`);
      s('  PGDATA: /var/lib/postgresql/data/pgdata');
      s('volumes:');
      s(`  - pg-data-${G}:/var/lib/postgresql/data`);
      volumes.push({ name: `pg-data-${G}`, size: '20Gi' });
      s('healthcheck:');
      s(`  test: ["CMD-SHELL", "pg_isready -U app -d app${G}"]`);
      s('  interval: 10s');
      s('  timeout: 5s');
      s('  retries: 5');
      s('  start_period: 20s');
      s('networks: [backend, data]');
      s('deploy:');
      s('  resources:');
      s('    limits: { cpus: "1", memory: 1g }');
      s('    reservations: { cpus: "0.25", memory: 512m }');
    } else if (kind === 'cache') {
      s('image: redis:7.4.1-alpine');
      s('restart: unless-stopped');
      s('command: ["redis-server", "--appendonly", "yes"]');
      s('volumes:');
      s(`  - redis-data-${G}:/data`);
      volumes.push({ name: `redis-data-${G}` });
      s('healthcheck:');
      s('  test: ["CMD", "redis-cli", "ping"]');
      s('  interval: 10s');
      s('  retries: 5');
      s('networks: [data]');
      s('deploy:');
      s('  resources:');
      s('    limits: { cpus: "0.5", memory: 256M }');
    } else if (kind === 'migrate') {
      s(`image: ghcr.io/acme/app-${G}:1.${g % 7}.0`);
      s('user: "1000:1000"');
      s('restart: "no"');
      s('command: ["alembic", "upgrade", "head"]');
      s('environment:');
      s(`  DATABASE_URL: ${dbUrl}`);
      s('depends_on:');
      s(`  db-${G}:`);
      s('    condition: service_healthy');
      s('networks: [data]');
      s('deploy:');
      s('  resources:');
      s('    limits: { cpus: "0.5", memory: 256M }');
    } else {
      const web = kind === 'web';
      const withVolume = web && k % 3 === 0; // a ReadWriteOnce claim: one replica
      s(`image: ghcr.io/acme/${web ? 'app' : 'worker'}-${G}:1.${g % 7}.${k}`);
      s('user: "1000:1000"');
      s('restart: unless-stopped');
      if (!web) s(`command: ["python", "-m", "worker", "--queue", "q${k}"]`);
      if (web) {
        s('ports:');
        s(`  - "${20000 + i}:8080"`);
      }
      s('environment:');
      s('  PORT: "8080"');
      s('  LOG_LEVEL: ${LOG_LEVEL:-info}');
      s(`  DATABASE_URL: ${dbUrl}`);
      s('  JWT_SECRET_KEY: ${JWT_SECRET_KEY:?set JWT_SECRET_KEY in .env}');
      s(`  API_TOKEN: \${API_TOKEN_${G}:-}`);
      s('  ACCESS_TOKEN_EXPIRE_MINUTES: "60"');
      if (hasCache) s(`  REDIS_URL: redis://cache-${G}:6379/${k}`);
      s('depends_on:');
      s(`  db-${G}:`);
      s('    condition: service_healthy');
      if (hasMigrate) {
        s(`  migrate-${G}:`);
        s('    condition: service_completed_successfully');
      }
      if (hasCache) {
        s(`  cache-${G}:`);
        s('    condition: service_healthy');
      }
      // A chain: each web app waits for the previous one of its group.
      if (web && k > 2 && kindAt(i - 1) === 'web') {
        s(`  ${serviceName(i - 1)}:`);
        s('    condition: service_healthy');
      }
      if (withVolume) {
        s('volumes:');
        s(`  - uploads-${G}-${k}:/data/uploads`);
        volumes.push({ name: `uploads-${G}-${k}` });
      }
      s('healthcheck:');
      if (web) s('  test: ["CMD", "curl", "-f", "http://localhost:8080/health"]');
      else s('  test: ["CMD-SHELL", "test -f /tmp/worker-alive || exit 1"]');
      s('  interval: 15s');
      s('  timeout: 3s');
      s('  retries: 3');
      if (web) s('  start_period: 10s');
      s(`networks: [${web ? 'frontend, backend, data' : 'backend, data'}]`);
      // Most services set resources; every third group's workers rely on the defaults.
      if (!(kind === 'worker' && g % 3 === 2)) {
        s('deploy:');
        s(`  replicas: ${web && !withVolume ? 2 : 1}`);
        s('  <<: *app-resources');
      }
    }
    out.push('');
  }
  out.push('networks:', '  frontend:', '  backend:', '  data:', '', 'volumes:');
  for (const v of volumes) {
    line(2, `${v.name}:`);
    if (v.size) {
      line(4, 'x-k8s:');
      line(6, `size: ${v.size}`);
    }
  }
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Measuring

function median(xs) {
  const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/** NODE_OPTIONS with the preload added, quoted so that a path with spaces survives. */
function nodeOptionsWithPreload() {
  const own = `--require "${PRELOAD.replace(/(["\\])/g, '\\$1')}"`;
  const existing = process.env.NODE_OPTIONS;
  return existing ? `${existing} ${own}` : own;
}

/** Number and sizes of the files in dir (none when it does not exist). */
function listFiles(dir) {
  let names;
  try {
    names = fs.readdirSync(dir);
  } catch {
    return { count: 0, sizes: [] };
  }
  const sizes = names.map((n) => {
    try {
      return fs.statSync(path.join(dir, n)).size;
    } catch {
      return 0;
    }
  });
  return { count: names.length, sizes };
}

function tail(text, lines = 15) {
  return text.trim().split('\n').slice(-lines).join('\n');
}

/**
 * Runs one process and measures it. `spec.argv(outDir)` gives the node arguments (after the
 * preload); `spec.tree` preloads through NODE_OPTIONS instead, for processes that start more node
 * processes. `spec.output` means the run must leave files in outDir.
 */
function runOnce(spec, tmp, label) {
  const outDir = path.join(tmp, `out-${label}`);
  const rssFile = path.join(tmp, `rss-${label}`);
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.rmSync(rssFile, { force: true });
  const env = { ...process.env, CDK8S_CHECK_UPGRADE: 'false', BENCH_RSS_FILE: rssFile };
  // Nothing from the caller's shell may change what is compiled.
  for (const k of Object.keys(env)) if (k.startsWith('COMPOSE_') || k === 'CDK8S_OUTDIR') delete env[k];
  if (spec.env) Object.assign(env, spec.env(outDir));
  let args;
  if (spec.tree) {
    env.NODE_OPTIONS = nodeOptionsWithPreload();
    args = spec.argv(outDir);
  } else {
    args = ['-r', PRELOAD, ...spec.argv(outDir)];
  }
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
    timeout: RUN_TIMEOUT_MS,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;

  let rssKiB = null;
  try {
    for (const l of fs.readFileSync(rssFile, 'utf8').split('\n')) {
      const kib = Number(l.trim().split(/\s+/)[1]);
      if (Number.isFinite(kib) && kib > 0) rssKiB = Math.max(rssKiB ?? 0, kib);
    }
  } catch {
    // no figure: the process died before its exit handlers ran
  }

  let error = null;
  if (r.error) error = r.error.code === 'ETIMEDOUT' ? `timed out after ${RUN_TIMEOUT_MS / 1000} s` : r.error.message;
  else if (r.signal) error = `killed by ${r.signal}`;
  else if (r.status !== 0) error = `exit status ${r.status}`;
  const listing = spec.output ? listFiles(outDir) : null;
  const files = listing ? listing.count : null;
  if (!error && spec.output && files === 0) error = `no files in the output folder ${outDir}`;
  if (error) error += `\n${tail(`${r.stdout ?? ''}\n${r.stderr ?? ''}`)}`;
  return { ms, rssKiB, files, sizes: listing ? listing.sizes : null, error, outDir };
}

function measure(spec, opts, tmp) {
  process.stderr.write(`  ${spec.name} ...`);
  const result = { id: spec.id, name: spec.name, runs: 0, wallMs: [], rssMB: [], files: null, error: null };
  const add = (r) => {
    result.runs++;
    result.wallMs.push(Math.round(r.ms * 10) / 10);
    result.rssMB.push(r.rssKiB === null ? null : Math.round((r.rssKiB * 1024) / 1e4) / 100);
    result.files = r.files;
    result.outputSizes = r.sizes;
  };
  const warm = runOnce(spec, tmp, `${spec.id}-warmup`);
  if (!opts.keep) fs.rmSync(warm.outDir, { recursive: true, force: true });
  if (warm.error) {
    result.error = warm.error;
    process.stderr.write(' FAILED\n');
    return result;
  }
  let runs;
  if (warm.ms >= SLOW_MS) {
    add(warm);
    runs = Math.min(opts.runs - 1, Math.max(0, Math.floor((CASE_BUDGET_MS - warm.ms) / warm.ms)));
  } else {
    runs = Math.min(opts.runs, Math.max(MIN_RUNS, Math.floor(CASE_BUDGET_MS / Math.max(warm.ms, 1))));
  }
  for (let i = 0; i < runs; i++) {
    const r = runOnce(spec, tmp, `${spec.id}-${i}`);
    if (!opts.keep || i < runs - 1) fs.rmSync(r.outDir, { recursive: true, force: true });
    if (r.error) {
      result.error = `run ${i + 1}: ${r.error}`;
      process.stderr.write(' FAILED\n');
      return result;
    }
    add(r);
  }
  result.medianMs = median(result.wallMs);
  result.peakMB = median(result.rssMB);
  process.stderr.write(` ${Math.round(result.medianMs)} ms (${result.runs} run${result.runs === 1 ? '' : 's'})\n`);
  return result;
}

/** Time to create files of the given sizes in a fresh folder under tmp (this process, one pass). */
function diskFloor(sizes, tmp) {
  const dir = path.join(tmp, 'disk-floor');
  fs.mkdirSync(dir);
  const max = Math.max(0, ...sizes);
  const text = 'x'.repeat(Math.max(0, max - 1)) + '\n';
  const start = process.hrtime.bigint();
  sizes.forEach((size, i) => fs.writeFileSync(path.join(dir, `f${i}.yaml`), text.slice(-Math.max(size, 1))));
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  fs.rmSync(dir, { recursive: true, force: true });
  return ms;
}

// ---------------------------------------------------------------------------------------------
// Report

const fmtMs = (x) => (x === null || x === undefined ? 'n/a' : String(Math.round(x)));
const fmtMB = (x) => (x === null || x === undefined ? 'n/a' : x.toFixed(1));
const fmtX = (x) => (x === null || x === undefined ? 'n/a' : `${x.toFixed(2)}×`);
const verdict = (ok) => (ok === null ? 'n/a' : ok ? 'PASS' : 'MISS');

function table(rows) {
  const head = ['case', 'runs', 'median ms', 'peak MB', 'ratio / cost', 'target', 'result'];
  const cells = [head, ...rows.map((r) => [r.name, r.runs, r.ms, r.mb, r.ratio, r.target, r.result].map((c) => String(c ?? '')))];
  const widths = head.map((_, i) => Math.max(...cells.map((c) => c[i].length)));
  const numeric = new Set([1, 2, 3]);
  const fmt = (c) => c.map((x, i) => (numeric.has(i) ? x.padStart(widths[i]) : x.padEnd(widths[i]))).join('  ').trimEnd();
  return [fmt(head), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(fmt)].join('\n');
}

function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`error: ${e.message}\n${usage()}`);
    return 2;
  }
  for (const [what, file, fix] of [
    ['the built CLI', path.join(ROOT, 'lib', 'src', 'cli', 'run.js'), 'run `npm run build`'],
    ['the bundled CLI', path.join(ROOT, 'lib', 'cli.js'), 'run `npm run build`'],
    ['the built cdk8s app', path.join(ROOT, 'lib', 'main.js'), 'run `npm run build`'],
    ['cdk8s-cli', CDK8S_CLI, 'run `npm ci`'],
  ]) {
    if (!fs.existsSync(file)) {
      process.stderr.write(`error: ${what} is missing (${path.relative(ROOT, file)}); ${fix}\n`);
      return 1;
    }
  }

  // bin/ runs the bundle only when it is at least as new as the last tsc build: measure what users run.
  const built = fs.existsSync(path.join(ROOT, 'lib', '.tsbuildinfo')) ? fs.statSync(path.join(ROOT, 'lib', '.tsbuildinfo')).mtimeMs : 0;
  if (fs.statSync(path.join(ROOT, 'lib', 'cli.js')).mtimeMs < built) {
    process.stderr.write('error: lib/cli.js is older than the last tsc build; run `npm run build`\n');
    return 1;
  }

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-compose-bench-'));
  const started = Date.now();
  try {
    const projects = {};
    for (const n of SIZES) {
      const dir = path.join(tmp, `project-${n}`);
      fs.mkdirSync(dir);
      projects[n] = path.join(dir, 'compose.yaml');
      fs.writeFileSync(projects[n], generateCompose(n));
    }

    const specs = [
      { id: 'baseline', name: 'baseline: cdk8s + cdk8s-plus-28, empty chart', argv: () => [BASELINE] },
      { id: 'cli-seed', name: 'cdk8s-compose synth (seed, 3 services)', output: true,
        argv: (out) => [CLI, 'synth', '-q', '-f', SEED, '-o', out] },
      { id: 'cdk8s-synth', name: 'cdk8s synth (seed, via cdk8s-cli)', output: true, tree: true,
        argv: (out) => [CDK8S_CLI, 'synth', '-o', out] },
      // The part of `cdk8s synth` that is this project's: the app cdk8s-cli runs (cdk8s.yaml).
      { id: 'cdk8s-app', name: '  of which the app (node lib/main.js)', output: true,
        argv: () => [path.join(ROOT, 'lib', 'main.js')], env: (out) => ({ CDK8S_OUTDIR: out }) },
      ...SIZES.map((n) => ({ id: `cli-${n}`, name: `cdk8s-compose synth (${n.toLocaleString('en-US')} services)`, output: true, services: n,
        argv: (out) => [CLI, 'synth', '-q', '-f', projects[n], '-o', out] })),
    ];

    const loadStart = os.loadavg()[0];
    const loadStartText = loadText();
    process.stderr.write(`cdk8s-compose bench: node ${process.version}, ${os.platform()}/${os.arch()}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model?.trim() ?? 'unknown'}), load average ${loadStartText}\n`);
    process.stderr.write(targetsText());
    process.stderr.write(`each case: 1 warm-up run + up to ${opts.runs} measured runs (median); temp folder ${tmp}\n`);
    const results = {};
    for (const spec of specs) results[spec.id] = { ...measure(spec, opts, tmp), services: spec.services ?? null };

    // Derived figures and verdicts.
    const base = results.baseline;
    const seed = results['cli-seed'];
    const cdk = results['cdk8s-synth'];
    const cdkApp = results['cdk8s-app'];
    const ok = (r) => r !== undefined && !r.error && r.medianMs !== undefined;
    const rows = [];
    const checks = [];
    const check = (name, value, target, pass) => {
      checks.push({ name, value, target, pass });
      return pass;
    };

    rows.push({ name: base.name, runs: base.runs, ms: fmtMs(base.medianMs), mb: fmtMB(base.peakMB), ratio: '1.00×', target: '(reference)', result: ok(base) ? '' : 'FAIL' });

    if (ok(seed) && ok(base)) {
      const tr = seed.medianMs / base.medianMs;
      const mr = seed.peakMB !== null && base.peakMB !== null ? seed.peakMB / base.peakMB : null;
      seed.timeRatio = tr;
      seed.rssRatio = mr;
      const pt = check('cli seed time vs baseline', tr, `≤ ${TARGETS.cliVsBaseline}×`, tr <= TARGETS.cliVsBaseline);
      const pm = mr === null ? null : check('cli seed peak RSS vs baseline', mr, `≤ ${TARGETS.cliVsBaseline}×`, mr <= TARGETS.cliVsBaseline);
      rows.push({ name: seed.name, runs: seed.runs, ms: fmtMs(seed.medianMs), mb: fmtMB(seed.peakMB),
        ratio: `time ${fmtX(tr)}, RSS ${fmtX(mr)}`, target: `≤ ${TARGETS.cliVsBaseline}× baseline (both)`,
        result: verdict(pm === null ? pt : pt && pm) });
    } else {
      rows.push({ name: seed.name, runs: seed.runs, ms: fmtMs(seed.medianMs), mb: fmtMB(seed.peakMB), ratio: '', target: `≤ ${TARGETS.cliVsBaseline}× baseline`, result: ok(seed) ? 'n/a' : 'FAIL' });
    }

    if (ok(cdk)) {
      const p = check('cdk8s synth time', cdk.medianMs, `≤ ${TARGETS.cdk8sSynthMs} ms`, cdk.medianMs <= TARGETS.cdk8sSynthMs);
      rows.push({ name: cdk.name, runs: cdk.runs, ms: fmtMs(cdk.medianMs), mb: fmtMB(cdk.peakMB),
        ratio: ok(base) ? `time ${fmtX(cdk.medianMs / base.medianMs)}` : '', target: `≤ ${TARGETS.cdk8sSynthMs} ms`, result: verdict(p) });
    } else {
      rows.push({ name: cdk.name, runs: cdk.runs, ms: 'n/a', mb: 'n/a', ratio: '', target: `≤ ${TARGETS.cdk8sSynthMs} ms`, result: 'FAIL' });
    }
    if (ok(cdkApp)) {
      const share = ok(cdk) ? `${((100 * cdkApp.medianMs) / cdk.medianMs).toFixed(0)}% of cdk8s synth; cdk8s-cli ${fmtMs(cdk.medianMs - cdkApp.medianMs)} ms` : '';
      rows.push({ name: cdkApp.name, runs: cdkApp.runs, ms: fmtMs(cdkApp.medianMs), mb: fmtMB(cdkApp.peakMB), ratio: share, target: '(reference)', result: '' });
    } else {
      rows.push({ name: cdkApp.name, runs: cdkApp.runs, ms: 'n/a', mb: 'n/a', ratio: '', target: '(reference)', result: 'FAIL' });
    }

    // Per-service cost: the raw figure (wall / services) and the marginal one, net of the fixed
    // start-up cost ((wall(n) − wall(10)) / (n − 10)); linearity is judged on the marginal one,
    // since start-up inflates the raw cost of the smaller project.
    const small = results[`cli-${SIZES[0]}`];
    for (const n of SIZES) {
      const r = results[`cli-${n}`];
      if (!ok(r)) {
        rows.push({ name: r.name, runs: r.runs, ms: 'n/a', mb: 'n/a', ratio: '', target: '', result: 'FAIL' });
        continue;
      }
      r.msPerService = r.medianMs / n;
      if (n !== SIZES[0] && ok(small)) r.marginalMsPerService = (r.medianMs - small.medianMs) / (n - SIZES[0]);
      const cost = `${r.msPerService.toFixed(2)} ms/svc` + (r.marginalMsPerService !== undefined ? ` (marginal ${r.marginalMsPerService.toFixed(2)})` : '');
      let target = '';
      let result = 'ok';
      if (n === 1000) {
        const pt = check('1,000 services time', r.medianMs, `≤ ${TARGETS.largeMs} ms`, r.medianMs <= TARGETS.largeMs);
        const pm = r.peakMB === null ? null : check('1,000 services peak RSS', r.peakMB, `≤ ${TARGETS.largeMB} MB`, r.peakMB <= TARGETS.largeMB);
        target = `≤ ${TARGETS.largeMs} ms, ≤ ${TARGETS.largeMB} MB`;
        result = pm === null ? `${verdict(pt)} (RSS n/a)` : pt && pm ? 'PASS' : `MISS (${[!pt && 'time', pm === false && 'memory'].filter(Boolean).join(', ')})`;
      }
      rows.push({ name: r.name, runs: r.runs, ms: fmtMs(r.medianMs), mb: fmtMB(r.peakMB), ratio: cost, target, result });
    }
    const largest = results[`cli-${SIZES[SIZES.length - 1]}`];
    let floor = null;
    if (ok(largest) && largest.outputSizes && largest.outputSizes.length > 0) {
      const ms = median([0, 1, 2].map(() => diskFloor(largest.outputSizes, tmp)));
      const bytes = largest.outputSizes.reduce((a, b) => a + b, 0);
      floor = { files: largest.outputSizes.length, bytes, ms: Math.round(ms * 10) / 10 };
      rows.push({ name: `disk floor: create ${floor.files.toLocaleString('en-US')} files (${(bytes / 1e6).toFixed(1)} MB)`, runs: 3, ms: fmtMs(ms), mb: '',
        ratio: `${((100 * ms) / largest.medianMs).toFixed(0)}% of the ${SIZES[SIZES.length - 1].toLocaleString('en-US')}-service wall`, target: '(reference)', result: '' });
    }
    for (const r of Object.values(results)) delete r.outputSizes;

    const mid = results['cli-100'];
    const big = results['cli-1000'];
    let growth = null;
    if (ok(mid) && ok(big) && mid.marginalMsPerService > 0) {
      growth = big.marginalMsPerService / mid.marginalMsPerService;
      const rawGrowth = big.msPerService / mid.msPerService;
      const p = check('per-service cost growth 100 → 1,000', growth, `≤ ${TARGETS.perServiceGrowth}×`, growth <= TARGETS.perServiceGrowth);
      rows.push({ name: 'linearity: per-service cost 1,000 / 100', runs: '', ms: '', mb: '',
        ratio: `marginal ${fmtX(growth)}, raw ${fmtX(rawGrowth)}`, target: `≤ ${TARGETS.perServiceGrowth}× (marginal)`, result: p ? 'PASS' : 'MISS (superlinear)' });
    }

    const failures = Object.values(results).filter((r) => r.error);
    const totalS = (Date.now() - started) / 1000;
    const loadEnd = os.loadavg()[0];
    process.stdout.write(`\n${targetsText()}load average (1, 5, 15 min): ${loadStartText} at the start, ${loadText()} at the end, on ${os.cpus().length} CPUs\n`);
    process.stdout.write(`\n${table(rows)}\n\n`);
    process.stdout.write('median of the measured runs; peak MB = max resident set size (10^6 bytes) of the process '
      + '(of the largest process for cdk8s synth); marginal ms/svc = (wall(n) − wall(10)) / (n − 10).\n');
    const missed = checks.filter((c) => c.pass === false);
    process.stdout.write(`${checks.length - missed.length}/${checks.length} targets met${missed.length ? `; missed: ${missed.map((c) => c.name).join('; ')}` : ''}. Bench took ${totalS.toFixed(0)} s.\n`);
    // loadavg is 0 on Windows: no note there.
    if (Math.max(loadStart, loadEnd) > os.cpus().length / 2) {
      process.stdout.write(`note: other processes were busy (load average ${loadStart.toFixed(2)} at the start, ${loadEnd.toFixed(2)} at the end, on ${os.cpus().length} CPUs); wall times are inflated and noisy.\n`);
    }
    for (const f of failures) process.stdout.write(`\nFAILED ${f.name}: ${f.error}\n`);

    if (opts.json) {
      const report = {
        date: new Date().toISOString(),
        node: process.version,
        platform: `${os.platform()}/${os.arch()}`,
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model?.trim() ?? null,
        totalMemMB: Math.round(os.totalmem() / 1e6),
        loadAverage: { start: loadStart, end: loadEnd, startAll: loadStartText, endAll: loadText() },
        runsRequested: opts.runs,
        targets: TARGETS,
        cases: Object.values(results),
        checks,
        perServiceGrowth: growth,
        diskFloor: floor,
        tmpdir: os.tmpdir(),
        failed: failures.map((f) => f.id),
        durationS: totalS,
      };
      fs.mkdirSync(path.dirname(opts.json), { recursive: true });
      fs.writeFileSync(opts.json, `${JSON.stringify(report, null, 2)}\n`);
      process.stdout.write(`figures written to ${opts.json}\n`);
    }
    return failures.length ? 1 : 0;
  } finally {
    if (opts.keep) process.stderr.write(`kept ${tmp}\n`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) process.exitCode = main();

module.exports = { generateCompose, median };
