/** The report as a terminal table (stderr), as Markdown (the output folder's README.md) and as JSON. */
import { attentionMarkdown } from './attention';
import { reachMarkdown } from './reach';
import { ProjectInputs } from '../compose';
import { ConversionReport } from './report';
import { plural } from '../diagnostics';
import { fileNameOf } from '../output/render';

/** One line each: the compose files, env files and profiles read, and the services left out by profiles. */
export function inputLines(i: ProjectInputs, code: (t: string) => string = (t) => t): string[] {
  const main = i.composeFiles.find((f) => f.role === 'main')?.file;
  const file = (f: ProjectInputs['composeFiles'][number]) =>
    f.role === 'override'
      ? `${code(f.file)} (override file, read automatically${main !== undefined ? `; -f ${main} leaves it out` : ''})`
      : f.role === 'merged'
        ? `${code(f.file)} (merged over the files before it)`
        : f.role === 'extends' || f.role === 'include'
          ? `${code(f.file)} (${f.role})`
          : code(f.file);
  const env = (e: ProjectInputs['envFiles'][number]) => (e.usedBy.length === 0 ? `${code(e.file)} (variables)` : `${code(e.file)} (env_file of ${e.usedBy.join(', ')})`);
  return [
    `compose files: ${i.composeFiles.map(file).join(', ')}`,
    `env files: ${i.envFiles.length > 0 ? i.envFiles.map(env).join(', ') : 'none'}`,
    `profiles: ${i.profiles.length > 0 ? i.profiles.map(code).join(', ') : 'none enabled'}`,
    ...(i.leftOut.length > 0
      ? [`left out by profiles (enable one with --profile): ${i.leftOut.map((s) => `${code(s.service)} (profiles: ${s.profiles.join(', ')})`).join(', ')}`]
      : []),
  ];
}

const BOLD = (t: string, color: boolean) => (color ? `\u001b[1m${t}\u001b[0m` : t);
const DIM = (t: string, color: boolean) => (color ? `\u001b[2m${t}\u001b[0m` : t);
const YELLOW = (t: string, color: boolean) => (color ? `\u001b[33m${t}\u001b[0m` : t);

/** Above this many services, `synth` prints one line of counts instead of a row per service (README.md has the rows). */
export const TABLE_MAX_SERVICES = 20;

/** One row per service (its objects, host access, kind), or one line of counts for a large project. */
function serviceLines(r: ConversionReport, color: boolean): string[] {
  if (r.services.length > TABLE_MAX_SERVICES) {
    const kinds = new Map<string, number>();
    for (const s of r.services) kinds.set(s.kind, (kinds.get(s.kind) ?? 0) + 1);
    const host = r.services.filter((s) => s.podSecurity);
    return [
      `${r.services.length} services: ${[...kinds].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => plural(n, k)).join(', ')} (README.md lists each service and its objects)`,
      ...(host.length > 0 ? [YELLOW(`host access (x-k8s.podSecurity): ${host.map((s) => `${s.service} (${s.podSecurity})`).join(', ')}`, color)] : []),
    ];
  }
  const width = Math.max(7, ...r.services.map((s) => s.service.length));
  const lines = [BOLD(`${'service'.padEnd(width)}  objects`, color)];
  for (const s of r.services) {
    lines.push(`${s.service.padEnd(width)}  ${s.objects.join(', ')}`);
    if (s.podSecurity) lines.push(YELLOW(`${''.padEnd(width)}  host access: Pod Security ${s.podSecurity} (x-k8s.podSecurity)`, color));
    lines.push(DIM(`${''.padEnd(width)}  ${s.notes[0]}`, color));
  }
  return lines;
}

