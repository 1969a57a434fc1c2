#!/usr/bin/env node
// The cdk8s-compose command: runs the precompiled CLI (lib/, built by `npm run build` and by `npm pack`).
'use strict';
process.env.CDK8S_CHECK_UPGRADE = 'false';
const { run } = require('../lib/src/cli/run');
process.exitCode = run(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  cwd: process.cwd(),
  env: process.env,
  color: Boolean(process.stderr.isTTY) && process.env.NO_COLOR === undefined,
});
