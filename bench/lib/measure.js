'use strict';
/** Measuring: one case run in child processes, its median wall time and peak RSS; the disk floor. */
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { ROOT, PRELOAD, CASE_BUDGET_MS, MIN_RUNS, SLOW_MS, RUN_TIMEOUT_MS } = require('./config');

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
  // The command's own stage times (src/timings.ts), one line on stderr; -q keeps the rest quiet.
  if (spec.timings) env.CDK8S_COMPOSE_TIMINGS = '1';
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
  const timings = spec.timings ? (/^timings: .*$/m.exec(r.stderr ?? '') ?? [null])[0] : null;
  return { ms, rssKiB, files, sizes: listing ? listing.sizes : null, error, outDir, timings };
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
    if (r.timings) result.timings = r.timings;
  };
  // Every run writes into a folder of its own, removed only with the temporary folder at the end:
  // removing 5,608 files leaves this machine's disk busy for seconds, and that work fell into the
  // next run (its writing took 2.3 s instead of 0.15 s).
  const warm = runOnce(spec, tmp, `${spec.id}-warmup`);
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

/**
 * Time to create files of the given sizes in a fresh folder under tmp (this process, one pass);
 * `label` names the folder, which stays until the temporary folder is removed (see measure).
 */
function diskFloor(sizes, tmp, label) {
  const dir = path.join(tmp, `disk-floor-${label}`);
  fs.mkdirSync(dir);
  const max = Math.max(0, ...sizes);
  const text = 'x'.repeat(Math.max(0, max - 1)) + '\n';
  const start = process.hrtime.bigint();
  sizes.forEach((size, i) => fs.writeFileSync(path.join(dir, `f${i}.yaml`), text.slice(-Math.max(size, 1))));
  return Number(process.hrtime.bigint() - start) / 1e6;
}

module.exports = { median, measure, diskFloor };
