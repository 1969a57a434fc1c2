/**
 * How traffic gets in: one line per port compose publishes (with the published number compose used),
 * and per port behind a route or an Ingress that compose does not publish; the Gateways the routes
 * attach to, with the `allowedRoutes` a listener needs to accept them.
 */
import { AppModel, Workload } from '../model/types';
import { DATA_COMPONENTS } from '../model/network';

export interface ReachLine {
  readonly service: string;
  /** `published port 8080`, `published port 27015/UDP`, or `port 8000 (not published)`. */
  readonly port: string;
  readonly how: string;
}

export interface GatewayUse {
  /** `NAMESPACE/NAME`. */
  readonly gateway: string;
  /** Listeners the routes name (sectionName); empty: every listener. */
  readonly listeners: readonly string[];
  readonly routes: readonly string[];
}

/** Text for the hosts and path of a route or an Ingress: `shop.example.com`, `shop.example.com/api`. */
function hostsText(hosts: readonly string[], path: string): string {
  return hosts.map((h) => (path === '/' ? h : `${h}${path}`)).join(', ');
}

/** How the container port `portName` of `w` is reached from outside the cluster, or undefined when it is not. */
function entryOf(w: Workload, portName: string | undefined): string | undefined {
  const r = w.route;
  if (r && r.portName === portName) {
    const listener = r.parent.sectionName !== undefined ? `, listener ${r.parent.sectionName}` : '';
    const narrow = r.gatewayNamespace === undefined ? "; its NetworkPolicy admits any source: set x-k8s.gatewayNamespace to the namespace of the gateway's data plane to admit only that" : '';
    return `reached through HTTPRoute ${r.name} (gateway ${r.parent.namespace}/${r.parent.name}${listener}, ${hostsText(r.hostnames, r.path)})${narrow}`;
  }
  const i = w.ingress;
  if (i && i.servicePort === portName) return `reached through Ingress ${w.service} (${i.className !== undefined ? `class ${i.className}, ` : ''}${hostsText(i.hosts, i.path)})`;
  const e = w.exposure;
  const sp = e?.ports.find((p) => p.targetPort === portName);
  if (e && sp && e.type === 'LoadBalancer') return `reached through LoadBalancer Service ${w.service} on port ${sp.port}`;
  if (e && sp && e.type === 'NodePort') {
    return `reached through NodePort Service ${w.service} on ${sp.nodePort !== undefined ? `node port ${sp.nodePort}` : 'a node port the cluster assigns (kubectl get service ' + w.service + ')'}`;
  }
  return undefined;
}

/** One line per published port, then the routed or Ingress ports compose does not publish. */
export function reachLines(model: AppModel): ReachLine[] {
  const out: ReachLine[] = [];
  for (const w of model.workloads) {
    const c = w.pod.containers[0];
    const nameOf = (port: number, protocol: string) => c.ports.find((p) => p.containerPort === port && p.protocol === protocol)?.name;
    const covered = new Set<string>();
    for (const p of w.published) {
      const portName = nameOf(p.containerPort, p.protocol);
      if (portName !== undefined) covered.add(portName);
      const port = `published port ${p.published}${p.protocol === 'TCP' ? '' : `/${p.protocol}`}`;
      const sp = w.exposure?.ports.find((q) => q.targetPort === portName);
      const entry = entryOf(w, portName);
      let how: string;
      if (entry !== undefined) how = entry;
      else if (DATA_COMPONENTS.has(w.component)) {
        how = `only inside the cluster: a ${w.component} port, which compose publishes for local tools; from your machine: kubectl port-forward service/${w.service} ${p.published}:${sp?.port ?? p.containerPort}`;
      } else if (p.carries === 'other') how = 'only inside the cluster: it does not carry HTTP, so no route or Ingress fits; add x-k8s.serviceType: LoadBalancer';
      else how = 'only inside the cluster: add x-k8s.route, x-k8s.ingress or x-k8s.serviceType: LoadBalancer';
      out.push({ service: w.service, port, how });
    }
    for (const portName of [w.route?.portName, w.ingress?.servicePort]) {
      if (portName === undefined || covered.has(portName)) continue;
      covered.add(portName);
      const target = c.ports.find((p) => p.name === portName)?.containerPort;
      const how = entryOf(w, portName);
      if (how !== undefined) out.push({ service: w.service, port: `port ${target ?? portName} (not published)`, how });
    }
  }
  return out;
}

/** The Gateways the routes attach to, sorted. */
export function gatewaysOf(model: AppModel): GatewayUse[] {
  const by = new Map<string, { listeners: Set<string>; routes: string[] }>();
  for (const w of model.workloads) {
    const r = w.route;
    if (!r) continue;
    const key = `${r.parent.namespace}/${r.parent.name}`;
    const g = by.get(key) ?? { listeners: new Set<string>(), routes: [] };
    if (r.parent.sectionName !== undefined) g.listeners.add(r.parent.sectionName);
    g.routes.push(r.name);
    by.set(key, g);
  }
  return [...by.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([gateway, g]) => ({ gateway, listeners: [...g.listeners].sort(), routes: g.routes.sort() }));
}

/** The Markdown section "How traffic gets in" of the output README. */
export function reachMarkdown(lines: readonly ReachLine[], gateways: readonly GatewayUse[], namespace: string | undefined): string[] {
  const out = ['## How traffic gets in', ''];
  if (lines.length === 0) out.push('No service publishes a port: the application is reached only inside the cluster.');
  else out.push('| service | port | how it is reached |', '|---|---|---|', ...lines.map((l) => `| ${l.service} | ${l.port} | ${l.how.replace(/\|/g, '\\|')} |`));
  for (const g of gateways) {
    const ns = namespace ?? 'NAMESPACE';
    out.push(
      '',
      `${g.routes.length === 1 ? `HTTPRoute ${g.routes[0]} attaches` : `The HTTPRoutes ${g.routes.join(', ')} attach`} to Gateway \`${g.gateway}\`${g.listeners.length > 0 ? ` (listener${g.listeners.length === 1 ? '' : 's'} ${g.listeners.join(', ')})` : ''}. ` +
        `A Gateway listener accepts routes from its own namespace only, unless its \`allowedRoutes\` admits the namespace of these routes${namespace === undefined ? ' (NAMESPACE: the one you apply this folder to)' : ''}:`,
      '',
      '```yaml',
      'spec:',
      '  listeners:',
      ...(g.listeners.length > 0 ? g.listeners : ['LISTENER']).flatMap((l) => [
        `    - name: ${l}`,
        '      allowedRoutes:',
        '        namespaces:',
        '          from: Selector',
        '          selector:',
        `            matchLabels: {kubernetes.io/metadata.name: ${ns}}`,
      ]),
      '```',
    );
  }
  return out;
}
