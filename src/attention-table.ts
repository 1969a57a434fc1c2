/** The Markdown table of src/attention.ts that the README shows (scripts/update-readme-help.js writes it). */
import { ATTENTION } from './attention';

export function attentionTable(): string {
  const rows = Object.entries(ATTENTION).map(([code, what]) => `| \`${code}\` | ${what.replace(/\|/g, '\\|')} |`);
  return ['| code | needs attention when there is |', '|---|---|', ...rows].join('\n');
}
