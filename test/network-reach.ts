/**
 * Compose reachability, checked on an output: for every use of one service by another (found by
 * the model's own reading, or planted by a test), the name resolves to a Service selecting the
 * target's pods, the port used is one of the Service's ports (or the Service is headless), and the
 * NetworkPolicies (test/network-policy.ts) let the consumer's pods in on that port and on every port
 * of the Service; a pod of another namespace gets in only on ports published to more than the host.
 */
import { CompileResult } from '../src/compile';
import { isDnsLabel, toDnsLabel } from '../src/model/names';
import { isLoopback } from '../src/model/network';
import { ingressAllowed, podIn, podLabels, selects } from './network-policy';
import { Any } from './helpers';

export interface PlantedUse {
  readonly consumer: string;
  readonly target: string;
  /** The name the consumer uses: the target's name, an alias or a link alias. */
  readonly name: string;
  readonly port?: number;
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job']);

function workloadOf(r: CompileResult, composeName: string): Any | undefined {
  const dns = toDnsLabel(composeName);
  return r.objects.find((o: Any) => WORKLOADS.has(o.kind) && o.metadata.labels?.['app.kubernetes.io/name'] === dns) as Any;
}

/** Every problem with the uses on this output (empty when compose's reachability holds). */
export function reachProblems(r: CompileResult, uses: readonly PlantedUse[]): string[] {
  const problems: string[] = [];
  for (const u of uses) {
    const what = `${u.consumer} → ${u.name}${u.port !== undefined ? `:${u.port}` : ''} (${u.target})`;
    const consumer = workloadOf(r, u.consumer);
    const target = workloadOf(r, u.target);
    if (!consumer || !target || target.kind === 'Job') continue;
    const serviceName = u.name === u.target ? toDnsLabel(u.name) : u.name;
    if (!isDnsLabel(serviceName)) continue; // an alias that cannot be a Service name: an attention item
    const svc = r.objects.find((o: Any) => o.kind === 'Service' && o.metadata.name === serviceName) as Any;
    if (!svc) {
      problems.push(`${what}: no Service ${serviceName}`);
      continue;
    }
    if (!selects({ matchLabels: svc.spec.selector }, podLabels(target))) problems.push(`${what}: Service ${serviceName} does not select the pods of ${u.target}`);
    const headless = svc.spec.clusterIP === 'None';
    const containerPorts = target.spec.template.spec.containers.flatMap((c: Any) => c.ports ?? []);
    const servicePorts: number[] = (svc.spec.ports ?? []).map((p: Any) => {
      const cp = containerPorts.find((c: Any) => c.name === p.targetPort || c.containerPort === p.targetPort);
      if (!cp) problems.push(`${what}: Service port ${p.name} is no container port`);
      return p.port;
    });
    if (u.port !== undefined && !headless && !servicePorts.includes(u.port)) problems.push(`${what}: Service ${serviceName} does not list port ${u.port}`);
    const ports = [...new Set([...(u.port !== undefined ? [u.port] : []), ...servicePorts])];
    const composeTarget = r.project.services[u.target];
    for (const port of ports) {
      if (!ingressAllowed(r, podLabels(consumer), target, port)) problems.push(`${what}: the NetworkPolicies block ${u.consumer} on port ${port}`);
      const published = composeTarget.ports.some((p) => p.target === port && p.published !== undefined && !isLoopback(p.hostIp));
      const foreign = ingressAllowed(r, podIn('elsewhere'), target, port);
      if (foreign && !published) problems.push(`${what}: a pod of another namespace reaches port ${port}, which compose does not publish beyond the host`);
    }
  }
  return problems;
}
