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

/** Coded warnings grouped by service: the project first, then services by name; items sorted. */
export function attentionGroups(warnings: readonly Diagnostic[]): AttentionGroup[] {
  const groups = new Map<string, AttentionItem[]>();
  for (const w of warnings) {
    if (w.severity !== 'warning' || w.code === undefined) continue;
    const text = formatLocation({ ...w, file: w.file !== undefined ? path.basename(w.file) : undefined });
    const key = w.service ?? '';
    groups.set(key, [...(groups.get(key) ?? []), { code: w.code, text }]);
  }
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
