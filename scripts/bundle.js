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
const fs = require('fs');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');

/**
 * The generated `toJson_*` converters (cdk8s-plus-28's k8s classes, and ours in imports/ from the CRDs) drop undefined values with
 * `Object.entries(x).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: EXPR }), {})`,
 * which copies the object built so far once per key: quadratic in the number of keys, and most of
 * the time of converting a Deployment. The bundle gets the same function written as one loop
 * (fromDefined below): the same keys, in the same order, with the same values. Every such reduce
 * must be rewritten, or the build fails (a new cdk8s-plus-28 that writes it differently is then
 * noticed, not silently slow). A file without any such reduce is left as it is. The reduce of a
 * converter's own object is first written out as plain assignments (RESULT below).
 */
const REDUCE = /Object\.entries\(([^()]*(?:\([^()]*\))?[^()]*)\)\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: (.*?) \}\), \{\}\)/g;
const FROM_DEFINED = `
/* cdk8s-compose (scripts/bundle.js): the generated reduce, as one loop. */
function __fromDefined(entries, value) {
  const out = {};
  for (const i of entries) {
    if (i[1] === undefined) continue;
    const v = value(i);
    if (i[0] === '__proto__') Object.defineProperty(out, i[0], { value: v, enumerable: true, writable: true, configurable: true });
    else out[i[0]] = v;
  }
  return out;
}
`;
/**
 * A converter's own object: `const result = { 'key': EXPR, … };` (one field a line) followed by the
 * reduce that drops its undefined fields. Written instead as one assignment per defined field, in the
 * same order, each EXPR evaluated once as before: no intermediate object and no entry arrays.
 */
const RESULT = /const result = \{\n((?:[ ]+'[A-Za-z0-9_$.-]+': .*,\n)*)[ ]+\};\n[ ]+\/\/ filter undefined values\n[ ]+return Object\.entries\(result\)\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: i\[1\] \}\), \{\}\);/g;
const FIELD = /^([ ]+)('[A-Za-z0-9_$.-]+'): (.*),$/;

/** The fields of one converter's object as assignments of the defined ones (see RESULT). */
function definedFields(fields) {
  const lines = fields.split('\n').filter((l) => l !== '');
  const body = lines.map((line) => {
    const m = FIELD.exec(line);
    if (m === null || m[2] === "'__proto__'") throw new Error(`scripts/bundle.js: cannot rewrite the converter field ${JSON.stringify(line)}`);
    return `${m[1]}if ((v = ${m[3]}) !== undefined) result[${m[2]}] = v;`;
  });
  const indent = lines.length > 0 ? FIELD.exec(lines[0])[1].slice(4) : '    ';
  return `const result = {};\n${indent}let v;\n${body.join('\n')}\n${indent}return result;`;
}

const linearReduce = {
  name: 'linear-reduce',
  setup(build) {
    build.onLoad({ filter: /[\\/]lib[\\/]imports[\\/][^\\/]+\.js$/ }, (args) => {
      const text = fs.readFileSync(args.path, 'utf8');
      const all = text.split('.reduce((r, i) =>').length - 1;
      let n = 0;
      const out = text
        .replace(RESULT, (_, fields) => {
          n++;
          return definedFields(fields);
        })
        .replace(REDUCE, (_, entries, value) => {
          n++;
          return `__fromDefined(Object.entries(${entries}), (i) => ${value})`;
        });
      if (all === 0) return undefined;
      if (n !== all) throw new Error(`scripts/bundle.js: rewrote ${n} of the ${all} reduce calls in ${args.path}; update RESULT and REDUCE for this version of cdk8s-plus-28 or cdk8s-cli`);
      return { contents: `${out}\n${FROM_DEFINED}`, loader: 'js' };
    });
  },
};

/**
 * Writes every non-ASCII character of the bundle as a \u escape (esbuild leaves them in comments and
 * regular expression literals: `µs` in cdk8s' durations, `…` and `→` in our comments), so that the
 * bundle is ASCII: bin/load-bundle.js then reads it as a one-byte string, without UTF-8 decoding
 * (about 10 ms of every run for 2.5 MB) and V8 scans one-byte source. An escape means the same
 * character in a string, template, regular expression (with or without the u flag, a surrogate
 * pair as two escapes) and identifier, and is only text in a comment; not in a `String.raw`
 * template or after a backslash, which the bundle does not hold (checked here).
 */
function asciiOnly(file) {
  const text = fs.readFileSync(file, 'utf8');
  // Where an escape would not mean the character: in a String.raw template, or after a backslash.
  if (/String\.raw`[^`]*[^\x00-\x7f]|\\[^\x00-\x7f]/.test(text)) throw new Error(`${file}: a String.raw template or an escape holds a non-ASCII character; write it as a \\u escape in the source`);
  fs.writeFileSync(file, text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

const outfile = path.join(root, 'lib', 'cli.js');
esbuild.build({
  entryPoints: [path.join(root, 'lib', 'src', 'cli', 'run.js')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  legalComments: 'eof',
  // up, ps and down require src/deploy lazily; the Kubernetes client stays a package of its own,
  // loaded by them only.
  external: ['@kubernetes/client-node'],
  plugins: [linearReduce],
  logLevel: 'warning',
})
  .then(() => asciiOnly(outfile))
  .catch((e) => {
    process.stderr.write(`${e.message}\n`);
    process.exitCode = 1;
  });
