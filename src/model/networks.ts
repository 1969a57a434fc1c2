/**
 * NetworkPolicies from compose networks (DESIGN: one per compose network, so their number grows with
 * networks, not with pairs of services):
 * - `<project>-default`: every pod of the project (selected by `app.kubernetes.io/part-of`, never
 *   `podSelector: {}`, which would also cut off other pods of the namespace) gets no ingress except
 *   what another policy allows, and all egress (DNS, the API server for gates, external services);
 * - `<project>-net-<network>`: pods on that compose network accept traffic from each other on the
 *   ports the members declare (the implicit `default` network included);
 * - `<workload>-published`: ports that compose publishes on the host (and ports behind an Ingress)
 *   accept traffic from anywhere, or only from the ingress controller's namespace when top-level
 *   `x-k8s.ingressNamespace` names it.
 */
import { toDnsLabel, truncateName } from './names';
import { ContainerPort, NetworkPolicyModel, Workload } from './types';

/** Label key that marks a pod as a member of a compose network. */
export function networkLabel(network: string): string {
  return `network.cdk8s-compose.io/${toDnsLabel(network)}`;
}

function portsOf(list: readonly ContainerPort[]): { port: number; protocol: ContainerPort['protocol'] }[] {
  const seen = new Map<string, { port: number; protocol: ContainerPort['protocol'] }>();
  for (const p of list) seen.set(`${p.protocol}/${p.containerPort}`, { port: p.containerPort, protocol: p.protocol });
  return [...seen.values()].sort((a, b) => a.port - b.port || (a.protocol < b.protocol ? -1 : 1));
}

export function planNetworkPolicies(project: string, workloads: readonly Workload[], ingressNamespace?: string): NetworkPolicyModel[] {
  const partOf = { 'app.kubernetes.io/part-of': project };
  const policies: NetworkPolicyModel[] = [
    { name: truncateName(`${project}-default`), podSelector: partOf, ingress: [], allowAllEgress: true, origin: 'default deny ingress for the project' },
  ];
  const networks = [...new Set(workloads.flatMap((w) => w.networks))].sort();
  for (const n of networks) {
    const members = workloads.filter((w) => w.networks.includes(n));
    const ports = portsOf(members.flatMap((w) => w.pod.containers.flatMap((c) => c.ports)));
    if (ports.length === 0) continue;
    const label = { ...partOf, [networkLabel(n)]: 'true' };
    policies.push({
      name: truncateName(`${project}-net-${toDnsLabel(n)}`),
      podSelector: label,
      ingress: [{ from: [label], ports }],
      allowAllEgress: false,
      origin: `compose network ${n}`,
    });
  }
  for (const w of workloads) {
    if (w.publishedPorts.length === 0) continue;
    policies.push({
      name: truncateName(`${w.service}-published`),
      podSelector: { ...partOf, 'app.kubernetes.io/name': w.service, 'app.kubernetes.io/component': w.component },
      ingress: [
        {
          ...(ingressNamespace !== undefined ? { fromNamespaces: [{ 'kubernetes.io/metadata.name': ingressNamespace }] } : {}),
          ports: portsOf(w.publishedPorts),
        },
      ],
      allowAllEgress: false,
      origin: `published ports of ${w.service}`,
    });
  }
  return policies;
}
