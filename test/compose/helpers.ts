/** Test helpers: write a compose project to a fresh temporary folder and load it. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadProject } from '../../src/compose';
import type { ComposeProject, ComposeService, LoadOptions } from '../../src/compose/types';
import { UserError, formatDiagnostic, type Diagnostic } from '../../src/diagnostics';

/** Writes `files` (relative path → text) into a new temporary folder and returns the folder. */
export function writeProject(files: Readonly<Record<string, string>>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-test-'));
  for (const [name, text] of Object.entries(files)) {
    const p = path.join(dir, name);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  }
  return dir;
}

/**
 * Leaves out the project-name warning: every temporary folder without `name:` gets it (its own
 * tests in project-name.test.ts assert it).
 */
function notFolderName(d: Diagnostic): boolean {
  return d.code !== 'project-name';
}

export interface Loaded {
  readonly project: ComposeProject;
  /** Warnings formatted as the CLI prints them. */
  readonly warnings: string[];
  readonly dir: string;
}

/**
 * Loads a project written with {@link writeProject}. `files` defaults to `['compose.yaml']`
 * when that file is given, the environment to `{}` (tests never see the real environment).
 */
export function load(files: Readonly<Record<string, string>>, options: Partial<LoadOptions> = {}): Loaded {
  const dir = writeProject(files);
  const result = loadProject({
    files: 'compose.yaml' in files && options.files === undefined ? ['compose.yaml'] : [],
    environment: {},
    ...options,
    cwd: options.cwd === undefined ? dir : path.resolve(dir, options.cwd),
  });
  return { project: result.project, warnings: result.warnings.filter(notFolderName).map(formatDiagnostic), dir };
}

/** Loads a single compose.yaml and returns one service. */
export function service(yaml: string, name: string, options: Partial<LoadOptions> = {}): ComposeService {
  return load({ 'compose.yaml': yaml }, options).project.services[name];
}

/** The diagnostics (formatted) of a load that must fail. */
export function failure(files: Readonly<Record<string, string>>, options: Partial<LoadOptions> = {}): string[] {
  try {
    load(files, options);
  } catch (e) {
    if (e instanceof UserError) return e.diagnostics.filter(notFolderName).map(formatDiagnostic);
    throw e;
  }
  throw new Error('expected the load to fail');
}

/** The error lines only. */
export function errors(files: Readonly<Record<string, string>>, options: Partial<LoadOptions> = {}): string[] {
  return failure(files, options).filter((l) => l.startsWith('error: '));
}
