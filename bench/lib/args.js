'use strict';
/** The bench's command line. */
const path = require('path');

function usage() {
  return 'usage: node bench/run.js [--runs N] [--json FILE] [--keep]\n'
    + '  --runs N     measured runs per case (default 5, at least 1); the median is reported\n'
    + '  --json FILE  also write the figures as JSON to FILE\n'
    + '  --keep       keep the temporary folder (generated compose files, the output of every run)\n';
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

module.exports = { usage, parseArgs };
