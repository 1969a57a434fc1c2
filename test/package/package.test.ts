/**
 * The npm package as a user gets it: `npm pack` of the built lib/ (npm test builds it first), the
 * tarball installed offline into an empty folder outside the repository (a package.json and a
 * lockfile derived from the repository's, `npm ci --offline` against the cache that the clean install
 * filled), then the installed `cdk8s-compose synth` on an example and the installed `ComposeChart` in a
 * small cdk8s app. No network: a package missing from the cache fails the install.
 */
import { spawnSync, SpawnSyncOptions } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadAll } from 'js-yaml';
import { ROOT } from '../helpers';

jest.setTimeout(300_000);

const EXAMPLE = 'seed';
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));

/** The environment of a child npm: npm test's own package and lifecycle variables removed. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CDK8S_CHECK_UPGRADE: 'false', NO_COLOR: '1' };
  for (const k of Object.keys(env)) if (k.startsWith('npm_package_') || k.startsWith('npm_lifecycle_') || k === 'INIT_CWD') delete env[k];
  return env;
}

function sh(cmd: string, args: string[], options: SpawnSyncOptions): { stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: childEnv(), maxBuffer: 64 * 1024 * 1024, ...options });
  if (r.error) throw r.error;
  const stdout = String(r.stdout);
  const stderr = String(r.stderr);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}\n${stdout}\n${stderr}`);
  return { stdout, stderr };
}

/**
 * The lockfile entries the installed package needs, copied from the repository's lockfile: its
 * dependencies and peer dependencies and theirs, each found the way node finds it (nested folder
 * first, then the parents').
 */
function lockEntriesFor(roots: readonly string[]): Record<string, Record<string, unknown>> {
  const packages = lock.packages as Record<string, { dependencies?: Record<string, string>; peerDependencies?: Record<string, string>; peerDependenciesMeta?: Record<string, { optional?: boolean }> }>;
  const out: Record<string, Record<string, unknown>> = {};
  const locate = (from: string, name: string): string => {
    for (let base = from; ; ) {
      const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
      if (packages[candidate]) return candidate;
      if (base === '') throw new Error(`package-lock.json has no ${name} reachable from ${from || 'the root'}`);
      const i = base.lastIndexOf('/node_modules/');
      base = i < 0 ? '' : base.slice(0, i);
    }
  };
  const visit = (key: string): void => {
    if (out[key]) return;
    const { dev: _dev, devOptional: _devOptional, ...entry } = packages[key] as Record<string, unknown>;
    out[key] = entry;
    const e = packages[key];
    const optionalPeers = new Set(Object.entries(e.peerDependenciesMeta ?? {}).filter(([, m]) => m.optional).map(([n]) => n));
    for (const name of [...Object.keys(e.dependencies ?? {}), ...Object.keys(e.peerDependencies ?? {}).filter((n) => !optionalPeers.has(n))]) visit(locate(key, name));
    // Bundled dependencies ship inside the package's tarball; their entries are nested under it.
    for (const nested of Object.keys(packages)) if (nested.startsWith(`${key}/node_modules/`) && (packages[nested] as { inBundle?: boolean }).inBundle) visit(nested);
  };
  for (const name of roots) visit(locate('', name));
  return out;
}

