/**
 * NetworkPolicies from compose networks (DESIGN: one per compose network, so their number grows with
 * networks, not with pairs of services):
 * - `<project>-default`: every pod of the project (selected by `app.kubernetes.io/part-of`, never
 *   `podSelector: {}`, which would also cut off other pods of the namespace) gets no ingress except
 *   what another policy allows;
 * - `<project>-egress`: all egress (DNS, the API server for gates, external services) for every pod
 *   of the project except those of services with `x-k8s.egress`, which get `<service>-egress`: DNS,
 *   the ports of the services they share a network with, the CIDRs listed, and the API server when
 *   a gate polls a Job;
 * - `<project>-net-<network>`: pods on that compose network accept traffic from each other on the
 *   ports the members declare (the implicit `default` network included);
 * - `<workload>-published`: ports that compose publishes on the host (and ports behind an Ingress)
 *   accept traffic from anywhere, or only from the ingress controller's namespace when top-level
 *   `x-k8s.ingressNamespace` names it; the port behind an HTTPRoute accepts traffic from anywhere, or
 *   only from the gateway's namespace when `x-k8s.gatewayNamespace` names it.
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

/** Pod label of workloads whose egress is restricted (x-k8s.egress). */
export const EGRESS_RESTRICTED_LABEL = 'egress.cdk8s-compose.io/restricted';
/** DNS, which every restricted pod keeps. */
const DNS_PORTS = [
  { port: 53, protocol: 'UDP' as const },
  { port: 53, protocol: 'TCP' as const },
];
/** The API server, for pods whose gate polls a Job (its address is cluster-specific: any address on these ports). */
const API_SERVER_PORTS = [
  { port: 443, protocol: 'TCP' as const },
  { port: 6443, protocol: 'TCP' as const },
];

export function planNetworkPolicies(project: string, workloads: readonly Workload[], ingressNamespace?: string): NetworkPolicyModel[] {
  const partOf = { 'app.kubernetes.io/part-of': project };
  const policies: NetworkPolicyModel[] = [
    { name: truncateName(`${project}-default`), podSelector: partOf, policyTypes: ['Ingress'], ingress: [], origin: 'default deny ingress for the project' },
    {
      name: truncateName(`${project}-egress`),
      podSelector: partOf,
      podSelectorWithout: [EGRESS_RESTRICTED_LABEL],
      policyTypes: ['Egress'],
      ingress: [],
      egress: [{}],
      origin: 'egress allowed for the project (except services with x-k8s.egress)',
    },
  ];
  const networks = [...new Set(workloads.flatMap((w) => w.networks))].sort();
  const networkPorts = new Map<string, ReturnType<typeof portsOf>>();
  for (const n of networks) {
    const members = workloads.filter((w) => w.networks.includes(n));
    const ports = portsOf(members.flatMap((w) => w.pod.containers.flatMap((c) => c.ports)));
    networkPorts.set(n, ports);
    if (ports.length === 0) continue;
    const label = { ...partOf, [networkLabel(n)]: 'true' };
    policies.push({
      name: truncateName(`${project}-net-${toDnsLabel(n)}`),
      podSelector: label,
      policyTypes: ['Ingress'],
      ingress: [{ from: [label], ports }],
      origin: `compose network ${n}`,
    });
  }
  for (const w of workloads) {
    if (w.publishedPorts.length > 0) {
      // The routed port admits the gateway's namespace (x-k8s.gatewayNamespace) or, without it, any source.
      const routed = w.publishedPorts.filter((p) => p.name === w.route?.portName);
      const others = w.publishedPorts.filter((p) => p.name !== w.route?.portName);
      const from = (ns: string | undefined) => (ns !== undefined ? { fromNamespaces: [{ 'kubernetes.io/metadata.name': ns }] } : {});
      policies.push({
        name: truncateName(`${w.service}-published`),
        podSelector: { ...partOf, 'app.kubernetes.io/name': w.service, 'app.kubernetes.io/component': w.component },
        policyTypes: ['Ingress'],
        ingress: [
          ...(others.length > 0 ? [{ ...from(ingressNamespace), ports: portsOf(others) }] : []),
          ...(routed.length > 0 ? [{ ...from(w.route?.gatewayNamespace), ports: portsOf(routed) }] : []),
        ],
        origin: `published ports of ${w.service}`,
      });
    }
    if (w.egress) {
      const pollsApi = w.pod.volumes.some((v) => 'projectedServiceAccountToken' in v);
      policies.push({
        name: truncateName(`${w.service}-egress`),
        podSelector: { ...partOf, 'app.kubernetes.io/name': w.service, 'app.kubernetes.io/component': w.component },
        policyTypes: ['Egress'],
        ingress: [],
        egress: [
          { ports: DNS_PORTS },
          ...w.networks
            .filter((n) => (networkPorts.get(n) ?? []).length > 0)
            .map((n) => ({ toPods: [{ ...partOf, [networkLabel(n)]: 'true' }], ports: networkPorts.get(n) })),
          ...(w.egress.cidrs.length > 0 ? [{ toCidrs: w.egress.cidrs }] : []),
          ...(pollsApi ? [{ ports: API_SERVER_PORTS }] : []),
        ],
        origin: `x-k8s.egress of ${w.service}`,
      });
    }
  }
  return policies;
}
