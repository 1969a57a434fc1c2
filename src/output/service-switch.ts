/**
 * Services that switch between headless (`clusterIP: None`) and ClusterIP from the output already in
 * the folder to the new one. The API server refuses ClusterIP → None (`spec.clusterIP` is immutable)
 * and silently keeps None the other way, so such a Service must be replaced: `kubectl delete service
 * NAME` before applying. Neither `kubectl apply` nor an upgrade check of the objects' fields sees it
 * ahead of time; this compares the two outputs.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadAll } from 'js-yaml';

export interface ServiceSwitch {
  readonly name: string;
  readonly namespace?: string;
  readonly from: 'headless' | 'ClusterIP';
  readonly to: 'headless' | 'ClusterIP';
  /** The command that replaces it, run before applying the new output. */
  readonly command: string;
}

interface ServiceDoc {
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly spec?: { readonly clusterIP?: string; readonly type?: string };
}

/** Service key (`namespace/name`) → headless, from manifest texts (file name → YAML). */
function services(files: ReadonlyMap<string, string>): Map<string, { name: string; namespace?: string; headless: boolean }> {
  const out = new Map<string, { name: string; namespace?: string; headless: boolean }>();
  for (const [file, text] of files) {
    // Only files that can hold a Service are parsed: parsing every manifest of a large output costs more than the rest of this check.
    if (!/\.ya?ml$/.test(file) || file === 'kustomization.yaml' || !/kind["']?\s*:\s*["']?Service["']?\s*(?:[,}\r\n]|$)/.test(text)) continue;
    let docs: unknown[];
    try {
      docs = loadAll(text);
    } catch {
      continue;
    }
    for (const d of docs as ServiceDoc[]) {
      if (d?.kind !== 'Service' || !d.metadata?.name) continue;
      if (d.spec?.type !== undefined && d.spec.type !== 'ClusterIP') continue;
      out.set(`${d.metadata.namespace ?? ''}/${d.metadata.name}`, { name: d.metadata.name, ...(d.metadata.namespace ? { namespace: d.metadata.namespace } : {}), headless: d.spec?.clusterIP === 'None' });
    }
  }
  return out;
}

/** The Services that are headless in one output and ClusterIP in the other, sorted by name. */
export function serviceSwitches(previous: ReadonlyMap<string, string>, next: ReadonlyMap<string, string>): ServiceSwitch[] {
  const before = services(previous);
  const out: ServiceSwitch[] = [];
  if (before.size === 0) return out;
  for (const [key, now] of services(next)) {
    const was = before.get(key);
    if (!was || was.headless === now.headless) continue;
    const kind = (h: boolean) => (h ? ('headless' as const) : ('ClusterIP' as const));
    out.push({
      name: now.name,
      ...(now.namespace ? { namespace: now.namespace } : {}),
      from: kind(was.headless),
      to: kind(now.headless),
      command: `kubectl delete service ${now.name}${now.namespace ? ` -n ${now.namespace}` : ''}`,
    });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The manifest files of an output folder (file name → text); empty when there is none. */
export function readManifests(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return out;
  for (const f of fs.readdirSync(dir).sort()) if (/\.ya?ml$/.test(f) && fs.statSync(path.join(dir, f)).isFile()) out.set(f, fs.readFileSync(path.join(dir, f), 'utf8'));
  return out;
}

/** One line per switch, for stderr and the output README. */
export function switchLine(s: ServiceSwitch): string {
  return `Service ${s.name} changes from ${s.from} to ${s.to}: the API server cannot update that in place (${s.from === 'ClusterIP' ? 'it refuses clusterIP: None on an existing Service' : 'it silently keeps clusterIP: None'}); run \`${s.command}\` before applying this output`;
}

/** The output files with a "Before applying this version" section in README.md naming each switch. */
export function withSwitches(files: ReadonlyMap<string, string>, switches: readonly ServiceSwitch[]): Map<string, string> {
  const out = new Map(files);
  const readme = out.get('README.md');
  if (switches.length > 0 && readme !== undefined) {
    out.set('README.md', `${readme.trimEnd()}\n\n## Before applying this version\n\n${switches.map((s) => `- ${switchLine(s)}.`).join('\n')}\n`);
  }
  return out;
}
