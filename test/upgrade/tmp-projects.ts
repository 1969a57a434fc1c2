/** Small projects written into a temporary folder for the tests of one file (removed after them). */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compile, CompileResult } from '../../src/compile';
import { writeFiles } from '../helpers';

export interface TmpProjects {
  /** Writes `files` into a new folder named `name` (the project name when compose gives none); returns the folder. */
  write(files: Record<string, string>, name?: string): string;
  /** Writes the project and compiles it (default file lookup, no environment). */
  compile(files: Record<string, string>, name?: string): CompileResult;
}

/** Registers beforeAll/afterAll hooks that make and remove the temporary folder. */
export function tmpProjects(prefix: string): TmpProjects {
  let tmp = '';
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const write = (files: Record<string, string>, name = 'app'): string => {
    const dir = path.join(fs.mkdtempSync(path.join(tmp, 'p-')), name);
    writeFiles(dir, files);
    return dir;
  };
  return { write, compile: (files, name) => compile({ files: [], cwd: write(files, name), environment: {} }) };
}
