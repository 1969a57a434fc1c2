/**
 * Which services other services use by name, and on which ports: compose lets every member of a
 * network reach another by its name, its aliases and its links, on every port, declared or not. A
 * use is found in `depends_on`, `links`, environment values, `command`, `entrypoint`, and the text
 * files bind-mounted into the consumer (host-uses.ts says what counts as a use of a name as a host).
 * Secret values are never read: a secret variable is a reference here, never its value.
 */
import * as path from 'path';
import { ComposeProject, ComposeService, Template } from '../../compose';
import { isInside, readBindSourceOnce } from '../storage';
import { HostOccurrence, hostOccurrences, isHostVariable } from './host-uses';

/** One use of a service by name. */
export interface NameUse {
  /** The compose service that uses it. */
  readonly consumer: string;
  /** The compose service used. */
  readonly target: string;
  /** The name used: the service's name, an alias, or a link alias. */
  readonly name: string;
  /** The port used with it, when one is written (or implied by a URL's scheme). */
  readonly port?: number;
  /** Where, for the report: `environment DATABASE_URL`, `file ./nginx/default.conf`, `depends_on`, `links`. Never a value. */
  readonly where: string;
}

/** Stands for a secret reference inside a scanned text: not a host character, so a name never spans it. */
export const SECRET_MARK = '\u0001';

/** The text of a template, secret references replaced by SECRET_MARK (their values are never read). */
export function templateText(t: Template): string {
  if (t.length === 1 && typeof t[0] === 'string') return t[0];
  return t.map((p) => (typeof p === 'string' ? p : SECRET_MARK)).join('');
}

/** Services compose creates containers for (a `provider:` service runs a plugin instead). */
export function runsContainer(s: ComposeService): boolean {
  return !s.keys.includes('provider');
}

/** Every name a service answers to on its networks: network aliases, and the link aliases others give it. */
export function namesOf(project: ComposeProject): Map<string, Set<string>> {
  const targets = new Map<string, Set<string>>();
  const add = (name: string, target: string) => targets.set(name, (targets.get(name) ?? new Set()).add(target));
  for (const [n, s] of Object.entries(project.services)) {
    if (!runsContainer(s)) continue;
    add(n, n);
    for (const net of Object.values(s.networks)) for (const a of net.aliases) add(a, n);
  }
  for (const s of Object.values(project.services)) for (const l of s.links) if (project.services[l.service]) add(l.alias, l.service);
  return targets;
}

/**
 * The text files bind-mounted into a service from inside the project folder (what becomes
 * ConfigMap content), binaries left out; a source that cannot be read is skipped here (the storage
 * plan reports it).
 */
export function mountedTexts(project: ComposeProject, s: ComposeService): { file: string; text: string }[] {
  const projectDir = project.workingDir;
  const out: { file: string; text: string }[] = [];
  for (const m of s.volumes) {
    if (m.type !== 'bind' || !isInside(m.source, projectDir)) continue;
    let src: ReturnType<typeof readBindSourceOnce>;
    try {
      src = readBindSourceOnce(project, m.source);
    } catch {
      continue;
    }
    if (src.kind !== 'files') continue;
    for (const f of src.files) {
      if (f.text === undefined) continue;
      out.push({ file: src.isFile ? m.sourceAsWritten : path.posix.join(m.sourceAsWritten, f.rel), text: f.text });
    }
  }
  return out;
}

/**
 * Every use of one service by another, sorted by target, consumer and place. A name claimed by
 * several services (an alias two services declare) is a use of each of them: both need to be reachable
 * until the user settles it (aliases.ts reports the conflict).
 */
export function planUses(project: ComposeProject): NameUse[] {
  const names = namesOf(project);
  const nameSet = new Set(names.keys());
  const uses: NameUse[] = [];
  let consumer = '';
  const found = (name: string, where: string, port?: number) => {
    const targets = names.get(name);
    if (targets === undefined) return;
    for (const target of targets) if (target !== consumer) uses.push(port !== undefined ? { consumer, target, name, port, where } : { consumer, target, name, where });
  };
  // The hits of each distinct text, found once (one map for whole host values, one for other
  // texts): services repeat values (`LOG_LEVEL: info`, the URL of a shared database), and finding
  // the hits walks the whole text. The lists are only read.
  const hitsByText = [new Map<string, HostOccurrence[]>(), new Map<string, HostOccurrence[]>()];
  // The place (`kind` or `kind detail`) is named only when a use is found there.
  const scan = (text: string, kind: string, detail: string | undefined, whole = false) => {
    const known = hitsByText[whole ? 1 : 0];
    let hits = known.get(text);
    if (hits === undefined) known.set(text, (hits = hostOccurrences(text, nameSet, whole)));
    if (hits.length === 0) return;
    const at = detail === undefined ? kind : `${kind} ${detail}`;
    for (const o of hits) found(o.name, at, o.port);
  };
  for (const [n, s] of Object.entries(project.services)) {
    if (!runsContainer(s)) continue;
    consumer = n;
    for (const dep of Object.keys(s.dependsOn)) if (s.dependsOn[dep].condition !== 'service_completed_successfully') found(dep, 'depends_on');
    for (const l of s.links) found(l.alias, 'links');
    for (const e of s.environment) if (e.value !== null) scan(templateText(e.value), 'environment', e.name, isHostVariable(e.name));
    for (const w of s.command ?? []) scan(templateText(w), 'command', undefined);
    for (const w of s.entrypoint ?? []) scan(templateText(w), 'entrypoint', undefined);
    for (const f of mountedTexts(project, s)) scan(f.text, 'file', f.file);
  }
  // Sorted by target, consumer, place, name and port (as text), each use once.
  uses.sort(compareUses);
  return uses.filter((u, i) => i === 0 || compareUses(uses[i - 1], u) !== 0);
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
function compareUses(a: NameUse, b: NameUse): number {
  // Ports compare as text (80 after 5432); equal ones need no text.
  return cmp(a.target, b.target) || cmp(a.consumer, b.consumer) || cmp(a.where, b.where) || cmp(a.name, b.name) || (a.port === b.port ? 0 : cmp(`${a.port ?? ''}`, `${b.port ?? ''}`));
}
