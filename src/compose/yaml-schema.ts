/**
 * The js-yaml schema for compose files: YAML 1.2 core, plus
 * - merge keys (`<<: *anchor`),
 * - integers written with a leading zero read as octal (`0440` → 288), as docker compose's YAML
 *   reader does (file modes such as `mode: 0440` are octal),
 * - the compose merge tags `!reset` and `!override` on scalars, sequences and mappings.
 */
import {
  CORE_SCHEMA,
  NOT_RESOLVED,
  boolCoreTag,
  defineMappingTag,
  defineScalarTag,
  defineSequenceTag,
  floatCoreTag,
  intCoreTag,
  mergeTag,
  nullCoreTag,
  type Schema,
} from 'js-yaml';
import { OverrideTag, ResetTag, mapOf, type YamlMap, type YamlValue } from './yaml-value';

const LEADING_ZERO_OCTAL = /^[-+]?0[0-7]+$/;

/** `!!int` of the core schema, except that `0440` is octal (YAML 1.1 and docker compose), not decimal. */
const octalAwareIntTag = defineScalarTag<number>('tag:yaml.org,2002:int', {
  implicit: true,
  implicitFirstChars: intCoreTag.implicitFirstChars,
  resolve: (source, isExplicit, tagName) => {
    if (LEADING_ZERO_OCTAL.test(source)) {
      const sign = source.startsWith('-') ? -1 : 1;
      return sign * parseInt(source.replace(/^[-+]/, ''), 8);
    }
    return intCoreTag.resolve(source, isExplicit, tagName);
  },
  identify: intCoreTag.identify,
  represent: intCoreTag.represent,
});

/** Resolves a plain scalar the way an untagged one would be (null, boolean, integer, float, else string). */
function resolvePlainScalar(source: string): YamlValue {
  for (const tag of [nullCoreTag, boolCoreTag, octalAwareIntTag, floatCoreTag]) {
    const value = tag.resolve(source, false, tag.tagName);
    if (value !== NOT_RESOLVED) return value as YamlValue;
  }
  return source;
}

/** Builds the three node kinds of one local tag; `wrap` turns the parsed value into the tag's value. */
function localTag(name: string, wrap: (value: YamlValue) => YamlValue) {
  return [
    defineScalarTag<YamlValue>(name, {
      resolve: (source) => wrap(resolvePlainScalar(source)),
      identify: () => false,
    }),
    defineSequenceTag<YamlValue[], YamlValue>(name, {
      create: () => [],
      addItem: (items, item) => {
        items.push(item as YamlValue);
      },
      finalize: (items) => wrap(items),
      identify: () => false,
    }),
    defineMappingTag<[string, YamlValue][], YamlValue>(name, {
      create: () => [],
      addPair: (pairs, key, value) => {
        if (pairs.some(([k]) => k === String(key))) return 'duplicated mapping key';
        pairs.push([String(key), value as YamlValue]);
        return '';
      },
      has: (pairs, key) => pairs.some(([k]) => k === String(key)),
      keys: (result) => (result instanceof OverrideTag && typeof result.value === 'object' && result.value !== null ? Object.keys(result.value) : []),
      get: (result, key) =>
        result instanceof OverrideTag && typeof result.value === 'object' && result.value !== null
          ? (result.value as YamlMap)[String(key)]
          : undefined,
      finalize: (pairs): YamlValue => wrap(mapOf(pairs)),
      identify: () => false,
    }),
  ];
}

/** The schema every compose file and extends file is read with. */
export const COMPOSE_YAML_SCHEMA: Schema = CORE_SCHEMA.withTags(
  mergeTag,
  octalAwareIntTag,
  localTag('!reset', () => new ResetTag()),
  localTag('!override', (value) => new OverrideTag(value)),
);
