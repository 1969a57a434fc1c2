/** The conversion report and the Mermaid diagram, for every example. */
import { compileExample, EXAMPLES } from '../helpers';

const ID = '[A-Za-z][A-Za-z0-9_]*';
const LABEL = '"[^"]*"';
const NODE = new RegExp(`^  (${ID})(\\[${LABEL}\\]|\\[\\(${LABEL}\\)\\]|\\{\\{${LABEL}\\}\\}|\\[\\[${LABEL}\\]\\]|\\(\\(${LABEL}\\)\\)|\\[/${LABEL}/\\]|>${LABEL}\\]|\\(\\[${LABEL}\\]\\))$`);
const EDGE = new RegExp(`^  (${ID}) (-->\\|${LABEL}\\||-->|---|-\\.->) (${ID})$`);

/** A strict reading of the flowchart subset we write: every line a node or an edge, edges between declared nodes. */
function parseFlowchart(text: string): { nodes: Map<string, string>; edges: [string, string][] } {
  const lines = text.trimEnd().split('\n');
  expect(lines[0]).toBe('flowchart LR');
  const nodes = new Map<string, string>();
  const edges: [string, string][] = [];
  for (const line of lines.slice(1)) {
    const n = NODE.exec(line);
    if (n) {
      expect(nodes.has(n[1])).toBe(false);
      nodes.set(n[1], n[2]);
      continue;
    }
    const e = EDGE.exec(line);
    if (!e) throw new Error(`not a node or an edge: ${JSON.stringify(line)}`);
    edges.push([e[1], e[3]]);
  }
  for (const [a, b] of edges) expect([a, nodes.has(a), b, nodes.has(b)]).toEqual([a, true, b, true]);
  return { nodes, edges };
}

describe.each(EXAMPLES)('%s', (name) => {
  const r = compileExample(name);

  test('the diagram is a valid flowchart with every service, network, claim and Secret', () => {
    const { nodes, edges } = parseFlowchart(r.diagram);
    const labels = [...nodes.values()].join('\n');
    for (const w of r.model.workloads) expect(labels).toContain(`"${w.service}<br/>${w.kind}`);
    for (const n of new Set(r.model.workloads.flatMap((w) => w.networks))) expect(labels).toContain(`"network ${n}"`);
    for (const s of r.model.secrets) expect(labels).toContain(`"Secret ${s.name}"`);
    for (const c of r.model.claims) expect(labels).toContain(`"${c.name} ${c.size}"`);
    // Every gate appears as an edge into the gated workload.
    for (const w of r.model.workloads) {
      const into = edges.filter(([, b]) => b === `w_${w.name.replace(/[^A-Za-z0-9]/g, '_')}`).length;
      const gates = w.pod.initContainers.length;
      if (gates > 0) expect(into).toBeGreaterThan(0);
    }
  });

  test('the report lists every service, its objects and the Secrets; README.md carries it with the diagram', () => {
    expect(r.report.services.map((s) => s.service).sort()).toEqual(r.model.workloads.map((w) => w.service).sort());
    for (const s of r.report.services) {
      expect(s.objects).toContain(`${s.kind}/${s.workload}`);
      expect(s.objects).toContain(`ServiceAccount/${s.service}`);
      for (const o of s.objects) expect(r.objects.some((x) => `${x.kind}/${x.metadata.name}` === o)).toBe(true);
    }
    expect(r.report.secrets.map((s) => s.name)).toEqual(r.model.secrets.map((s) => s.name));
    const readme = r.files.get('README.md')!;
    expect(readme).toContain(`\`\`\`mermaid\n${r.diagram}\`\`\``);
    for (const s of r.report.services) expect(readme).toContain(`| ${s.composeName === s.service ? s.service : `${s.composeName} (as ${s.service})`} |`);
    expect(readme).not.toMatch(/\/work\/|\/tmp\//); // no machine paths in committed files
  });
});

test('seed report: the backend\'s translation in words', () => {
  const r = compileExample('seed');
  const backend = r.report.services.find((s) => s.service === 'backend')!;
  expect(backend.objects).toEqual(['Deployment/backend', 'PersistentVolumeClaim/derived-data', 'PersistentVolumeClaim/vendor-data', 'Service/backend', 'ServiceAccount/backend']);
  expect(backend.notes).toContain('probes: readiness httpGet /health on http every 30s; liveness TCP http every 30s; startup window 120s');
  expect(backend.notes).toContain('starts after: db to accept connections, the schema (x-k8s.migrationGate)');
  expect(r.report.secretProvider).toBe('external-secrets'); // chosen in the example's x-k8s
});
