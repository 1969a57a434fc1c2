#!/usr/bin/env node
// The cdk8s-compose command: runs the precompiled CLI, lib/cli.js (one file, bundled by
// `npm run build` and `npm pack`), or lib/src/cli/run.js when that bundle is missing or older than
// the last `tsc` build (lib/.tsbuildinfo, which the package does not ship), so that a plain `tsc`
// after an edit is never shadowed by an old bundle.
'use strict';
const fs = require('fs');
const path = require('path');

process.env.CDK8S_CHECK_UPGRADE = 'false';
const lib = path.join(__dirname, '..', 'lib');
const mtime = (f) => {
  try {
    return fs.statSync(path.join(lib, f)).mtimeMs;
  } catch {
    return undefined;
  }
};
const bundled = mtime('cli.js');
const built = mtime('.tsbuildinfo');
const entry = bundled !== undefined && (built === undefined || bundled >= built) ? './cli.js' : './src/cli/run.js';
const { main } = require(path.join(lib, entry));
main(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  cwd: process.cwd(),
  env: process.env,
  color: Boolean(process.stderr.isTTY) && process.env.NO_COLOR === undefined,
  tty: Boolean(process.stderr.isTTY),
  columns: process.stderr.columns,
}).then((code) => {
  process.exitCode = code;
});