describe('the npm package', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-package-'));
  const app = path.join(work, 'app');
  let tarball = '';
  let packed: string[] = [];
  let install = { stdout: '', stderr: '' };

  beforeAll(() => {
    for (const f of ['lib/cli.js', 'lib/src/cli/run.js', 'lib/index.js', 'lib/index.d.ts']) {
      if (!fs.existsSync(path.join(ROOT, f))) throw new Error(`${f} is missing: run npm run build (npm test does) before this test`);
    }
    const tsbuildinfo = path.join(ROOT, 'lib', '.tsbuildinfo');
    if (fs.existsSync(tsbuildinfo) && fs.statSync(path.join(ROOT, 'lib', 'cli.js')).mtimeMs < fs.statSync(tsbuildinfo).mtimeMs) {
      throw new Error('lib/cli.js is older than the last tsc build: run npm run build (npm test does) before this test');
    }
    // prepack rebuilds lib/ from clean; npm test has just built it, and other suites use it meanwhile.
    const pack = sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT });
    const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    tarball = path.join(work, info.filename);
    packed = info.files.map((f) => f.path).sort();

    fs.mkdirSync(app);
    const tgz = fs.readFileSync(tarball);
    const dependencies = { [pkg.name]: `file:../${info.filename}` };
    fs.writeFileSync(path.join(app, 'package.json'), `${JSON.stringify({ name: 'package-test', version: '1.0.0', private: true, dependencies }, null, 2)}\n`);
    const { dependencies: deps, peerDependencies: peers, bin, engines, license, version } = pkg;
    const entries = lockEntriesFor([...Object.keys(deps), ...Object.keys(peers)]);
    const lockfile = {
      name: 'package-test',
      version: '1.0.0',
      lockfileVersion: 3,
      requires: true,
      packages: {
        '': { name: 'package-test', version: '1.0.0', dependencies },
        [`node_modules/${pkg.name}`]: {
          version,
          resolved: `file:../${info.filename}`,
          integrity: `sha512-${crypto.createHash('sha512').update(tgz).digest('base64')}`,
          license,
          dependencies: deps,
          bin,
          engines,
          peerDependencies: peers,
        },
        ...entries,
      },
    };
    fs.writeFileSync(path.join(app, 'package-lock.json'), `${JSON.stringify(lockfile, null, 2)}\n`);
    install = sh('npm', ['ci', '--offline', '--no-audit', '--no-fund'], { cwd: app });
  });

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('the tarball holds lib, bin, the CRDs, README, LICENSE and package.json, nothing else', () => {
    const sources = (dir: string): string[] =>
      fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((d) => {
        const rel = `${dir}/${d.name}`;
        return d.isDirectory() ? sources(rel) : rel.endsWith('.ts') ? [rel] : [];
      });
    const compiled = ['index.ts', ...['src', 'charts', 'imports'].flatMap(sources)].flatMap((ts) => [`lib/${ts.replace(/\.ts$/, '.js')}`, `lib/${ts.replace(/\.ts$/, '.d.ts')}`]);
    const crds = fs.readdirSync(path.join(ROOT, 'crds')).map((f) => `crds/${f}`);
    const expected = ['LICENSE', 'README.md', 'package.json', 'bin/cdk8s-compose.js', 'bin/load-bundle.js', 'lib/cli.js', 'lib/cli.cache', ...crds, ...compiled].sort();
    const stale = packed.filter((f) => !expected.includes(f));
    if (stale.length > 0) throw new Error(`the tarball holds files that no source makes (a stale lib/? rm -rf lib && npm run build): ${stale.join(', ')}`);
    expect(packed).toEqual(expected);
    expect(fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8')).toContain('Apache License\n                           Version 2.0, January 2004');
  });

  test('installing the tarball runs no script and prints no warning', () => {
    expect(pkg.scripts.prepare).toBeUndefined();
    for (const s of ['preinstall', 'install', 'postinstall']) expect(pkg.scripts[s]).toBeUndefined();
    expect(install.stderr).not.toMatch(/warn/i);
    expect(install.stderr).not.toContain('install-scripts');
    expect(fs.existsSync(path.join(app, 'node_modules', pkg.name, 'lib', 'src', 'cli', 'run.js'))).toBe(true);
  });

  test('the library shares the app\'s cdk8s and constructs (peer dependencies, one copy each)', () => {
    expect(Object.keys(pkg.peerDependencies).sort()).toEqual(['cdk8s', 'constructs']);
    expect(pkg.dependencies.cdk8s).toBeUndefined();
    expect(pkg.dependencies.constructs).toBeUndefined();
    const installed = path.join(app, 'node_modules', pkg.name);
    expect(fs.existsSync(path.join(installed, 'node_modules'))).toBe(false);
    const probe = sh(process.execPath, ['-e', `const p=require('path');const from=p.dirname(require.resolve('${pkg.name}'));for(const m of ['cdk8s','constructs'])console.log(require.resolve(m,{paths:[from]})===require.resolve(m))`], { cwd: app });
    expect(probe.stdout).toBe('true\ntrue\n');
  });

  test('the installed cdk8s-compose synth writes what the repository\'s writes', () => {
    const project = path.join(work, EXAMPLE);
    fs.cpSync(path.join(ROOT, 'examples', EXAMPLE), project, { recursive: true });
    const bin = path.join(app, 'node_modules', '.bin', 'cdk8s-compose');
    expect(sh(bin, ['--version'], { cwd: project }).stdout).toBe(`${pkg.version}\n`);
    sh(bin, ['synth', '-q', '-o', 'installed'], { cwd: project });
    sh(process.execPath, [path.join(ROOT, 'bin', 'cdk8s-compose.js'), 'synth', '-q', '-o', 'repository'], { cwd: project });
    const tree = (dir: string) => Object.fromEntries(fs.readdirSync(dir).sort().map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
    const repository = tree(path.join(project, 'repository'));
    expect(Object.keys(repository)).toContain('kustomization.yaml');
    expect(tree(path.join(project, 'installed'))).toEqual(repository);
  });

  test('the installed command runs the bundle (lib/cli.js, with its code cache), which needs no other module of the package', () => {
    const installed = path.join(app, 'node_modules', pkg.name);
    // Records every file that node loads while the installed command prints its version.
    fs.writeFileSync(
      path.join(app, 'loaded.js'),
      [
        "const Module = require('module');",
        'const seen = new Set();',
        'const load = Module._load;',
        'Module._load = function (request, parent, isMain) {',
        '  seen.add(Module._resolveFilename(request, parent, isMain));',
        '  return load.apply(this, arguments);',
        '};',
        // The bundle is read and compiled with its code cache (bin/cdk8s-compose.js), not required: files read count too.
        "const fs = require('fs');",
        'const read = fs.readFileSync;',
        "fs.readFileSync = function (file) { if (typeof file === 'string') seen.add(file); return read.apply(this, arguments); };",
        "process.on('exit', () => console.error([...seen].join('\\n')));",
        "process.argv = [process.argv[0], 'cdk8s-compose', '--version'];",
        `require(${JSON.stringify(path.join(installed, 'bin', 'cdk8s-compose.js'))});`,
        '',
      ].join('\n'),
    );
    const probe = sh(process.execPath, ['loaded.js'], { cwd: app });
    expect(probe.stdout).toBe(`${pkg.version}\n`);
    const loaded = probe.stderr.trim().split('\n').filter((f) => f.startsWith('/'));
    expect([...new Set(loaded.map((f) => path.relative(installed, f)))].sort()).toEqual(['bin/cdk8s-compose.js', 'bin/load-bundle.js', 'lib/cli.cache', 'lib/cli.js', 'package.json']);
  });

  test('a cdk8s app imports ComposeChart from the installed package and synthesizes the same objects', () => {
    const project = path.join(work, EXAMPLE);
    fs.writeFileSync(
      path.join(app, 'main.js'),
      [
        "const { App } = require('cdk8s');",
        `const { ComposeChart } = require('${pkg.name}');`,
        "const app = new App({ outdir: 'dist' });",
        `const chart = new ComposeChart(app, 'seed', { cwd: ${JSON.stringify(project)}, environment: {} });`,
        "if (!chart.warnings.every((w) => typeof w.message === 'string')) throw new Error('warnings');",
        'app.synth();',
        '',
      ].join('\n'),
    );
    sh(process.execPath, ['main.js'], { cwd: app });
    const key = (o: { kind: string; metadata: { namespace?: string; name: string } }) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    const byKey = (docs: unknown[]) => Object.fromEntries((docs as { kind: string; metadata: { name: string } }[]).map((o) => [key(o), o]));
    const synthesized = byKey(loadAll(fs.readFileSync(path.join(app, 'dist', 'seed.k8s.yaml'), 'utf8')));
    const cliDir = path.join(project, 'repository');
    const cli = byKey(fs.readdirSync(cliDir).filter((f) => /^\d\d-.*\.yaml$/.test(f)).flatMap((f) => loadAll(fs.readFileSync(path.join(cliDir, f), 'utf8'))));
    expect(Object.keys(synthesized).length).toBeGreaterThan(5);
    expect(synthesized).toEqual(cli);
  });
});
