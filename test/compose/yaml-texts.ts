/**
 * YAML texts the fast YAML tests share (fast-yaml.test.ts, fast-events.test.ts): the repository's
 * YAML files, a seeded random number generator, random compose-like documents and mutants.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../helpers';

/** A seeded pseudo-random integer below n (a linear congruential generator, its high bits). */
export function random(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return Math.floor(state / 65536) % n;
  };
}

export function yamlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : yamlFiles(p);
    return /\.ya?ml$/.test(e.name) ? [p] : [];
  });
}

export const REPO_FILES = ['examples', 'test', 'crds', 'tools'].flatMap((d) => yamlFiles(path.join(ROOT, d))).sort();

/** A random compose-like document: nested block and flow collections, scalars of every kind, anchors, aliases, merges. */
export function randomDocument(next: (n: number) => number): string {
  const pick = <T>(list: readonly T[]): T => list[next(list.length)];
  const words = ['a', 'web', 'x-y', '8080:80', '0755', '1.5', 'true', 'null', '~', '', 'yes', '__proto__', '<<', 'a b', 'é', '${X:-1}', '-1', '0x1F', '.inf', '1e3', 'k:v', '007', 'constructor'];
  const anchors: string[] = [];
  const mapAnchors: string[] = [];
  let count = 0;
  const scalar = (suffix = ''): string => {
    const w = pick(words) + suffix;
    const style = next(6);
    if (style === 0) return JSON.stringify(w);
    if (style === 1) return `'${w}'`;
    // Mostly valid YAML: a word that needs quotes gets them, but not always.
    return next(50) !== 0 && (w === '' || /[:{}[\],#&*!|>'"%@`]|^[-?]|^<<$/.test(w)) ? JSON.stringify(w) : w;
  };
  const flow = (depth: number): string => {
    const r = next(10);
    if (depth > 3 || r < 5) return anchors.length > 0 && next(8) === 0 ? `*${pick(anchors)}` : scalar();
    if (r < 8) return `[${Array.from({ length: next(4) }, () => flow(depth + 1)).join(', ')}]`;
    return `{${Array.from({ length: next(4) }, (_, i) => `${scalar(String(i))}: ${flow(depth + 1)}`).join(', ')}}`;
  };
  const block = (indent: number, depth: number): string => {
    const r = next(12);
    const pad = ' '.repeat(indent);
    const anchor = next(4) === 0 ? `a${count++}` : undefined;
    let s = anchor === undefined ? '' : ` &${anchor}`;
    if (depth > 4 || r < 4 || r === 11) return ` ${flow(depth)}`;
    if (r < 5) return ` ${pick(['|', '|-', '|+', '>', '>-'])}\n${pad}  line one\n${pad}  line two${next(2) ? '\n' : ''}`;
    if (r < 8) {
      const merge = mapAnchors.length > 0 && next(2) === 0;
      if (merge) s += `\n${pad}  <<: ${next(2) ? `*${pick(mapAnchors)}` : `[*${pick(mapAnchors)}, *${pick(mapAnchors)}]`}`;
      // Keys numbered, so that two never read as the same string (only the first may go without).
      for (let i = 0; i < 1 + next(4); i++) s += `\n${pad}  ${scalar(i === 0 && !merge && next(2) ? '' : String(i))}:${block(indent + 2, depth + 1)}${next(10) === 0 ? ' # c' : ''}`;
      if (anchor !== undefined) mapAnchors.push(anchor);
    } else {
      const dash = next(2) ? 2 : 0;
      for (let i = 0; i < 1 + next(3); i++) s += `\n${pad}${' '.repeat(dash)}-${block(indent + dash + 2, depth + 1)}`;
    }
    if (anchor !== undefined) anchors.push(anchor);
    return s;
  };
  let text = next(5) === 0 ? '---\n' : '';
  for (let j = 0; j < 1 + next(5); j++) text += `k${j}:${block(0, 0)}\n${next(5) === 0 ? '\n# comment\n' : ''}`;
  return text;
}


/** What {@link mutate} inserts: YAML's indicators, spaces, line breaks, a tab, a carriage return. */
const MARKS = [':', '-', ' ', '\n', '"', "'", '&a ', '*a', '<<: ', '#', '[', ']', '{', '}', '|', '>', '!', '%', '?', ',', '\\', '  ', '\t', '0', '~', '\r\n'];

/** `text` with a character removed, a mark inserted, a line doubled or a line's indentation cut by two. */
export function mutate(text: string, next: (n: number) => number): string {
  const at = next(text.length + 1);
  const kind = next(4);
  if (kind === 0) return text.slice(0, at) + text.slice(at + 1);
  if (kind === 1) return text.slice(0, at) + MARKS[next(MARKS.length)] + text.slice(at);
  const lines = text.split('\n');
  const i = next(lines.length);
  if (kind === 2) return [...lines.slice(0, i), lines[i], ...lines.slice(i)].join('\n');
  return [...lines.slice(0, i), lines[i].replace(/^ {2}/, ''), ...lines.slice(i + 1)].join('\n');
}
