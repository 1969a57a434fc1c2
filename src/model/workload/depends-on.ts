/**
 * `depends_on` as startup ordering: the gate init containers of a service (see gates.ts), the gates
 * the report lists, the notes on dependencies that need no wait, and the API access a Job gate needs.
 */
import { ComposeProject, ComposeService } from '../../compose';
import { Diagnostics } from '../../diagnostics';
import { ServiceX } from '../extensions';
import { migrationGate, TOKEN_VOLUME, waitForJob, waitForService } from './gates';
import { toDnsLabel, truncateName } from '../names';
import { FALLBACK_UID } from '../security';
import { Container, Gate, JobReader, PodVolume, ServiceExposure } from '../types';

/** Seconds the projected API token of a Job gate is valid (the kubelet renews it before then). */
const GATE_TOKEN_EXPIRATION_SECONDS = 3600;

export interface DependsOnContext {
  readonly project: ComposeProject;
  /** The compose name of the service, its service and its Kubernetes name. */
  readonly n: string;
  readonly service: ComposeService;
  readonly name: string;
  /** `x-k8s.migrationGate` of the service: wait for the schema instead of the migration Job. */
  readonly migrationGate: ServiceX['migrationGate'];
  /** The service's main container (a migration gate runs its image and env). */
  readonly main: Container;
  /** Kubernetes names of the compose services. */
  readonly names: ReadonlyMap<string, string>;
  /** Names of the Jobs planned so far (dependencies are planned first), by compose service. */
  readonly jobNames: ReadonlyMap<string, string>;
  /** Services planned so far, by compose service. */
  readonly exposures: ReadonlyMap<string, ServiceExposure>;
  /** Services others wait on until they complete. */
  readonly initJobs: ReadonlySet<string>;
  readonly gateImages: { readonly wait: string; readonly jobWait: string };
}

export interface DependsOnPlan {
  /** Gate init containers, in order of the dependencies' names. */
  readonly containers: Container[];
  readonly gates: Gate[];
  readonly notes: string[];
  /** The Role that lets the service's account read the Jobs it waits for (when it waits for one). */
  readonly jobReader?: JobReader;
  /** The API token volume of the Job gate (when it waits for a Job). */
  readonly tokenVolume?: PodVolume;
}

/**
 * Plans the gates of one service, dependencies in name order: `service_completed_successfully` waits
 * for the dependency's Job (or runs the migration gate once), `service_healthy` waits for its Service
 * (a warning when it has none), `service_started` and a dependency outside the project only give a note.
 */
export function planDependsOn(ctx: DependsOnContext, d: Diagnostics): DependsOnPlan {
  const { project, n, service: s, name, main } = ctx;
  const containers: Container[] = [];
  const waitJobs: string[] = [];
  const notes: string[] = [];
  const gates: Gate[] = [];
  // In code-unit order of the names (the default sort of strings).
  for (const dep of Object.keys(s.dependsOn).sort()) {
    const on = s.dependsOn[dep];
    if (!project.services[dep]) {
      notes.push(`depends_on ${dep} (required: false, not in the project): ignored`);
      continue;
    }
    if (on.condition === 'service_started') notes.push(`depends_on ${dep} (service_started): no wait; Kubernetes starts pods independently and restarts them until they work`);
    const depName = ctx.names.get(dep) ?? toDnsLabel(dep);
    if (on.condition === 'service_completed_successfully') {
      const job = ctx.jobNames.get(dep);
      if (job === undefined) continue;
      if (ctx.migrationGate) {
        if (!gates.some((g) => g.kind === 'schema')) containers.push(migrationGate(ctx.migrationGate.command, main));
        gates.push({ kind: 'schema', job });
      } else {
        containers.push(waitForJob(depName, job, ctx.gateImages.jobWait));
        gates.push({ kind: 'job', job });
        waitJobs.push(job);
      }
    } else if (on.condition === 'service_healthy') {
      const exp = ctx.exposures.get(dep);
      // A headless Service without ports (no port of it is known) gives the gate nothing to connect to.
      if (exp && exp.ports.length > 0) {
        containers.push(waitForService(depName, exp.ports[0].port, ctx.gateImages.wait));
        gates.push({ kind: 'service', service: depName, port: exp.ports[0].port });
      } else if (!ctx.initJobs.has(dep)) d.warn(s.source.file, `services.${n}.depends_on.${dep}`, `cannot wait for ${dep} to be healthy: no port of it is known; the pods start without waiting (declare the port it listens on with expose: on ${dep})`);
    }
  }
  if (waitJobs.length === 0) return { containers, gates, notes };
  return {
    containers,
    gates,
    notes,
    jobReader: { name: truncateName(`${name}-wait`), serviceAccount: name, jobNames: waitJobs.sort() },
    tokenVolume: { name: TOKEN_VOLUME, projectedServiceAccountToken: { expirationSeconds: GATE_TOKEN_EXPIRATION_SECONDS } },
  };
}

/**
 * In a pod that runs as root, the init containers on other images than the main one (the gates) run
 * as a non-root user of their own (FALLBACK_UID); otherwise the containers are returned unchanged.
 */
export function gatesAsNonRoot(initContainers: readonly Container[], main: Container, podRunsAsRoot: boolean): Container[] {
  if (!podRunsAsRoot) return [...initContainers];
  return initContainers.map((c) => (c.image !== main.image ? { ...c, securityContext: { ...c.securityContext, runAsUser: FALLBACK_UID, runAsGroup: FALLBACK_UID } } : c));
}
