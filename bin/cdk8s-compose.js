#!/usr/bin/env node
// The cdk8s-compose command: runs the precompiled CLI (bin/load-bundle.js says which file and how).
'use strict';
const path = require('path');
const { loadCli } = require('./load-bundle');

process.env.CDK8S_CHECK_UPGRADE = 'false';
const loadStart = process.hrtime.bigint();
const loaded = loadCli(path.join(__dirname, '..', 'lib'));
const { main } = loaded.exports;
main(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  cwd: process.cwd(),
  env: process.env,
  color: Boolean(process.stderr.isTTY) && process.env.NO_COLOR === undefined,
  tty: Boolean(process.stderr.isTTY),
  columns: process.stderr.columns,
  startup: { ms: Number(process.hrtime.bigint() - loadStart) / 1e6, codeCache: loaded.codeCache },
}).then((code) => {
  process.exitCode = code;
  // When nothing is left to run (every write flushed, every request answered), exit at once:
  // tearing down a large heap (about 0.1 s after 1,000 services) is work nobody waits for.
  process.once('beforeExit', () => process.exit(code));
});
