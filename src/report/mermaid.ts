/**
 * A Mermaid flowchart of the application, rendered by GitHub and GitLab without tools: workloads
 * (shape by kind), the init order (a migration Job before the app, a database before its clients),
 * the compose networks that let services talk (one node per network, joined to its members), where
 * traffic enters (HTTPRoute, Ingress, LoadBalancer or NodePort Service), the claims they mount and
 * the Secrets they read. Its size grows linearly with the project.
 */
import { AppModel, Workload } from '../model/types';

/** A Mermaid node id: letters, digits and `_`, prefixed so that it never collides with a keyword. */
export function nodeId(prefix: string, name: string): string {
  return `${prefix}_${name.replace(/[^A-Za-z0-9]/g, '_')}`;
}

function label(text: string): string {
  return `"${text.replace(/"/g, '#quot;')}"`;
}

function workloadNode(w: Workload): string {
  const id = nodeId('w', w.name);
  const text = label(`${w.service}<br/>${w.kind}${w.name !== w.service ? ` ${w.name}` : ''}`);
  if (w.kind === 'StatefulSet') return `${id}[(${text})]`;
  if (w.kind === 'Job') return `${id}{{${text}}}`;
  if (w.kind === 'DaemonSet') return `${id}[[${text}]]`;
  return `${id}[${text}]`;
}

/** Where traffic from outside enters: an HTTPRoute, an Ingress or a LoadBalancer/NodePort Service, each a node with an edge to its service. */
function entryPoints(model: AppModel): string[] {
  const out: string[] = [];
  const entry = (id: string, text: string, to: string, edge?: string) =>
    out.push(`  ${id}([${label(text)}])`, `  ${id} -->${edge !== undefined ? `|${label(edge)}|` : ''} ${to}`);
  for (const w of model.workloads) {
    const to = nodeId('w', w.name);
    const r = w.route;
    if (r) entry(nodeId('route', r.name), `HTTPRoute ${r.name}<br/>${r.hostnames.join(', ')}<br/>gateway ${r.parent.namespace}/${r.parent.name}`, to, `port ${r.servicePort}`);
    if (w.ingress) entry(nodeId('ingress', w.service), `Ingress ${w.service}<br/>${w.ingress.hosts.join(', ')}`, to);
    const e = w.exposure;
    if (e && (e.type === 'LoadBalancer' || e.type === 'NodePort')) {
      const ports = e.ports.map((p) => (e.type === 'NodePort' ? (p.nodePort ?? 'assigned') : p.port)).join(', ');
      entry(nodeId('lb', w.service), `${e.type} ${w.service}<br/>${e.type === 'NodePort' ? 'node ports' : 'ports'} ${ports}`, to);
    }
  }
  return out;
}

export function mermaidDiagram(model: AppModel): string {
  const lines = ['flowchart LR'];
  for (const w of model.workloads) lines.push(`  ${workloadNode(w)}`);
  const byService = new Map(model.workloads.map((w) => [w.service, w]));
  // Init order, from the gates: "X --> Y" means X must be ready (or done) before Y starts.
  const edgeLabel = { service: 'ready before', job: 'completes before', schema: 'migrates before' } as const;
  for (const w of model.workloads) {
    for (const g of w.gates) {
      const from = g.kind === 'service' ? byService.get(g.service)?.name : g.job;
      if (from !== undefined) lines.push(`  ${nodeId('w', from)} -->|${label(edgeLabel[g.kind])}| ${nodeId('w', w.name)}`);
    }
  }
  // Each network is a node joined to its members: edges grow with memberships, not with pairs of services.
  const members = new Map<string, Workload[]>();
  for (const w of model.workloads) {
    for (const n of w.networks) {
      const list = members.get(n);
      if (list) list.push(w);
      else members.set(n, [w]);
    }
  }
  for (const n of [...members.keys()].sort()) {
    lines.push(`  ${nodeId('net', n)}((${label(`network ${n}`)}))`);
    for (const w of members.get(n)!) lines.push(`  ${nodeId('w', w.name)} --- ${nodeId('net', n)}`);
  }
  lines.push(...entryPoints(model));
  const claims = new Map<string, string>();
  for (const c of model.claims) claims.set(c.name, `${c.name} ${c.size}`);
  for (const w of model.workloads) {
    for (const t of w.claimTemplates) claims.set(`${w.name}/${t.name}`, `${t.name} ${t.size} per replica`);
  }
  for (const [key, text] of [...claims.entries()].sort()) lines.push(`  ${nodeId('pvc', key)}[/${label(text)}/]`);
  for (const w of model.workloads) {
    for (const v of w.pod.volumes) if ('persistentVolumeClaim' in v && claims.has(v.persistentVolumeClaim.claimName)) lines.push(`  ${nodeId('w', w.name)} --- ${nodeId('pvc', v.persistentVolumeClaim.claimName)}`);
    for (const t of w.claimTemplates) lines.push(`  ${nodeId('w', w.name)} --- ${nodeId('pvc', `${w.name}/${t.name}`)}`);
  }
  for (const s of model.secrets) {
    lines.push(`  ${nodeId('secret', s.name)}>${label(`Secret ${s.name}`)}]`);
    for (const u of s.usedBy) lines.push(`  ${nodeId('secret', s.name)} -.-> ${nodeId('w', u)}`);
  }
  return `${lines.join('\n')}\n`;
}
