/**
 * Reads one compose file into plain data, bounded in size and expansion so that hostile input
 * (huge files, YAML alias bombs) is answered with an error quickly and in bounded memory.
 */
import * as fs from 'fs';
import { LineCounter, parseAllDocuments } from 'yaml';
import type { Diagnostics } from '../../diagnostics';
import { show } from '../../diagnostics';
import { PARSE_OPTIONS, toPlainData, YamlLimitError } from './yaml-schema';
import { fastReadYaml } from './fast-yaml';
import { OverrideTag, isMap, markInterpolationKnown, markTagFree, type YamlMap } from '../yaml-value';

/** Largest compose or env file read: 5 MiB. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** Most alias nodes (`*name`) accepted in one document: 10,000. */
export const MAX_ALIASES = 10_000;

/** Most values (scalars, lists, mappings) a document may expand to, aliases counted at every use: 1,000,000. */
export const MAX_NODES = 1_000_000;

/** Deepest nesting of lists and mappings written in one document: 100. */
export const MAX_DEPTH = 100;

/** Deepest nesting a document may expand to, aliases followed: 1,000. */
export const MAX_EXPANDED_DEPTH = 1000;

/**
 * Reads a text file of at most {@link MAX_FILE_BYTES}. Records an error and returns undefined when
 * the file is missing, not a file, too large or unreadable.
 */
export function readTextFile(absPath: string, display: string, diags: Diagnostics): string | undefined {
  let size: number;
  try {
    const stat = fs.statSync(absPath);
    if (!stat.isFile()) {
      diags.error(display, undefined, 'not a regular file; expected a file');
      return undefined;
    }
    size = stat.size;
  } catch {
    diags.error(display, undefined, 'file not found; check the path');
    return undefined;
  }
  if (size > MAX_FILE_BYTES) {
    diags.error(display, undefined, `file too large (${size} bytes); the limit is 5 MiB (${MAX_FILE_BYTES} bytes)`);
    return undefined;
  }
  try {
    return fs.readFileSync(absPath, 'utf8');
  } catch (e) {
    diags.error(display, undefined, `cannot read the file: ${(e as Error).message}`);
    return undefined;
  }
}

/**
 * Walks a parsed document with aliases expanded (js-yaml returns them as shared references) and
 * stops as soon as it expands to more than {@link MAX_NODES} values or nests deeper than
 * {@link MAX_EXPANDED_DEPTH}. Iterative, so hostile nesting cannot overflow the stack.
 */
export function expansionProblem(root: unknown, maxNodes = MAX_NODES, maxDepth = MAX_EXPANDED_DEPTH): string | undefined {
  // Two stacks in step (value, depth): no pair allocated per value.
  const values: unknown[] = [root];
  const depths: number[] = [0];
  let count = 0;
  while (values.length > 0) {
    const v = values.pop();
    const depth = depths.pop() as number;
    if (++count > maxNodes) return `the document expands to more than ${maxNodes} values (YAML aliases); expected a compose file without alias bombs`;
    if (depth > maxDepth) return `the document nests deeper than ${maxDepth} levels (YAML aliases); expected a compose file without alias bombs`;
    if (typeof v !== 'object' || v === null) continue;
    if (v instanceof OverrideTag) {
      values.push(v.value);
      depths.push(depth);
    } else if (Array.isArray(v)) {
      for (const x of v) {
        values.push(x);
        depths.push(depth + 1);
      }
    } else {
      for (const k of Object.keys(v)) {
        values.push((v as Record<string, unknown>)[k]);
        depths.push(depth + 1);
      }
    }
  }
  return undefined;
}

/** Tags compose gives a meaning to (the parser leaves them unresolved; toPlainData reads them). */
const COMPOSE_TAGS = /^Unresolved tag: !(reset|override)\b/;

/** Parses YAML text into a mapping, recording every problem; undefined when it is not usable. */
export function parseComposeYaml(text: string, display: string, diags: Diagnostics): YamlMap | undefined {
  // The same data, about ten times faster, for the documents fast-yaml.ts reads identically.
  const fast = fastReadYaml(text, MAX_ALIASES);
  // Within the bounds, expansionProblem has nothing to find: the walk is spared.
  if (fast === undefined) return parseComposeYamlFully(text, display, diags);
  // The fast path reads no tag (`!reset`, `!override`): its tree is tag-free. It marked every list
  // and mapping that holds a string interpolation reads.
  const tree = markInterpolationKnown(markTagFree(fast.value));
  return checked(tree, display, diags, fast.values <= MAX_NODES && fast.depth <= MAX_EXPANDED_DEPTH);
}

/**
 * {@link parseComposeYaml} by the full path only: the `yaml` library and toPlainData, with every
 * error and its position (exported for the test that holds the fast path equal to it).
 */
export function parseComposeYamlFully(text: string, display: string, diags: Diagnostics): YamlMap | undefined {
  const lines = new LineCounter();
  let doc: unknown;
  try {
    const docs = parseAllDocuments(text, { ...PARSE_OPTIONS, lineCounter: lines } as never);
    const list = Array.isArray(docs) ? docs : [];
    const problems = list.flatMap((d) => [...d.errors, ...d.warnings.filter((w) => !COMPOSE_TAGS.test(w.message))]);
    // The parser recurses once per nesting level and reports an exhausted stack as a parse error.
    if (problems.some((p) => /Maximum call stack size exceeded/.test(p.message))) throw new RangeError('nesting');
    if (problems.length > 0) {
      const first = problems[0];
      const at = lines.linePos(first.pos[0]);
      diags.error(display, `line ${at.line}, column ${at.col}`, first.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''));
      return undefined;
    }
    if (list.length > 1) {
      diags.error(display, undefined, `the file holds ${list.length} YAML documents; expected a single document`);
      return undefined;
    }
    doc = list.length === 0 ? null : toPlainData(list[0], MAX_ALIASES, MAX_DEPTH);
  } catch (e) {
    if (e instanceof YamlLimitError) diags.error(display, undefined, e.message);
    // The parser recurses once per nesting level: thousands of "[" exhaust the stack.
    else if (e instanceof RangeError) diags.error(display, undefined, `the document nests deeper than ${MAX_DEPTH} levels; expected a compose file`);
    else throw e;
    return undefined;
  }
  return checked(doc, display, diags);
}

/**
 * The parsed document, or undefined (with an error) when it is empty, expands too far or is not a
 * mapping. `withinBounds`: the document is known to expand within MAX_NODES and MAX_EXPANDED_DEPTH.
 */
function checked(doc: unknown, display: string, diags: Diagnostics, withinBounds = false): YamlMap | undefined {
  if (doc === null || doc === undefined) {
    diags.error(display, undefined, 'the file is empty; expected a mapping with top-level keys such as "services"');
    return undefined;
  }
  const problem = withinBounds ? undefined : expansionProblem(doc);
  if (problem !== undefined) {
    diags.error(display, undefined, problem);
    return undefined;
  }
  if (!isMap(doc)) {
    diags.error(display, undefined, `invalid document ${show(doc)}; expected a mapping with top-level keys such as "services"`);
    return undefined;
  }
  return doc as YamlMap;
}

/** Reads and parses one compose file. */
export function readComposeFile(absPath: string, display: string, diags: Diagnostics): YamlMap | undefined {
  const text = readTextFile(absPath, display, diags);
  return text === undefined ? undefined : parseComposeYaml(text, display, diags);
}
