/**
 * bin/load-bundle.js, shared by the command (bin/cdk8s-compose.js) and the repository's cdk8s app
 * (lib/main.js): it runs the bundle when the bundle is as new as the last tsc build, the tsc build's
 * modules otherwise, and uses the code cache only when it was made for that bundle.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import Module from 'module';
import * as path from 'path';
import * as vm from 'vm';
import { ROOT } from '../helpers';

// bin/ is plain JavaScript, outside the TypeScript project.
const { loadCli } = require(path.join(ROOT, 'bin', 'load-bundle.js')) as { loadCli: (lib: string) => { exports: { which: string }; codeCache: string } };

/** A lib folder whose bundle and tsc build each say which they are; `bundleNewer` sets the mtimes. */
function fakeLib(bundleNewer: boolean, cache?: string): string {
  const lib = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-lib-'));
  fs.mkdirSync(path.join(lib, 'src', 'cli'), { recursive: true });
  fs.writeFileSync(path.join(lib, 'cli.js'), "exports.which = 'bundle';\n// cdk8s-compose bundle 0123456789abcdef0123456789abcdef\n");
  fs.writeFileSync(path.join(lib, 'src', 'cli', 'run.js'), "exports.which = 'tsc';\n");
  fs.writeFileSync(path.join(lib, '.tsbuildinfo'), '{}');
  if (cache !== undefined) fs.writeFileSync(path.join(lib, 'cli.cache'), cache);
  const t = Date.now() / 1000;
  fs.utimesSync(path.join(lib, 'cli.js'), t, bundleNewer ? t : t - 60);
  fs.utimesSync(path.join(lib, '.tsbuildinfo'), t, bundleNewer ? t - 60 : t);
  return lib;
}

test('the bundle when it is as new as the tsc build, the tsc build otherwise', () => {
  const newer = loadCli(fakeLib(true));
  expect(newer.exports.which).toBe('bundle');
  expect(newer.codeCache).toBe('none');
  const older = loadCli(fakeLib(false));
  expect(older.exports.which).toBe('tsc');
  expect(older.codeCache).toBe('none (tsc build)');
});

test('a code cache made for another bundle is not used', () => {
  const r = loadCli(fakeLib(true, 'ffffffffffffffffffffffffffffffff\nnot a cache'));
  expect(r.exports.which).toBe('bundle');
  expect(r.codeCache).toBe('not made for this bundle');
});

test('with its code cache, an ASCII bundle and one that is not read alike (one-byte or UTF-8)', () => {
  for (const which of ['b\\u00fcndle \\u2192', 'bündle →']) {
    const lib = fakeLib(true);
    const file = path.join(lib, 'cli.js');
    const id = '0123456789abcdef0123456789abcdef';
    const source = `exports.which = '${which}';\n// cdk8s-compose bundle ${id}\n`;
    fs.writeFileSync(file, source);
    const data = new vm.Script(Module.wrap(source), { filename: file }).createCachedData();
    fs.writeFileSync(path.join(lib, 'cli.cache'), Buffer.concat([Buffer.from(`${id}\n`), data]));
    const r = loadCli(lib);
    expect(r.codeCache).toBe('used');
    expect(r.exports.which).toBe('bündle →');
  }
});

test('the cdk8s app (lib/main.js) writes the files the command writes for the example', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-app-'));
  try {
    const env = { PATH: process.env.PATH ?? '', CDK8S_CHECK_UPGRADE: 'false' };
    const app = spawnSync(process.execPath, [path.join(ROOT, 'lib', 'main.js')], { cwd: ROOT, env: { ...env, CDK8S_OUTDIR: path.join(work, 'app') }, encoding: 'utf8' });
    expect(app.status).toBe(0);
    const cli = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'cdk8s-compose.js'), 'synth', '-q', '-f', 'examples/seed/compose.yaml', '-o', path.join(work, 'cli')], { cwd: ROOT, env, encoding: 'utf8' });
    expect(cli.status).toBe(0);
    const files = fs.readdirSync(path.join(work, 'app')).sort();
    expect(files.length).toBeGreaterThan(10);
    expect(files).toEqual(fs.readdirSync(path.join(work, 'cli')).sort());
    for (const f of files) expect(fs.readFileSync(path.join(work, 'app', f), 'utf8')).toBe(fs.readFileSync(path.join(work, 'cli', f), 'utf8'));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});
