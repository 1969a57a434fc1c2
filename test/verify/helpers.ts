/** Helpers of the output-check tests: compiled projects, external names, one-field mutations. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compile, CompileOptions, CompileResult } from '../../src/compile';
import { K8sObject } from '../../src/output/render';
import { ExternalObjects } from '../../src/verify';
import { Any, ROOT } from '../helpers';

/** Every example and valid fixture folder, relative to the repository root. */
export const PROJECTS: readonly string[] = [
  ...fs
    .readdirSync(path.join(ROOT, 'examples'))
    .filter((n) => fs.existsSync(path.join(ROOT, 'examples', n, 'compose.yaml')))
    .sort()
    .map((n) => `examples/${n}`),
  ...fs
    .readdirSync(path.join(ROOT, 'test/fixtures/valid'))
    .sort()
    .map((n) => `test/fixtures/valid/${n}`),
];

/** Compiles a project folder with its default file lookup and no environment. */
export function compileProject(project: string, options: Partial<CompileOptions> = {}): CompileResult {
  return compile({ files: [], cwd: path.join(ROOT, project), environment: {}, ...options });
}

/** Compiles a compose text written to a fresh temporary folder. */
export function compileText(compose: string, options: Partial<CompileOptions> = {}): CompileResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-verify-'));
  try {
    fs.writeFileSync(path.join(dir, 'compose.yaml'), compose);
    return compile({ files: [], cwd: dir, environment: {}, ...options });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The Secrets that the `external` provider leaves to the user (SECRETS.md). */
export function externalOf(r: CompileResult): ExternalObjects {
  return { secrets: r.model.secretProvider.kind === 'external' ? r.model.secrets.map((s) => s.name) : [] };
}

/**
 * A deep copy of `objects` in which the object of that kind whose name matches has been changed by
 * `edit` (exactly one object must match).
 */
export function mutate(objects: readonly K8sObject[], kind: string, name: string | RegExp, edit: (o: Any) => void): K8sObject[] {
  const copy = JSON.parse(JSON.stringify(objects)) as K8sObject[];
  const hits = copy.filter((o) => o.kind === kind && (typeof name === 'string' ? o.metadata.name === name : name.test(o.metadata.name)));
  if (hits.length !== 1) throw new Error(`expected one ${kind} ${String(name)}, found ${hits.length}`);
  edit(hits[0]);
  return copy;
}

/** `path: message` of each finding, for readable failures. */
export function show(ds: readonly { path?: string; message: string }[]): string[] {
  return ds.map((d) => `${d.path ?? ''}: ${d.message}`);
}
