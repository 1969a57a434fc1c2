/**
 * Plain scalars of the fast YAML path (fast-yaml.ts): their values as the `yaml` library composes
 * them under our parse options (YAML 1.2 core plus octalInt, yaml-schema.ts), by the very tag
 * objects `yaml` uses (the same `test` regexps and `resolve` functions, first match wins, in the
 * `yaml` schema's order), and the quick test that tells most of them are strings.
 */
import { Document, Schema, isScalar } from 'yaml';
import type { YamlValue } from '../yaml-value';
import { PARSE_OPTIONS } from './yaml-schema';

interface ScalarTagLike {
  default?: unknown;
  test?: RegExp;
  resolve: (value: string, onError: (msg: string) => void, options: unknown) => unknown;
}

const SCHEMA = new Schema({ version: '1.2', schema: 'core', customTags: PARSE_OPTIONS.customTags } as never);
/** The tags `yaml` tries on a plain scalar, in its order (compose-scalar.ts `findScalarTagByTest`). */
const IMPLICIT = (SCHEMA.tags as unknown as ScalarTagLike[]).filter((t) => t.default === true && t.test !== undefined);
/** The tests of {@link IMPLICIT}, in order (for fast-yaml.test.ts). */
export const IMPLICIT_TESTS: readonly RegExp[] = IMPLICIT.map((t) => t.test as RegExp);
/** The options `yaml` passes to a tag's resolve (intAsBigInt …), as a document of {@link PARSE_OPTIONS} has them. */
const RESOLVE_OPTIONS = new Document(null, PARSE_OPTIONS as never).options;

/**
 * The first characters with which a text can match one of the {@link IMPLICIT} tags' tests (YAML
 * 1.2 core and our octalInt: `[-+]?0[0-7]+`, `~`, `null`, `true`, `false`, `0o…`, `[-+]?[0-9]+`,
 * `0x…`, `.inf`, `.nan`, `[-+]?(.5|1.5)`, `1e3`, each in its spellings): `-+.0-9~NnTtFf`. A plain
 * scalar starting with any other character is a string without trying each tag's regexp, which
 * most plain scalars of a compose file are (names, images, paths); the empty text matches null.
 * fast-yaml.test.ts holds this list to the tags' tests.
 */
export const TAG_FIRST_CHARACTERS = /^[-+.0-9~NnTtFf]/;

/**
 * A plain scalar's value, as `yaml` composes it and toPlainData reads it. `onError`: called when
 * the tag's resolver reports an error (the fast path then hands the document on).
 */
export function resolvePlain(source: string, onError: (message: string) => void): YamlValue {
  const tag = IMPLICIT.find((t) => (t.test as RegExp).test(source));
  if (tag === undefined) return source;
  const res = tag.resolve(source, onError, RESOLVE_OPTIONS);
  const v = isScalar(res) ? res.value : res;
  return (v === undefined ? null : typeof v === 'bigint' ? Number(v) : v) as YamlValue;
}
