/**
 * How compose files are parsed: with the `yaml` library (eemeli/yaml), which reads what docker
 * compose's reader (Go's yaml.v3) reads, e.g. a flow sequence whose closing bracket sits at its
 * key's indentation (getsentry/self-hosted), which js-yaml 5 rejects ("deficient indentation").
 *
 * The parsed document is turned into plain data by {@link toPlainData}, which adds what compose
 * reads on top of YAML 1.2 core:
 * - merge keys (`<<: *anchor`, `<<: [*a, *b]`): keys written in the mapping win, then the first
 *   merged mapping that has the key, as in yaml.v3;
 * - integers written with a leading zero are octal (`0440` → 288), as docker compose reads file
 *   modes (YAML 1.1);
 * - the compose merge tags `!reset` and `!override` on scalars, sequences and mappings;
 * and bounds what a hostile document can cost: at most `maxAliases` alias nodes and `maxDepth`
 * levels of written nesting (the expansion of aliases is bounded by read.ts).
 */
import { Document, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, visit, type Alias, type Node, type ScalarTag } from 'yaml';
import { OverrideTag, ResetTag, mapOf, setKey, type YamlMap, type YamlValue } from '../yaml-value';

const LEADING_ZERO_OCTAL = /^[-+]?0[0-7]+$/;

/** `!!int` written with a leading zero: octal (YAML 1.1 and docker compose), not decimal. */
const octalInt: ScalarTag = {
  tag: 'tag:yaml.org,2002:int',
  default: true,
  identify: () => false,
  test: LEADING_ZERO_OCTAL,
  resolve: (source: string) => (source.startsWith('-') ? -1 : 1) * parseInt(source.replace(/^[-+]/, ''), 8),
};

/** Options of every parse: YAML 1.2 core plus octal, duplicate keys refused, merge keys left to {@link toPlainData}. */
export const PARSE_OPTIONS = {
  version: '1.2',
  schema: 'core',
  customTags: (tags: unknown[]) => [octalInt, ...tags],
  merge: false,
  uniqueKeys: true,
  prettyErrors: false,
  strict: true,
} as const;

/** Thrown by {@link toPlainData} when a bound is exceeded. */
export class YamlLimitError extends Error {}

const MERGE_KEY = '<<';

/** A plain scalar under a local tag, resolved as if untagged (null, boolean, integer, float, else string). */
function resolvePlain(node: { value: unknown; type?: string | null; source?: unknown }): YamlValue {
  const text = typeof node.value === 'string' ? node.value : String(node.value);
  if (node.type !== 'PLAIN') return text;
  const doc = parseDocument(text, PARSE_OPTIONS as never);
  const v = doc.errors.length === 0 && isScalar(doc.contents) ? doc.contents.value : text;
  return (v === undefined ? null : v) as YamlValue;
}

/**
 * The node each alias refers to: the last node before it (in document order) that carries its
 * anchor, as `Alias.resolve` finds it, but for all aliases in one pass (`resolve` walks the whole
 * document once per alias, which makes 10,000 aliases take seconds).
 */
function aliasTargets(doc: Document): Map<Alias, unknown> {
  const targets = new Map<Alias, unknown>();
  const anchors = new Map<string, unknown>();
  visit(doc, {
    Node: (_key, node) => {
      if (isAlias(node)) {
        if (anchors.has(node.source)) targets.set(node, anchors.get(node.source));
      } else if (typeof node.anchor === 'string') anchors.set(node.anchor, node);
    },
  });
  return targets;
}

/** Turns a parsed document into the plain data the front end reads (see the module comment). */
export function toPlainData(doc: Document, maxAliases: number, maxDepth: number): YamlValue {
  const done = new Map<unknown, YamlValue>();
  let aliases = 0;
  let targets: Map<Alias, unknown> | undefined;

  const convert = (node: unknown, depth: number): YamlValue => {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      if (++aliases > maxAliases) throw new YamlLimitError(`the document has more than ${maxAliases} aliases; expected a compose file without alias bombs`);
      targets ??= aliasTargets(doc);
      const target = targets.get(node);
      if (target === undefined) throw new YamlLimitError(`unknown alias ${JSON.stringify(node.source)}`);
      const seen = done.get(target);
      // A target still being read (an alias inside its own anchor) is the object being built.
      return seen !== undefined ? seen : convert(target, depth);
    }
    const tag = (node as { tag?: string }).tag;
    if (tag === '!reset') return new ResetTag();
    if (isScalar(node)) {
      if (tag === '!override') return new OverrideTag(resolvePlain(node));
      const v = node.value;
      return (v === undefined ? null : typeof v === 'bigint' ? Number(v) : v) as YamlValue;
    }
    if (depth >= maxDepth) throw new YamlLimitError(`the document nests deeper than ${maxDepth} levels; expected a compose file`);
    if (isSeq(node)) {
      const out: YamlValue[] = [];
      done.set(node, tag === '!override' ? new OverrideTag(out) : out);
      for (const item of node.items) out.push(convert(item, depth + 1));
      return done.get(node) as YamlValue;
    }
    if (isMap(node)) {
      const out: YamlMap = mapOf([]);
      const result = tag === '!override' ? new OverrideTag(out) : out;
      done.set(node, result);
      const keyOf = (k: unknown): string => {
        const v = isScalar(k) ? k.value : k === null ? null : convert(k, depth + 1);
        return v === null ? 'null' : String(v);
      };
      const isMerge = (k: unknown) => isScalar(k) && k.value === MERGE_KEY && k.type === 'PLAIN' && (k as { tag?: string }).tag === undefined;
      const explicit = new Set(node.items.filter((p) => isPair(p) && !isMerge(p.key)).map((p) => keyOf(p.key)));
      const merged = new Set<string>();
      for (const pair of node.items) {
        if (isMerge(pair.key)) {
          const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
          for (const src of sources) {
            const value = convert(src, depth + 1);
            if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof ResetTag || value instanceof OverrideTag) {
              throw new YamlLimitError('a merge key (<<) must refer to a mapping or a list of mappings');
            }
            for (const k of Object.keys(value)) {
              if (explicit.has(k) || merged.has(k)) continue;
              merged.add(k);
              setKey(out, k, value[k]);
            }
          }
          continue;
        }
        setKey(out, keyOf(pair.key), convert(pair.value, depth + 1));
      }
      return result;
    }
    throw new YamlLimitError('unsupported YAML node');
  };
  return convert(doc.contents as Node | null, 0);
}
