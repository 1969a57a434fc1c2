/**
 * Marks that interpolation leaves inside strings, so that references to secret variables and the
 * names of the variables a value came from survive merging and extends as ordinary strings:
 *
 * - a secret-variable reference `\0S:NAME:R:D\0` (R = required, D = default ignored, 0 or 1) stands
 *   where the value would be; it is never resolved;
 * - a variable note `\0V:NAME\0` (environment values only) records that NAME was interpolated
 *   there and takes no room in the value.
 *
 * Compose files cannot contain these marks: interpolation rejects strings holding U+0000.
 * Normalization turns marked strings into {@link Template}s; no mark leaves the front end.
 */
import type { SecretVarRef, Template, TemplatePart } from '../types';

/** The character that delimits marks; input strings containing it are rejected. */
export const MARK = '\u0000';

const MARKS = /\u0000(?:S:([A-Za-z_][A-Za-z0-9_]*):([01]):([01])|V:([A-Za-z_][A-Za-z0-9_]*))\u0000/g;

export function secretRefMark(ref: SecretVarRef): string {
  return `${MARK}S:${ref.secretVariable}:${ref.required ? 1 : 0}:${ref.defaultIgnored ? 1 : 0}${MARK}`;
}

export function variableNoteMark(name: string): string {
  return `${MARK}V:${name}${MARK}`;
}

/** The secret variables referenced in a marked string, in order. */
export function secretRefsIn(s: string): SecretVarRef[] {
  if (!s.includes(MARK)) return [];
  return toTemplate(s).template.filter((p): p is SecretVarRef => typeof p !== 'string');
}

/** The string with variable notes removed (secret references stay). */
export function withoutNotes(s: string): string {
  if (!s.includes(MARK)) return s;
  return s.replace(MARKS, (whole: string, secret: string | undefined) => (secret === undefined ? '' : whole));
}

/**
 * Splits a marked string into literal text and secret references, and collects the noted
 * variable names (sorted, unique). Empty text between references is dropped; an empty string
 * gives `['']`.
 */
export function toTemplate(s: string): { template: Template; variables: string[] } {
  // Without a mark there is no reference and no note: the text alone (most values).
  if (!s.includes(MARK)) return { template: [s], variables: [] };
  const parts: TemplatePart[] = [];
  const variables = new Set<string>();
  let text = '';
  let last = 0;
  // exec with lastIndex: no iterator (a first run reads this faster than matchAll or a scanner in JS).
  MARKS.lastIndex = 0;
  for (let m = MARKS.exec(s); m !== null; m = MARKS.exec(s)) {
    text += s.slice(last, m.index);
    last = MARKS.lastIndex;
    if (m[4] !== undefined) {
      variables.add(m[4]);
      continue;
    }
    if (text !== '') parts.push(text);
    text = '';
    parts.push({ secretVariable: m[1], required: m[2] === '1', defaultIgnored: m[3] === '1' });
  }
  text += s.slice(last);
  if (text !== '' || parts.length === 0) parts.push(text);
  return { template: parts, variables: [...variables].sort() };
}
