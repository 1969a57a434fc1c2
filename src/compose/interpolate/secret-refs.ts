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
import { isNameChar, isNameStart } from './interpolation-syntax';

/** The character that delimits marks; input strings containing it are rejected. */
export const MARK = '\u0000';

/**
 * One mark found in a string: `start` and `end` (after its closing MARK), and what it holds. The
 * marks are `\0S:NAME:R:D\0` and `\0V:NAME\0`, NAME `[A-Za-z_][A-Za-z0-9_]*`, R and D `0` or `1`;
 * anything else between two MARKs is text.
 */
interface Mark {
  readonly start: number;
  readonly end: number;
  readonly secret?: SecretVarRef;
  readonly note?: string;
}

/** The end of the variable name starting at `at` (`at` itself when there is none). */
function nameEnd(s: string, at: number): number {
  if (at >= s.length || !isNameStart(s.charCodeAt(at))) return at;
  let i = at + 1;
  while (i < s.length && isNameChar(s.charCodeAt(i))) i++;
  return i;
}

/** The mark starting at `at` (where `s` holds a MARK), or undefined when none starts there. */
function markAt(s: string, at: number): Mark | undefined {
  const kind = s[at + 1];
  if ((kind !== 'S' && kind !== 'V') || s[at + 2] !== ':') return undefined;
  const end = nameEnd(s, at + 3);
  if (end === at + 3) return undefined;
  if (kind === 'V') return s[end] === MARK ? { start: at, end: end + 1, note: s.slice(at + 3, end) } : undefined;
  const required = s[end + 1];
  const defaultIgnored = s[end + 3];
  if (s[end] !== ':' || (required !== '0' && required !== '1') || s[end + 2] !== ':' || (defaultIgnored !== '0' && defaultIgnored !== '1') || s[end + 4] !== MARK) return undefined;
  return { start: at, end: end + 5, secret: { secretVariable: s.slice(at + 3, end), required: required === '1', defaultIgnored: defaultIgnored === '1' } };
}

/** The first mark of `s` at or after `from`, or undefined. */
function nextMark(s: string, from: number): Mark | undefined {
  for (let at = s.indexOf(MARK, from); at >= 0; at = s.indexOf(MARK, at + 1)) {
    const mark = markAt(s, at);
    if (mark !== undefined) return mark;
  }
  return undefined;
}

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
  let out = '';
  let last = 0;
  for (let m = nextMark(s, 0); m !== undefined; m = nextMark(s, m.end)) {
    if (m.note === undefined) continue;
    out += s.slice(last, m.start);
    last = m.end;
  }
  return out + s.slice(last);
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
  for (let m = nextMark(s, 0); m !== undefined; m = nextMark(s, m.end)) {
    text += s.slice(last, m.start);
    last = m.end;
    if (m.note !== undefined) {
      variables.add(m.note);
      continue;
    }
    if (text !== '') parts.push(text);
    text = '';
    parts.push(m.secret as SecretVarRef);
  }
  text += s.slice(last);
  if (text !== '' || parts.length === 0) parts.push(text);
  return { template: parts, variables: [...variables].sort() };
}