/** The short summary `synth` prints at the end; colors only when `color` (a TTY). */
export function reportTable(r: ConversionReport, color: boolean): string {
  const lines = [...(r.inputs ? inputLines(r.inputs) : []), ...serviceLines(r, color)];
  if (r.reach.length > 0) {
    lines.push(BOLD('how traffic gets in', color));
    for (const l of r.reach) lines.push(`  ${l.service}, ${l.port}: ${l.how}`);
  }
  if (r.secrets.length > 0) {
    lines.push(BOLD(`secrets (${r.secretProvider})`, color));
    for (const s of r.secrets) lines.push(`  ${s.name}: ${s.keys.map((k) => `${k.key}${k.required ? '' : ' (optional)'}`).join(', ')}`);
  }
  const access = podSecuritySentence(r);
  if (access) lines.push(YELLOW(access.replace(/`/g, ''), color));
  const notTranslated = r.warnings.filter((w) => w.includes('not translated'));
  const attention = r.attention.reduce((n, g) => n + g.items.length, 0);
  if (attention > 0) lines.push(YELLOW(`${attention} warning${attention === 1 ? '' : 's'} need${attention === 1 ? 's' : ''} attention before production (README.md: "Needs your attention"; --strict refuses ${attention === 1 ? 'it' : 'them'})`, color));
  if (notTranslated.length > 0) lines.push(YELLOW(`${notTranslated.length} compose key${notTranslated.length === 1 ? '' : 's'} not translated (see the warnings above)`, color));
  return `${lines.join('\n')}\n`;
}

/** What the namespace must allow when a service opted in to host access; undefined for restricted. */
export function podSecuritySentence(r: ConversionReport): string | undefined {
  if (r.podSecurity === 'restricted') return undefined;
  const asking = r.services.filter((s) => s.podSecurity === r.podSecurity).map((s) => s.service);
  const who = `${asking.join(', ')} ${asking.length === 1 ? 'asks' : 'ask'} for host access with x-k8s.podSecurity: ${r.podSecurity}`;
  return r.namespace !== undefined
    ? `The Namespace \`${r.namespace}\` enforces Pod Security \`${r.podSecurity}\` (label \`pod-security.kubernetes.io/enforce: ${r.podSecurity}\`): ${who}.`
    : `The namespace these manifests go to needs the label \`pod-security.kubernetes.io/enforce: ${r.podSecurity}\` (or no enforce label): ${who}.`;
}

export function reportMarkdown(r: ConversionReport, diagram: string): string {
  const out = [
    `# ${r.project}: Kubernetes manifests`,
    '',
    'Generated by cdk8s-compose from the compose file; edit the compose file and synthesize again.',
    r.namespace !== undefined
      ? `Apply in this order on an empty cluster: the namespace (\`kubectl apply -f ${fileNameOf({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: r.namespace } })}\`), the Secrets in SECRETS.md (namespace \`${r.namespace}\`), then everything (\`kubectl apply -k .\`).`
      : 'Apply with `kubectl apply -k .` after creating the Secrets in SECRETS.md.',
    ...(r.inputs ? ['', '## What was read', '', ...inputLines(r.inputs, (t) => `\`${t}\``).map((l) => `- ${l}`)] : []),
    ...(podSecuritySentence(r) !== undefined ? ['', `**Host access.** ${podSecuritySentence(r)}`] : []),
    '',
    ...attentionMarkdown(r.attention),
    '## The application',
    '',
    '```mermaid',
    diagram.trimEnd(),
    '```',
    '',
    '## Services',
    '',
    '| compose service | Kubernetes objects | how |',
    '|---|---|---|',
  ];
  for (const s of r.services) {
    const name = `${s.composeName !== s.service ? `${s.composeName} (as ${s.service})` : s.service}${s.podSecurity ? ` (Pod Security ${s.podSecurity})` : ''}`;
    out.push(`| ${name} | ${s.objects.map((o) => `\`${o}\``).join('<br>')} | ${s.notes.map((n) => n.replace(/\|/g, '\\|')).join('<br>')} |`);
  }
  out.push('', ...reachMarkdown(r.reach, r.gateways, r.namespace));
  out.push('', '## Secrets', '');
  if (r.secrets.length === 0) out.push('None.');
  for (const s of r.secrets) out.push(`- \`${s.name}\` (${r.secretProvider}): ${s.keys.map((k) => `\`${k.key}\`${k.required ? '' : ' (optional)'}`).join(', ')}`);
  out.push('', '## Not translated or approximated', '');
  if (r.warnings.length === 0) out.push('Nothing: every compose key was translated.');
  for (const w of r.warnings) out.push(`- ${w.replace(/\|/g, '\\|')}`);
  return `${out.join('\n')}\n`;
}

export function reportJson(r: ConversionReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}
