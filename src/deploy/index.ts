/**
 * up, ps and down: the project deployed to a cluster as one ApplySet. Loaded by the CLI only for
 * those commands (it brings the Kubernetes client).
 */
import { ClusterError, connect, messageOf } from './kube';
import { down } from './down';
import { DeployIo } from './io';
import { ps } from './ps';
import { up, UpInput } from './up';

export type { DeployIo } from './io';

export interface DeployRequest {
  readonly command: 'up' | 'ps' | 'down';
  readonly kubeconfig?: string;
  readonly context?: string;
  /** -n; else the context's namespace, else `default`. */
  readonly namespace?: string;
  readonly timeoutMs: number;
  readonly wait: boolean;
  readonly dryRun: boolean;
  readonly createSecrets: boolean;
  readonly pruneVolumes: boolean;
  readonly volumes: boolean;
  readonly secrets: boolean;
  readonly json: boolean;
  readonly version: string;
}

/** The compiled project (up needs it; ps and down only its name, which `-p NAME` alone gives). */
export type DeployInput = UpInput | { readonly name: string };

export async function runDeploy(r: DeployRequest, input: DeployInput, io: DeployIo): Promise<number> {
  try {
    const kube = connect({ ...(r.kubeconfig !== undefined ? { kubeconfig: r.kubeconfig } : {}), ...(r.context !== undefined ? { context: r.context } : {}) }, io.env);
    const namespace = r.namespace ?? kube.namespace;
    const project = 'name' in input ? input.name : input.model.project;
    if (r.command === 'ps') return await ps(kube, project, namespace, r.json, io);
    if (r.command === 'down') return await down(kube, project, namespace, { volumes: r.volumes, secrets: r.secrets, timeoutMs: r.timeoutMs, version: r.version }, io);
    if ('name' in input) throw new Error('up needs the compose project');
    return await up(kube, input, { namespace, timeoutMs: r.timeoutMs, wait: r.wait, dryRun: r.dryRun, createSecrets: r.createSecrets, pruneVolumes: r.pruneVolumes, version: r.version }, io);
  } catch (e) {
    if (e instanceof ClusterError) io.stderr(`error: ${e.message}\n`);
    else io.stderr(`error: ${r.command}: ${messageOf(e)}\n`);
    return 1;
  }
}
