import { MARK, secretRefMark, secretRefsIn, toTemplate, variableNoteMark, withoutNotes } from '../../src/compose/interpolate';
import type { SecretVarRef, TemplatePart } from '../../src/compose/types';

/** The marks as a regular expression: the reading the scanner of secret-refs.ts must equal. */
const MARKS = /\u0000(?:S:([A-Za-z_][A-Za-z0-9_]*):([01]):([01])|V:([A-Za-z_][A-Za-z0-9_]*))\u0000/g;

function expectedTemplate(s: string): { template: TemplatePart[]; variables: string[] } {
  const parts: TemplatePart[] = [];
  const variables = new Set<string>();
  let text = '';
  let last = 0;
  for (const m of s.matchAll(MARKS)) {
    text += s.slice(last, m.index);
    last = (m.index ?? 0) + m[0].length;
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

function expectedWithoutNotes(s: string): string {
  return s.replace(MARKS, (whole: string, secret: string | undefined) => (secret === undefined ? '' : whole));
}

describe('secret references and variable notes in marked strings', () => {
  const ref: SecretVarRef = { secretVariable: 'DB_PASSWORD', required: true, defaultIgnored: false };

  it('reads the marks interpolation writes', () => {
    const s = `postgres://app:${secretRefMark(ref)}@db/${variableNoteMark('DB')}app`;
    expect(toTemplate(s)).toEqual({ template: ['postgres://app:', ref, '@db/app'], variables: ['DB'] });
    expect(withoutNotes(s)).toBe(`postgres://app:${secretRefMark(ref)}@db/app`);
    expect(secretRefsIn(s)).toEqual([ref]);
    expect(toTemplate('plain')).toEqual({ template: ['plain'], variables: [] });
    expect(toTemplate('')).toEqual({ template: [''], variables: [] });
  });

  it('reads every string as the regular expression of the marks does, broken marks included', () => {
    let state = 11;
    const next = (n: number) => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return Math.floor(state / 65536) % n;
    };
    const pick = (choices: readonly string[]) => choices[next(choices.length)];
    // Marks and near-marks: each part right most of the time, wrong now and then.
    const nearMark = () =>
      `${pick([MARK, MARK, MARK, 'x'])}${pick(['S', 'S', 'V', 'V', 'W', ''])}${pick([':', ':', ':', ''])}${pick(['A', 'b_1', '_', 'Z9', '', '9a', 'a-b'])}` +
      `${pick([MARK, ':', ':', ''])}${pick(['0', '1', '1', '2', ''])}${pick([':', ':', ''])}${pick(['0', '1', '1', 'x', ''])}${pick([MARK, MARK, MARK, '', ':'])}`;
    const pieces = [MARK, 'S', 'V', ':', '0', '1', 'A', '_', '9', 'x', ' ', secretRefMark(ref), variableNoteMark('V1')];
    const piece = () => (next(3) === 0 ? nearMark() : pick(pieces));
    for (let i = 0; i < 5000; i++) {
      let s = '';
      for (let j = next(8); j > 0; j--) s += piece();
      expect({ s, t: toTemplate(s) }).toEqual({ s, t: expectedTemplate(s) });
      expect({ s, w: withoutNotes(s) }).toEqual({ s, w: expectedWithoutNotes(s) });
    }
  });
});
