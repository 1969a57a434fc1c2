/**
 * "Needs your attention": the warnings that carry an attention code (src/attention.ts), grouped by
 * the compose service they are about (warnings about the whole project first). Listed at the top
 * of the output's README.md and in the `--report` JSON; `--strict` turns each into an error.
 */
import * as path from 'path';
import { Diagnostic, formatLocation } from '../diagnostics';

export interface AttentionItem {
  readonly code: string;
  /** `FILE: PATH: message`, the file without its folders (the report is committed). */
  readonly text: string;
}

export interface AttentionGroup {
  /** The compose service, or undefined for the project as a whole. */
  readonly service?: string;
  readonly items: readonly AttentionItem[];
}

/** `FILE: PATH: message`, the file without its folders: a warning as the report shows it. */
export function reportText(w: Diagnostic): string {
  return formatLocation({ file: w.file !== undefined ? path.basename(w.file) : undefined, path: w.path, message: w.message });
}

/**
 * Coded warnings grouped by service: the project first, then services by name; items sorted.
 * `texts`: reportText of each warning, when the caller has made them already.
 */
export function attentionGroups(warnings: readonly Diagnostic[], texts: readonly string[] = warnings.map(reportText)): AttentionGroup[] {
  const groups = new Map<string, AttentionItem[]>();
  warnings.forEach((w, i) => {
    if (w.severity !== 'warning' || w.code === undefined) return;
    const key = w.service ?? '';
    const item = { code: w.code, text: texts[i] };
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  });
  return [...groups.keys()]
    .sort()
    .map((k) => ({
      ...(k === '' ? {} : { service: k }),
      items: (groups.get(k) ?? []).sort((a, b) => (a.code + a.text < b.code + b.text ? -1 : 1)),
    }));
}

/** The Markdown section (empty when nothing needs attention). */
export function attentionMarkdown(groups: readonly AttentionGroup[]): string[] {
  if (groups.length === 0) return [];
  const count = groups.reduce((n, g) => n + g.items.length, 0);
  const out = [
    '## Needs your attention',
    '',
    `${count} item${count === 1 ? '' : 's'} to fix before production (\`--strict\` refuses ${count === 1 ? 'it' : 'them'}):`,
    '',
  ];
  for (const g of groups) {
    out.push(`### ${g.service !== undefined ? `Service \`${g.service}\`` : 'The project'}`, '');
    for (const i of g.items) out.push(`- **${i.code}**: ${i.text.replace(/\|/g, '\\|')}`);
    out.push('');
  }
  return out;
}
