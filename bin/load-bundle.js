// Loads the command's code for bin/cdk8s-compose.js and for the repository's cdk8s app (lib/main.js):
// the precompiled CLI, lib/cli.js (one file, bundled by `npm run build` and `npm pack`), or
// lib/src/cli/run.js when that bundle is missing or older than the last `tsc` build
// (lib/.tsbuildinfo, which the package does not ship), so that a plain `tsc` after an edit is never
// shadowed by an old bundle. The bundle is compiled with V8's code cache, lib/cli.cache, when that
// cache was made for it (loadBundle below).
'use strict';
const { isAscii } = require('buffer');
const fs = require('fs');
const path = require('path');

/**
 * V8 flags of the command's process, set before its code is compiled (scripts/code-cache.js sets
 * the same ones before it makes the cache: V8 accepts a cache only under the flags it was made with).
 * - `--interrupt-budget` (V8's default 67,584, in bytecode units): how much a function runs before
 *   V8 considers optimizing it. The default suits long-running pages and servers; a synth is over
 *   in about a second, and at 4× the default V8 optimizes far fewer functions that would not run
 *   long enough to repay their compilation: 1,000 services with --stdout took 0.75× the wall time
 *   (farm-bench, 9 pairs, without code cache on either side; README, Benchmark).
 */
const V8_FLAGS = ['--interrupt-budget=270336'];

function setV8Flags() {
  const v8 = require('v8');
  for (const flag of V8_FLAGS) v8.setFlagsFromString(flag);
}

/**
 * The bundle, compiled with V8's code cache lib/cli.cache when that cache was made for this very
 * bundle (scripts/code-cache.js: the bundle's last line and the cache's first name the same hash);
 * otherwise, or when V8 rejects the cache (another node version), an ordinary require.
 */
function loadBundle(lib, file) {
  const Module = require('module');
  const vm = require('vm');
  let source;
  let cache;
  let cached;
  try {
    // scripts/bundle.js writes the bundle in ASCII: read as such, it needs no UTF-8 decoding.
    const bytes = fs.readFileSync(file);
    source = isAscii(bytes) ? bytes.latin1Slice(0, bytes.length) : bytes.toString('utf8');
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

/** The exports of the command's code in `lib` (the bundle when it is current), and how it was compiled. */
function loadCli(lib) {
  setV8Flags();
  const mtime = (f) => {
    try {
      return fs.statSync(path.join(lib, f)).mtimeMs;
    } catch {
      return undefined;
    }
  };
  const bundled = mtime('cli.js');
  const built = mtime('.tsbuildinfo');
  if (bundled !== undefined && (built === undefined || bundled >= built)) return loadBundle(lib, path.join(lib, 'cli.js'));
  return { exports: require(path.join(lib, 'src', 'cli', 'run.js')), codeCache: 'none (tsc build)' };
}

module.exports = { loadCli, setV8Flags, V8_FLAGS };
