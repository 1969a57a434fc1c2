/** Compiles a project folder written from a map of files (storage tests). */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compile, CompileResult } from '../../../src/compile';
import { UserError } from '../../../src/diagnostics';
import { writeFiles } from '../../helpers';

/** Writes a project folder (paths → contents; a trailing `/` makes an empty folder), with file modes, and compiles it. */
export function compileFiles(files: Record<string, string | Buffer>, modes: Record<string, number> = {}, options: { strict?: boolean } = {}): CompileResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-storage-'));
  try {
    writeFiles(dir, files);
    for (const [p, mode] of Object.entries(modes)) fs.chmodSync(path.join(dir, p), mode);
    return compile({ files: [], cwd: dir, environment: {}, ...options });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The errors of a project that does not compile ([] when it does). */
export function errorsOf(files: Record<string, string | Buffer>): string[] {
  try {
    compileFiles(files);
  } catch (e) {
    if (e instanceof UserError) return e.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.path}: ${d.message}`);
    throw e;
  }
  return [];
}

export const ofKind = (r: CompileResult, kind: string) => r.objects.filter((o) => o.kind === kind);
export const namesOf = (r: CompileResult, kind: string) => ofKind(r, kind).map((o) => o.metadata.name).sort();
