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

type ServiceEntry = { name: string; namespace?: string; headless: boolean };

/** Adds a ClusterIP Service (headless or not) of `docs` to `out`, keyed `namespace/name`. */
function addServices(out: Map<string, ServiceEntry>, docs: readonly unknown[]): void {
  for (const d of docs as ServiceDoc[]) {
    if (d?.kind !== 'Service' || !d.metadata?.name) continue;
    if (d.spec?.type !== undefined && d.spec.type !== 'ClusterIP') continue;
    out.set(`${d.metadata.namespace ?? ''}/${d.metadata.name}`, { name: d.metadata.name, ...(d.metadata.namespace ? { namespace: d.metadata.namespace } : {}), headless: d.spec?.clusterIP === 'None' });
  }
}

/**
 * Service key (`namespace/name`) → headless, from manifest texts (file name → YAML), leaving out
 * the files `same` holds with the very same text: their Services are the same in both outputs.
 */
function services(files: ReadonlyMap<string, string>, same?: ReadonlyMap<string, string>): Map<string, ServiceEntry> {
  const out = new Map<string, ServiceEntry>();
  for (const [file, text] of files) {
    if (same?.get(file) === text) continue;
    // Only files that can hold a Service are parsed: parsing every manifest of a large output costs more than the rest of this check.
    if (!/\.ya?ml$/.test(file) || file === 'kustomization.yaml' || !/kind["']?\s*:\s*["']?Service["']?\s*(?:[,}\r\n]|$)/.test(text)) continue;
    let docs: unknown[];
    try {
      docs = loadAll(text);
    } catch {
      continue;
    }
    addServices(out, docs);
  }
  return out;
}

/**
 * The Services that are headless in the previous output (its files) and ClusterIP in the next (its
 * objects, and the files written from them when given), or the other way; sorted by name.
 */
export function serviceSwitches(previous: ReadonlyMap<string, string>, next: readonly unknown[], nextFiles?: ReadonlyMap<string, string>): ServiceSwitch[] {
  // A file written again with the same text cannot hold a switch: only the others are parsed.
  const before = services(previous, nextFiles);
  const out: ServiceSwitch[] = [];
  if (before.size === 0) return out;
  // The new output's objects as they are: the files written from them would only be parsed back.
  const after = new Map<string, ServiceEntry>();
  addServices(after, next);
  for (const [key, now] of after) {
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
  // The entries' types come with the listing: a stat only for a link (it may point at a file).
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (!/\.ya?ml$/.test(e.name)) continue;
    const file = path.join(dir, e.name);
    if (e.isFile() || (e.isSymbolicLink() && fs.statSync(file).isFile())) out.set(e.name, fs.readFileSync(file, 'utf8'));
  }
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
