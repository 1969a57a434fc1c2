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
const fs = require('fs');
const os = require('os');
const path = require('path');
const { ROOT, BASELINE, CLI, CDK8S_CLI, SEED, TARGETS, targetsText, loadText, SIZES } = require('./lib/config');
const { usage, parseArgs } = require('./lib/args');
const { generateCompose } = require('./lib/generate');
const { median, measure, diskFloor } = require('./lib/measure');
const { fmtMs, fmtMB, fmtX, verdict, table } = require('./lib/report');

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
      { id: 'cli-seed', name: 'cdk8s-compose synth (seed, 3 services)', output: true, timings: true,
        argv: (out) => [CLI, 'synth', '-q', '-f', SEED, '-o', out] },
      { id: 'cdk8s-synth', name: 'cdk8s synth (seed, via cdk8s-cli)', output: true, tree: true,
        argv: (out) => [CDK8S_CLI, 'synth', '-o', out] },
      // The part of `cdk8s synth` that is this project's: the app cdk8s-cli runs (cdk8s.yaml).
      { id: 'cdk8s-app', name: '  of which the app (node lib/main.js)', output: true,
        argv: () => [path.join(ROOT, 'lib', 'main.js')], env: (out) => ({ CDK8S_OUTDIR: out }) },
      ...SIZES.map((n) => ({ id: `cli-${n}`, name: `cdk8s-compose synth (${n.toLocaleString('en-US')} services)`, output: true, services: n, timings: n === 1000,
        argv: (out) => [CLI, 'synth', '-q', '-f', projects[n], '-o', out] })),
      // The same without the file system: the compiler's own cost (and its linearity).
      ...SIZES.map((n) => ({ id: `cli-${n}-stdout`, name: `cdk8s-compose synth --stdout (${n.toLocaleString('en-US')} services)`, services: n, timings: n === 1000,
        argv: () => [CLI, 'synth', '-q', '--stdout', '-f', projects[n]] })),
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
      const ms = median([0, 1, 2].map((i) => diskFloor(largest.outputSizes, tmp, i)));
      const bytes = largest.outputSizes.reduce((a, b) => a + b, 0);
      floor = { files: largest.outputSizes.length, bytes, ms: Math.round(ms * 10) / 10 };
      rows.push({ name: `disk floor: create ${floor.files.toLocaleString('en-US')} files (${(bytes / 1e6).toFixed(1)} MB)`, runs: 3, ms: fmtMs(ms), mb: '',
        ratio: `${((100 * ms) / largest.medianMs).toFixed(0)}% of the ${SIZES[SIZES.length - 1].toLocaleString('en-US')}-service wall`, target: '(reference)', result: '' });
    }
    for (const r of Object.values(results)) delete r.outputSizes;

    const std = results['cli-1000-stdout'];
    if (ok(std)) {
      const p = check('1,000 services --stdout time', std.medianMs, `≤ ${TARGETS.stdoutMs} ms`, std.medianMs <= TARGETS.stdoutMs);
      rows.push({ name: std.name, runs: std.runs, ms: fmtMs(std.medianMs), mb: fmtMB(std.peakMB), ratio: `${(std.medianMs / 1000).toFixed(2)} ms/svc`, target: `≤ ${TARGETS.stdoutMs} ms`, result: verdict(p) });
    } else {
      rows.push({ name: std.name, runs: std.runs, ms: 'n/a', mb: 'n/a', ratio: '', target: `≤ ${TARGETS.stdoutMs} ms`, result: 'FAIL' });
    }

    // Linearity: the marginal per-service cost ((wall(n) − wall(10)) / (n − 10)) at 1,000 over the one
    // at 100, end to end (files written) and without the file system (--stdout).
    let growth = null;
    for (const [suffix, what] of [['', 'files written'], ['-stdout', '--stdout']]) {
      const [lo, mid, big] = SIZES.map((n) => results[`cli-${n}${suffix}`]);
      if (!ok(lo) || !ok(mid) || !ok(big)) continue;
      const marginal = (r) => (r.medianMs - lo.medianMs) / (r.services - lo.services);
      if (marginal(mid) <= 0) continue;
      const g = marginal(big) / marginal(mid);
      if (suffix === '') growth = g;
      const p = check(`per-service cost growth 100 → 1,000 (${what})`, g, `≤ ${TARGETS.perServiceGrowth}×`, g <= TARGETS.perServiceGrowth);
      rows.push({ name: `linearity (${what}): marginal cost 1,000 / 100`, runs: '', ms: '', mb: '',
        ratio: `${fmtX(g)} (${marginal(mid).toFixed(2)} → ${marginal(big).toFixed(2)} ms/svc)`, target: `≤ ${TARGETS.perServiceGrowth}×`, result: p ? 'PASS' : 'MISS (superlinear)' });
    }

    const failures = Object.values(results).filter((r) => r.error);
    const totalS = (Date.now() - started) / 1000;
    const loadEnd = os.loadavg()[0];
    process.stdout.write(`\n${targetsText()}load average (1, 5, 15 min): ${loadStartText} at the start, ${loadText()} at the end, on ${os.cpus().length} CPUs\n`);
    process.stdout.write(`\n${table(rows)}\n\n`);
    process.stdout.write('median of the measured runs; peak MB = max resident set size (10^6 bytes) of the process '
      + '(of the largest process for cdk8s synth); marginal ms/svc = (wall(n) − wall(10)) / (n − 10).\n');
    // Where the time of a run goes (the last measured run's own stage times).
    const staged = specs.filter((sp) => results[sp.id]?.timings);
    if (staged.length > 0) process.stdout.write(`\nstage times of the last run (CDK8S_COMPOSE_TIMINGS=1):\n${staged.map((sp) => `  ${sp.name}: ${results[sp.id].timings.replace(/^timings: /, '')}`).join('\n')}\n\n`);
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
