/**
 * Where secret values stand in the texts of a compose file (value-identity.ts): as a whole value,
 * as a URL's password, and in a command as a password flag's argument.
 */
import { Template, TemplatePart } from '../../compose';
import { isNonSecretValue } from '../../secret-names';

/** Flags whose argument is a password: `--requirepass V`, `--masterauth=V`, `--password V`, `-a V` (redis-cli), `-pV`/`-p V` (mysql). */
const PASSWORD_FLAGS = /^(--requirepass|--masterauth|--password|--passwd|--pass|--auth|-a|-p)$/;
const PASSWORD_FLAG_IN_TEXT = /(?:^|\s)(--requirepass|--masterauth|--password|--passwd|--pass|--auth)(?:=|\s+)(['"]?)([^\s'"]+)\2/g;
export const URL_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^/@\s:]*:([^/@\s]+)@/gi;
/** `--flag=value` as one argument. */
const FLAG_EQUALS = /^(--[a-z-]+)=(.+)$/;

/** The text of a template without references (one part: that part itself), else undefined. */
export function literalText(t: Template | null): string | undefined {
  if (t === null) return undefined;
  if (t.length === 1) return typeof t[0] === 'string' ? t[0] : undefined;
  for (const p of t) if (typeof p !== 'string') return undefined;
  return t.join('');
}
/** Password-flag arguments in an argv (`['--requirepass', V]`, `--requirepass=V`) and inside shell strings. */
export type Flag = { readonly flag: string; readonly value: string };
export function flagValues(argv: readonly Template[]): Flag[] {
  const out: Flag[] = [];
  const texts = argv.map(literalText);
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i];
    // Every form starts with "-" (a flag word) or holds "--" (a flag inside a shell string).
    if (text === undefined || !text.includes('-')) continue;
    // (Never read past the end: V8 handles an out-of-bounds read on a slow path.)
    const next = i + 1 < texts.length ? texts[i + 1] : undefined;
    if (PASSWORD_FLAGS.test(text) && next !== undefined) out.push({ flag: text, value: next });
    const eq = FLAG_EQUALS.exec(text);
    if (eq && PASSWORD_FLAGS.test(eq[1])) out.push({ flag: eq[1], value: eq[2] });
    if (text.includes('--')) for (const m of text.matchAll(PASSWORD_FLAG_IN_TEXT)) out.push({ flag: m[1], value: m[3] });
  }
  return out.length === 0 ? out : out.filter((f) => !isNonSecretValue(f.value) && !/^[$-]/.test(f.value));
}

export type Hit = { readonly at: number; readonly len: number; readonly key: string };

/**
 * Where secret values stand in a text: the whole text, a URL's password, and (in a command) a
 * password flag's argument. Nowhere else: a value that is also a word of the text (a host, a user
 * name, a command) keeps that word.
 */
export function hitsIn(text: string, keyOf: (value: string) => string | undefined, inCommand: boolean): Hit[] {
  const whole = keyOf(text);
  if (whole !== undefined) return [{ at: 0, len: text.length, key: whole }];
  // A URL's password needs "://", a password flag "--": most texts have neither.
  const url = text.includes('://');
  if (!url && !(inCommand && text.includes('--'))) return [];
  const hits: Hit[] = [];
  const add = (at: number, value: string) => {
    const key = keyOf(value);
    if (key !== undefined && !hits.some((h) => h.at < at + value.length && at < h.at + h.len)) hits.push({ at, len: value.length, key });
  };
  if (url) for (const m of text.matchAll(URL_PASSWORD)) add((m.index ?? 0) + m[0].length - 1 - m[1].length, m[1]);
  if (inCommand) {
    for (const m of text.matchAll(PASSWORD_FLAG_IN_TEXT)) add((m.index ?? 0) + m[0].length - m[2].length - m[3].length, m[3]);
    const eq = FLAG_EQUALS.exec(text);
    if (eq && PASSWORD_FLAGS.test(eq[1])) add(eq[1].length + 1, eq[2]);
  }
  return hits.sort((a, b) => a.at - b.at);
}

export function splitAt(text: string, hits: readonly Hit[]): TemplatePart[] {
  const out: TemplatePart[] = [];
  let last = 0;
  for (const h of hits) {
    if (h.at > last) out.push(text.slice(last, h.at));
    out.push({ secretVariable: h.key, required: true, defaultIgnored: false });
    last = h.at + h.len;
  }
  if (last < text.length || out.length === 0) out.push(text.slice(last));
  return out;
}
