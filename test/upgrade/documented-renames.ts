/**
 * The claims that leave with storage identity (issue 24), as the README documents them: the table
 * of its section "Upgrading from the release before storage identity", parsed here so that the
 * README and storage-identity-pairs.test.ts cannot disagree.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../helpers';

/** One row: the claim a mount used before, and what that mount uses now. */
export interface DocumentedRename {
  /** The project folder, relative to the repository. */
  readonly project: string;
  /** The bind source, as the output's README storage table names it (`./data/db`). */
  readonly source: string;
  /** "service path" of every mount of the old claim. */
  readonly mounts: readonly string[];
  /** The old claim. */
  readonly before: string;
  /** What those mounts use now: "PersistentVolumeClaim/NAME" or "Secret/NAME". */
  readonly now: string;
}

const SECTION = '### Upgrading from the release before storage identity';
const HEADER = '| project | source | mounted by (service: path) | claim before | now |';
const CODE = /^`([^`]+)`$/;
const NOW: Readonly<Record<string, string>> = { claim: 'PersistentVolumeClaim', Secret: 'Secret', ConfigMap: 'ConfigMap' };

function code(cell: string, what: string, line: string): string {
  const m = CODE.exec(cell);
  if (!m) throw new Error(`README: ${what} of "${line}" is not one \`name\`: ${cell}`);
  return m[1];
}

/** The table's rows; throws on a row it cannot read (a broken table must fail the test, not shrink it). */
export function documentedRenames(readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')): DocumentedRename[] {
  const start = readme.indexOf(SECTION);
  if (start < 0) throw new Error(`README: no section "${SECTION}"`);
  const section = readme.slice(start, readme.indexOf('\n## ', start));
  const lines = section.split('\n');
  const header = lines.indexOf(HEADER);
  if (header < 0) throw new Error(`README: the section "${SECTION}" has no table "${HEADER}"`);
  const rows: DocumentedRename[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    if (cells.length !== 5) throw new Error(`README: "${line}" has ${cells.length} cells, expected 5`);
    const mounts = cells[2].split(/<br>|, /).map((m) => {
      const x = /^([a-z0-9-]+): `([^`]+)`$/.exec(m.trim());
      if (!x) throw new Error(`README: mount "${m}" of "${line}" is not "service: \`path\`"`);
      return `${x[1]} ${x[2]}`;
    });
    const now = /^(claim|Secret|ConfigMap) `([^`]+)`$/.exec(cells[4]);
    if (!now) throw new Error(`README: "now" of "${line}" is not "claim|Secret|ConfigMap \`name\`": ${cells[4]}`);
    rows.push({ project: code(cells[0], 'the project', line), source: code(cells[1], 'the source', line), mounts, before: code(cells[3], 'the claim before', line), now: `${NOW[now[1]]}/${now[2]}` });
  }
  if (rows.length === 0) throw new Error(`README: the table "${HEADER}" has no rows`);
  return rows;
}
