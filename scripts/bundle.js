#!/usr/bin/env node
'use strict';
/**
 * Bundles the command into one file, lib/cli.js (after `tsc` has built lib/): the CLI with js-yaml,
 * cdk8s, constructs and the cdk8s-plus-28 classes it uses, without their comments and inline source
 * maps. Node then resolves, reads and parses one file instead of about 180, which takes about a
 * quarter off the CPU time of synthesizing a small project (see the README's Benchmark section).
 * The library (lib/index.js) is not bundled: a cdk8s app that imports ComposeChart must share its
 * own cdk8s (a peer dependency). bin/cdk8s-compose.js falls back to lib/src/cli/run.js when the
 * bundle is missing or older than the last `tsc` build.
 */
const path = require('path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
esbuild.buildSync({
  entryPoints: [path.join(root, 'lib', 'src', 'cli', 'run.js')],
  outfile: path.join(root, 'lib', 'cli.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  legalComments: 'eof',
  // up, ps and down require src/deploy lazily; the Kubernetes client stays a package of its own,
  // loaded by them only.
  external: ['@kubernetes/client-node'],
  logLevel: 'warning',
});
