#!/usr/bin/env node
'use strict';
/**
 * Writes lib/cli.cache, V8's code cache for the bundle (after scripts/bundle.js): bin/cdk8s-compose.js
 * hands it to V8 with the bundle's text, so node neither compiles the 2.5 MB bundle nor the
 * functions a synth runs; that takes about a third off the wall time of a small project.
 *
 * The cache is made after a synth of examples/seed (in memory, nothing written), so it holds the
 * functions a synth runs, not only the top level. The bundle gets a last line naming its content
 * hash (`// cdk8s-compose bundle <hash>`), and the cache starts with the same hash on a line of its
 * own: the command uses the cache only when the two agree (V8 itself checks only the source's
 * length), and V8 rejects a cache made by another node version, in which case the command simply
 * compiles the bundle.
 */
const crypto = require('crypto');
const fs = require('fs');
const Module = require('module');
const path = require('path');
const vm = require('vm');
const { setV8Flags } = require('../bin/load-bundle');

const root = path.resolve(__dirname, '..');
const file = path.join(root, 'lib', 'cli.js');
const cacheFile = path.join(root, 'lib', 'cli.cache');
const MARK = '\n// cdk8s-compose bundle ';

async function main() {
  let source = fs.readFileSync(file, 'utf8');
  const at = source.lastIndexOf(MARK);
  if (at >= 0) source = source.slice(0, at + 1);
  const id = crypto.createHash('sha256').update(source).digest('hex').slice(0, 32);
  source = `${source.endsWith('\n') ? source.slice(0, -1) : source}${MARK}${id}\n`;
  fs.writeFileSync(file, source);

  // The command's V8 flags (bin/load-bundle.js): a cache made under other flags would be rejected.
  setV8Flags();
  const script = new vm.Script(Module.wrap(source), { filename: file });
  const m = new Module(file, module);
  m.filename = file;
  m.paths = Module._nodeModulePaths(path.dirname(file));
  script.runInThisContext().call(m.exports, m.exports, Module.createRequire(file), m, file, path.dirname(file));
  const errors = [];
  const code = await m.exports.main(['synth', '-q', '--stdout', '-f', path.join(root, 'examples', 'seed', 'compose.yaml')], {
    stdout: () => {},
    stderr: (t) => errors.push(t),
    cwd: root,
    env: {},
    color: false,
    tty: false,
  });
  if (code !== 0) throw new Error(`the synth that warms the code cache failed (exit ${code}): ${errors.join('')}`);
  fs.writeFileSync(cacheFile, Buffer.concat([Buffer.from(`${id}\n`), script.createCachedData()]));
}

main().catch((e) => {
  process.stderr.write(`scripts/code-cache.js: ${e.message}\n`);
  process.exitCode = 1;
});
