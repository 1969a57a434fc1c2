/**
 * Every project the conformance suite compares: the examples, the valid fixtures, the test/corpus
 * projects (each from its folder with compose's default file lookup: `compose.yaml` or
 * `docker-compose.yml`, plus the override file next to it), the deviation fixtures, and the
 * generated projects (written to a temporary folder).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { ConformanceCase, GeneratedProject } from './case';

const REPO = path.resolve(__dirname, '..', '..');
const MAIN_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];
const OVERRIDES: Record<string, string[]> = {
  'compose.yaml': ['compose.override.yaml', 'compose.override.yml'],
  'compose.yml': ['compose.override.yml', 'compose.override.yaml'],
  'docker-compose.yaml': ['docker-compose.override.yaml', 'docker-compose.override.yml'],
  'docker-compose.yml': ['docker-compose.override.yml', 'docker-compose.override.yaml'],
};

/** The case of a project folder, as `docker compose` run there would read it: the main file and its override. */
export function folderCase(name: string, dir: string, extra: Partial<ConformanceCase> = {}): ConformanceCase | undefined {
  const main = MAIN_NAMES.find((f) => fs.existsSync(path.join(dir, f)));
  if (main === undefined) return undefined;
  const override = OVERRIDES[main].find((f) => fs.existsSync(path.join(dir, f)));
  return { name, cwd: dir, files: override ? [main, override] : [main], env: {}, ...extra };
}

function foldersOf(parent: string, prefix: string): ConformanceCase[] {
  if (!fs.existsSync(parent)) return [];
  return fs
    .readdirSync(parent, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .flatMap((n) => folderCase(`${prefix}/${n}`, path.join(parent, n)) ?? []);
}

/** Examples, valid fixtures and corpus projects in the repository. */
export function repositoryCases(): ConformanceCase[] {
  return [
    ...foldersOf(path.join(REPO, 'examples'), 'example'),
    ...foldersOf(path.join(REPO, 'test', 'fixtures', 'valid'), 'fixture'),
    ...foldersOf(path.join(REPO, 'test', 'corpus'), 'corpus'),
    ...foldersOf(path.join(REPO, 'test', 'conformance', 'fixtures'), 'deviation'),
  ];
}

/** Writes a generated project into `root/<name>` and returns its case. */
export function writeGenerated(root: string, name: string, p: GeneratedProject): ConformanceCase {
  const dir = path.join(root, name);
  for (const [file, content] of Object.entries(p.files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  return {
    name: `generated/${name}`,
    cwd: dir,
    files: p.composeFiles,
    env: p.env,
    ...(p.envFiles ? { envFiles: p.envFiles } : {}),
    ...(p.profiles ? { profiles: p.profiles } : {}),
    ...(p.projectName !== undefined ? { projectName: p.projectName } : {}),
  };
}
