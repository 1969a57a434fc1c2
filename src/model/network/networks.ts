/**
 * NetworkPolicies from compose networks (DESIGN: one per compose network, so their number grows with
 * networks, not with pairs of services):
 * - `<project>-default`: every pod of the project (selected by `app.kubernetes.io/part-of`, never
 *   `podSelector: {}`, which would also cut off other pods of the namespace) gets no ingress except
 *   what another policy allows;
 * - `<project>-egress`: all egress (DNS, the API server for gates, external services) for every pod
 *   of the project except those of services with `x-k8s.egress`, which get `<service>-egress`: DNS,
 *   every port of the services they share a network with, the CIDRs listed, and the API server when
 *   a gate polls a Job;
 * - `<project>-net-<network>`: pods on that compose network accept traffic from each other on every
 *   port, as under compose, declared or not (the implicit `default` network included);
 * - `<workload>-published`: ports that compose publishes on the host (and ports behind an Ingress)
 *   accept traffic from anywhere, or only from the ingress controller's namespace when top-level
 *   `x-k8s.ingressNamespace` names it; the port behind an HTTPRoute accepts traffic from anywhere, or
 *   only from the gateway's namespace when `x-k8s.gatewayNamespace` names it; except the published
 *   ports of a database, cache or queue (compose publishes them for local tools): those stay
 *   reachable only inside the project unless the service asks for `x-k8s.serviceType: LoadBalancer`
 *   or `NodePort` (publishedStaysInside).
 */
import { ComposeService } from '../../compose';
import { Diagnostics } from '../../diagnostics';
import { toDnsLabel, truncateName } from '../names';
import { remembered } from '../remembered';
import { workloadSelector } from './selectors';
import { ContainerPort, NetworkPolicyModel, Workload } from '../types';

/** Label key that marks a pod as a member of a compose network. */
export const networkLabel: (network: string) => string = remembered((network: string) => `network.cdk8s-compose.io/${toDnsLabel(network)}`);

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

/** Components whose published ports stay reachable only from the project's own pods. */
const INSIDE_ONLY: ReadonlySet<Workload['component']> = new Set(['database', 'cache', 'queue']);

/**
 * True when a workload's published ports get no policy of their own (they stay reachable only from
 * the pods of the project): a database, cache or queue whose Service is not a LoadBalancer or NodePort
 * and that has no Ingress (each of those asks for traffic from outside).
 */
export function publishedStaysInside(w: Pick<Workload, 'component' | 'exposure' | 'ingress'>): boolean {
  return INSIDE_ONLY.has(w.component) && w.exposure?.type !== 'LoadBalancer' && w.exposure?.type !== 'NodePort' && w.ingress === undefined;
}

/** The warning for published ports that publishedStaysInside keeps inside the project: why, and how to open them. */
export function warnPublishedInside(s: ComposeService, component: Workload['component'], name: string, published: readonly ContainerPort[], d: Diagnostics): void {
  const shown = s.ports
    .filter((q) => q.published !== undefined && published.some((p) => p.containerPort === q.target))
    .map((q) => `${q.published}:${q.target}`);
  const first = s.ports.find((q) => q.published !== undefined && published.some((p) => p.containerPort === q.target));
  d.warn(
    s.source.file,
    `services.${s.name}.ports`,
    `published port${shown.length > 1 ? 's' : ''} ${shown.join(', ')} of a ${component} stay${shown.length > 1 ? '' : 's'} reachable only from the project's pods (compose publishes ${shown.length > 1 ? 'them' : 'it'} for tools on the host: use kubectl port-forward service/${name} ${first!.published}:${first!.target}); to accept connections from outside the project, set x-k8s.serviceType: LoadBalancer (or NodePort) on the service`,
  );
}

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
  // Inside a compose network every member reaches every other on every port, declared or not: no port list.
  const networks = [...new Set(workloads.flatMap((w) => w.networks))].sort();
  for (const n of networks) {
    const label = { ...partOf, [networkLabel(n)]: 'true' };
    policies.push({
      name: truncateName(`${project}-net-${toDnsLabel(n)}`),
      podSelector: label,
      policyTypes: ['Ingress'],
      ingress: [{ from: [label], ports: [] }],
      origin: `compose network ${n}`,
    });
  }
  for (const w of workloads) {
    if (w.publishedPorts.length > 0 && !publishedStaysInside(w)) {
      // The routed port admits the gateway's namespace (x-k8s.gatewayNamespace) or, without it, any source.
      const routed = w.publishedPorts.filter((p) => p.name === w.route?.portName);
      const others = w.publishedPorts.filter((p) => p.name !== w.route?.portName);
      const from = (ns: string | undefined) => (ns !== undefined ? { fromNamespaces: [{ 'kubernetes.io/metadata.name': ns }] } : {});
      policies.push({
        name: truncateName(`${w.service}-published`),
        podSelector: workloadSelector(project, w.service),
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
        podSelector: workloadSelector(project, w.service),
        policyTypes: ['Egress'],
        ingress: [],
        egress: [
          { ports: DNS_PORTS },
          ...w.networks.map((n) => ({ toPods: [{ ...partOf, [networkLabel(n)]: 'true' }] })),
          ...(w.egress.cidrs.length > 0 ? [{ toCidrs: w.egress.cidrs }] : []),
          ...(pollsApi ? [{ ports: API_SERVER_PORTS }] : []),
        ],
        origin: `x-k8s.egress of ${w.service}`,
      });
    }
  }
  return policies;
}
