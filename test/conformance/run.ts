/**
 * Compares one case: our front end (in-process, `readProject`) and the reference
 * (`docker-compose config --format json`), both with exactly the case's environment.
 */
import { readProject } from '../../src/compose';
import { formatDiagnostic } from '../../src/diagnostics';
import type { ConformanceCase } from './case';
import { compare, type Comparable, type Difference } from './compare/comparable';
import { oursComparable } from './compare/ours';
import { theirsComparable } from './compare/theirs';
import { SECRET_NOT_RESOLVED, SECRET_OUTSIDE_REFERENCES, UNSET_SECRET_NOT_AN_ERROR } from './deviations';
import { runReference } from './reference';

/** What compose is given for an unset secret variable it refuses (our front end never reads it). */
export const SECRET_PLACEHOLDER = 'conformance-placeholder';

export interface CaseResult {
  readonly name: string;
  readonly differences: Difference[];
  readonly fields: number;
  /** Deviation id → where it showed (paths, or `variables.NAME`). */
  readonly deviations: Map<string, string[]>;
  readonly ours?: Comparable;
  readonly theirs?: Comparable;
}

function ourRead(c: ConformanceCase): { project?: ReturnType<typeof oursComparable>; secretVariables: readonly string[]; errors: string[] } {
  const r = readProject({
    files: c.files,
    cwd: c.cwd,
    environment: c.env,
    ...(c.envFiles ? { envFiles: c.envFiles } : {}),
    ...(c.profiles ? { profiles: c.profiles } : {}),
    ...(c.projectName !== undefined ? { projectName: c.projectName } : {}),
  });
  const errors = r.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
  return { ...(r.project && errors.length === 0 ? { project: oursComparable(r.project) } : {}), secretVariables: r.project?.secretVariables ?? [], errors };
}

const MISSING = /required variable (\S+) is missing a value/;
/** Our error for a secret variable where no Secret reference can go (src/compose SECRET_PLACES). */
const SECRET_PLACE = /: secret variable \S+ cannot be used here; secret variables are allowed in /;

export async function compareCase(binary: string, c: ConformanceCase): Promise<CaseResult> {
  const ours = ourRead(c);
  const deviations = new Map<string, string[]>();
  const note = (id: string, where: string) => deviations.set(id, [...(deviations.get(id) ?? []), where]);
  const placeholders: Record<string, string> = {};
  let theirs = await runReference(binary, c);
  // An unset secret `${X:?msg}`: compose refuses, we do not (deliberately). Give compose a value.
  for (let i = 0; i < 20 && theirs.error !== undefined && ours.project; i++) {
    const m = MISSING.exec(theirs.error);
    if (!m || !ours.secretVariables.includes(m[1]) || placeholders[m[1]] !== undefined) break;
    placeholders[m[1]] = SECRET_PLACEHOLDER;
    note(UNSET_SECRET_NOT_AN_ERROR, `variables.${m[1]}`);
    theirs = await runReference(binary, c, placeholders);
  }
  const base = { name: c.name, deviations };
  if (!ours.project && theirs.json !== undefined && ours.errors.length > 0 && ours.errors.every((e) => SECRET_PLACE.test(e))) {
    for (const e of ours.errors) note(SECRET_OUTSIDE_REFERENCES, e);
    return { ...base, fields: 1, differences: [] };
  }
  if (!ours.project || theirs.json === undefined) {
    const oursText = ours.project ? 'loaded' : `refused: ${ours.errors.join(' | ') || 'no project'}`;
    const theirsText = theirs.json !== undefined ? 'loaded' : `refused: ${theirs.error}`;
    const same = !ours.project && theirs.json === undefined;
    return { ...base, fields: 1, differences: same ? [] : [{ path: '(load)', ours: oursText, compose: theirsText }], ...(ours.project ? { ours: ours.project } : {}) };
  }
  const theirsForm = theirsComparable(theirs.json);
  const result = compare(ours.project, theirsForm);
  for (const p of result.secretMatches) note(SECRET_NOT_RESOLVED, p);
  return { ...base, differences: result.differences, fields: result.fields, ours: ours.project, theirs: theirsForm };
}

/** `services.web.ports[0].published` → `services.*.ports[*].published`: the field a path belongs to. */
export function fieldOf(path: string): string {
  return path
    .replace(/^(services|volumes|networks|secrets|configs)\.("[^"]*"|[^.[]+)/, '$1.*')
    .replace(/\[\d+\]/g, '[*]')
    .replace(/\.(environment|labels|args|driver_opts|depends_on|networks)\.("[^"]*"|[^.[]+)/g, '.$1.*');
}
