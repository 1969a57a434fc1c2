#!/usr/bin/env node
// The cdk8s-compose command: runs the precompiled CLI, lib/cli.js (one file, bundled by
// `npm run build` and `npm pack`), or lib/src/cli/run.js when that bundle is missing or older than
// the last `tsc` build (lib/.tsbuildinfo, which the package does not ship), so that a plain `tsc`
// after an edit is never shadowed by an old bundle. The bundle is compiled with V8's code cache,
// lib/cli.cache, when that cache was made for it (loadBundle below).
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

/**
 * The bundle, compiled with V8's code cache lib/cli.cache when that cache was made for this very
 * bundle (scripts/code-cache.js: the bundle's last line and the cache's first name the same hash);
 * otherwise, or when V8 rejects the cache (another node version), an ordinary require.
 */
function loadBundle(file) {
  const Module = require('module');
  const vm = require('vm');
  let source;
  let cache;
  let cached;
  try {
    source = fs.readFileSync(file, 'utf8');
    cache = fs.readFileSync(path.join(lib, 'cli.cache'));
    const MARK = '\n// cdk8s-compose bundle ';
    const mark = source.lastIndexOf(MARK);
    const id = mark >= 0 ? source.slice(mark + MARK.length).trim() : '';
    const nl = cache.indexOf(10);
    if (id !== '' && nl > 0 && cache.toString('latin1', 0, nl) === id) cached = cache.subarray(nl + 1);
  } catch {
    // no cache (a plain tsc build, an old package): compile as usual
  }
  if (cached === undefined) return { exports: require(file), codeCache: cache === undefined ? 'none' : 'not made for this bundle' };
  if (process.env.CDK8S_COMPOSE_CODE_CACHE === '0') return { exports: require(file), codeCache: 'off' };
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData: cached });
  if (script.cachedDataRejected) return { exports: require(file), codeCache: 'rejected by this node' };
  const m = new Module(file, module);
  m.filename = file;
  m.paths = Module._nodeModulePaths(path.dirname(file));
  script.runInThisContext().call(m.exports, m.exports, Module.createRequire(file), m, file, path.dirname(file));
  m.loaded = true;
  return { exports: m.exports, codeCache: 'used' };
}

const loadStart = process.hrtime.bigint();
const loaded = entry === './cli.js' ? loadBundle(path.join(lib, 'cli.js')) : { exports: require(path.join(lib, entry)), codeCache: 'none (tsc build)' };
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
