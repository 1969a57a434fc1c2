/** What `depends_on` says about the services: the order to plan them in and the role of each dependency. */
import { ComposeProject } from '../../compose';

/** Services in dependency order (dependencies first), ties by name. */
export function dependencyOrder(project: ComposeProject): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (n: string): void => {
    if (seen.has(n) || !project.services[n]) return;
    seen.add(n);
    for (const dep of Object.keys(project.services[n].dependsOn).sort()) visit(dep);
    out.push(n);
  };
  for (const n of Object.keys(project.services).sort()) visit(n);
  return out;
}

export interface DependencyRoles {
  /** Services others wait on until they complete (`service_completed_successfully`): init Jobs. */
  readonly initJobs: ReadonlySet<string>;
  /** Services others depend on in any other way: they are reached (and so need a port). */
  readonly reached: ReadonlySet<string>;
}

/** The role of every service named in a `depends_on` (including ones not in the project). */
export function dependencyRoles(project: ComposeProject): DependencyRoles {
  const initJobs = new Set<string>();
  const reached = new Set<string>();
  for (const s of Object.values(project.services)) {
    for (const [dep, on] of Object.entries(s.dependsOn)) {
      if (on.condition === 'service_completed_successfully') initJobs.add(dep);
      else reached.add(dep);
    }
  }
  return { initJobs, reached };
}
