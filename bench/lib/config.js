'use strict';
/** The bench's paths, cases' sizes, run budgets and targets. */
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const PRELOAD = path.join(__dirname, '..', 'rss-preload.js');
const BASELINE = path.join(__dirname, '..', 'baseline.js');
const CLI = path.join(ROOT, 'bin', 'cdk8s-compose.js');
const CDK8S_CLI = path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');
const SEED = path.join('examples', 'seed', 'compose.yaml');

/** The goals of issue 29, measured by `npm run bench` on the machine it runs on. */
const TARGETS = {
  cliVsBaseline: 1.2, // × the baseline's median wall time and peak RSS
  cdk8sSynthMs: 1000,
  largeMs: 1500, // 1,000 services, wall time including the writing of its files
  largeMB: 250,
  stdoutMs: 1000, // 1,000 services with --stdout: no file system in the way
  perServiceGrowth: 1.2, // marginal per-service cost at 1,000 services / at 100 services
};

/** The targets in words, printed before the figures. */
function targetsText() {
  return `targets: seed CLI ≤ ${TARGETS.cliVsBaseline}× the baseline (median wall time and peak RSS); `
    + `1,000 services ≤ ${TARGETS.largeMs.toLocaleString('en-US')} ms wall and ≤ ${TARGETS.largeMB} MB, `
    + `≤ ${TARGETS.stdoutMs.toLocaleString('en-US')} ms with --stdout; `
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

module.exports = {
  ROOT, PRELOAD, BASELINE, CLI, CDK8S_CLI, SEED, TARGETS, targetsText, loadText, SIZES, CASE_BUDGET_MS, MIN_RUNS, SLOW_MS, RUN_TIMEOUT_MS,
};
