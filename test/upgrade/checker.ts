/**
 * The independent manifest checker (../shared/checker, or CHECKER_DIR) for tests: copied to a
 * temporary folder with `npm ci` once per run, as scripts/check-examples.sh does.
 */
import { execFile, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CHECKER_SOURCE } from '../support/checker';

export { CHECKER_SOURCE };

export interface Finding {
  readonly rule: string;
  readonly severity: string;
  readonly object: string;
  readonly message: string;
}

export interface VersionPair {
  /** The new version's output folder. */
  readonly dir: string;
  /** The output folder of the version that is deployed. */
  readonly previous: string;
}

/** Copies the checker (and the batch runner check-pairs.mjs) to `parent` and installs its dependencies. */
export function prepareChecker(parent: string = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-checker-'))): string {
  if (!fs.existsSync(path.join(CHECKER_SOURCE, 'check-manifests.mjs'))) throw new Error(`no checker at ${CHECKER_SOURCE} (set CHECKER_DIR)`);
  const dir = path.join(parent, 'checker');
  fs.cpSync(CHECKER_SOURCE, dir, { recursive: true, filter: (src) => path.basename(src) !== 'node_modules' });
  // The source may be read-only; the copy must take node_modules.
  const writable = (p: string): void => {
    fs.chmodSync(p, fs.statSync(p).isDirectory() ? 0o755 : 0o644);
    if (fs.statSync(p).isDirectory()) for (const e of fs.readdirSync(p)) writable(path.join(p, e));
  };
  writable(dir);
  fs.copyFileSync(path.join(__dirname, 'check-pairs.mjs'), path.join(dir, 'check-pairs.mjs'));
  execFileSync('npm', ['ci', '--silent', '--no-audit', '--no-fund'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  return dir;
}

function runBatch(checker: string, pairs: readonly VersionPair[], listFile: string): Promise<Finding[][]> {
  fs.writeFileSync(listFile, JSON.stringify(pairs));
  return new Promise((resolve, reject) => {
    execFile('node', [path.join(checker, 'check-pairs.mjs'), listFile], { maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`checker failed: ${err.message}\n${stderr}`));
      else resolve(JSON.parse(stdout) as Finding[][]);
    });
  });
}

/** The checker's findings for each pair (`check-manifests.mjs DIR --previous PREVIOUS`), in `workers` parallel processes. */
export async function checkPairs(checker: string, pairs: readonly VersionPair[], workers = Math.max(1, Math.min(2, os.cpus().length))): Promise<Finding[][]> {
  const chunks: VersionPair[][] = Array.from({ length: workers }, () => []);
  pairs.forEach((p, i) => chunks[i % workers].push(p));
  const results = await Promise.all(chunks.map((c, i) => (c.length > 0 ? runBatch(checker, c, path.join(path.dirname(checker), `pairs-${i}.json`)) : Promise.resolve([]))));
  return pairs.map((_, i) => results[i % workers][Math.floor(i / workers)]);
}
