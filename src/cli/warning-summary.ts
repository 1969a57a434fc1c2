/**
 * The warnings of a successful run as a person reads them on a terminal: warnings of one kind (the
 * same message once the quoted values are set aside, the same attention code) become one line that
 * names the services (or volumes, secrets …) they are about, the ones that need attention first. A
 * kind with one warning is printed exactly as it was. Nothing is lost: the output's README.md and
 * `--report` hold every warning in full, and each line carries its attention code when it has one.
 */
import { ATTENTION } from '../attention';
import { Diagnostic, formatDiagnostic, formatLocation } from '../diagnostics';

/** The parts of a message that name one case: a quoted value (`"tracker-data"`), an absolute path, a number (with its unit). */
const VARIABLE = /"(?:[^"\\]|\\.)*"|(?<![\w.-])\/[\w./-]*|(?<![\w.-])\d+(?:\.\d+)*[a-zA-Z]*(?![\w-])/g;

/** `"…"` for a quoted value, `…` for the others. */
const elided = (part: string) => (part.startsWith('"') ? '"…"' : '…');

/** The top-level sections a path names a subject in, and the noun for several of them. */
const SECTIONS: Readonly<Record<string, string>> = { services: 'services', volumes: 'volumes', secrets: 'secrets', configs: 'configs', networks: 'networks' };

/** What one warning is about: its section's noun and the name (`services`, `web`), or nothing for the project. */
function subjectOf(d: Diagnostic): { readonly noun: string; readonly name: string } | undefined {
  if (d.service !== undefined) return { noun: 'services', name: d.service };
  const m = d.path !== undefined ? /^([a-z]+)\.((?:[^.[\]]|\.(?![a-z_]+(?:\.|\[|$)))+)/.exec(d.path) : null;
  if (m === null || SECTIONS[m[1]] === undefined) return undefined;
  return { noun: SECTIONS[m[1]], name: m[2] };
}

export interface WarningGroup {
  readonly code?: string;
  readonly items: readonly Diagnostic[];
}

/** The key of a warning's kind: its code and its message with every quoted value replaced. */
function kindOf(d: Diagnostic): string {
  return `${d.code ?? ''}\u0000${d.message.replace(VARIABLE, elided)}`;
}

/** Warnings grouped by kind; attention codes first (in the table's order), then the largest groups; first-seen order otherwise. */
export function groupWarnings(warnings: readonly Diagnostic[]): WarningGroup[] {
  const groups = new Map<string, Diagnostic[]>();
  for (const w of warnings) {
    const k = kindOf(w);
    const list = groups.get(k);
    if (list) list.push(w);
    else groups.set(k, [w]);
  }
  const order = Object.keys(ATTENTION);
  const rank = (g: Diagnostic[]) => (g[0].code !== undefined ? order.indexOf(g[0].code) : order.length);
  return [...groups.values()]
    .map((items, i) => ({ items, i }))
    .sort((a, b) => rank(a.items) - rank(b.items) || b.items.length - a.items.length || a.i - b.i)
    .map(({ items }) => ({ ...(items[0].code !== undefined ? { code: items[0].code } : {}), items }));
}

/** The message of a group: the values that differ between its warnings become `"…"` (or `…`). */
function sharedMessage(items: readonly Diagnostic[]): string {
  const values = items.map((d) => d.message.match(VARIABLE) ?? []);
  let slot = 0;
  return items[0].message.replace(VARIABLE, (q) => {
    const i = slot++;
    return values.every((v) => v[i] === q) ? q : elided(q);
  });
}

/** `27 services (a, b, c)`, `2 volumes (x, y)`: who a group is about, each name once. */
function whom(items: readonly Diagnostic[]): string | undefined {
  const subjects = items.map(subjectOf);
  if (subjects.some((s) => s === undefined)) return undefined;
  const nouns = new Set(subjects.map((s) => s!.noun));
  const names = [...new Set(subjects.map((s) => s!.name))];
  const noun = nouns.size === 1 ? [...nouns][0] : 'places';
  return `${names.length} ${names.length === 1 ? noun.replace(/s$/, '') : noun} (${names.join(', ')})`;
}

/** One line for a group: the warning itself when it is alone, else `warning: FILE: N services (a, b): message [code]`. */
export function groupLine(g: WarningGroup): string {
  const tag = g.code !== undefined ? ` [${g.code}]` : '';
  if (g.items.length === 1) return `${formatDiagnostic(g.items[0])}${tag}`;
  const files = new Set(g.items.map((d) => d.file));
  const file = files.size === 1 ? g.items[0].file : undefined;
  const who = whom(g.items) ?? `${g.items.length} places`;
  return `warning: ${formatLocation({ file, path: who, message: sharedMessage(g.items) })}${tag}`;
}

/** The summary lines (no trailing newline each) of `warnings`; `where` names the documents that list them in full. */
export function warningSummary(warnings: readonly Diagnostic[], where: string | undefined): string[] {
  const groups = groupWarnings(warnings);
  const lines = groups.map(groupLine);
  if (where !== undefined && groups.length < warnings.length) lines.push(`(${warnings.length} warnings in ${groups.length} lines; ${where} lists each one)`);
  return lines;
}
