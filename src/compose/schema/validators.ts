/**
 * Building blocks of the compose schema (schema.ts and the schema-*.ts modules): small checks that
 * record a diagnostic for every problem, in the project's format
 * `FILE: PATH: what is wrong "VALUE"; what is expected`, and never stop at the first one.
 */
import type { Diagnostics } from '../../diagnostics';
import { show } from '../../diagnostics';
import { didYouMean } from '../suggest';
import {
  EXPECTED_BOOLEAN,
  EXPECTED_BYTES,
  EXPECTED_CPUS,
  EXPECTED_DURATION,
  EXPECTED_FILE_MODE,
  EXPECTED_INTEGER,
  parseBoolean,
  parseBytes,
  parseCpus,
  parseDuration,
  parseFileMode,
  parseInteger,
  parseNonNegativeNumber,
} from '../syntax';
import { ResetTag, indexPath, isMap, keyPath, untag, type YamlValue } from '../yaml-value';

/** Where a file's diagnostics go, and which paths to leave alone (their interpolation already failed). */
export class ValidationContext {
  constructor(
    readonly file: string,
    private readonly diags: Diagnostics,
    private readonly skipPaths: ReadonlySet<string> = new Set(),
  ) {}

  error(path: string, message: string): void {
    this.diags.error(this.file, path === '' ? undefined : path, message);
  }

  warn(path: string, message: string): void {
    this.diags.warn(this.file, path === '' ? undefined : path, message);
  }

  skips(path: string): boolean {
    return this.skipPaths.size > 0 && this.skipPaths.has(path);
  }
}

export type Check = (value: YamlValue, path: string, ctx: ValidationContext) => void;

/** Runs a check on a value as written: `!reset` needs no check, `!override` is checked by its content. */
export function validateAt(check: Check, value: YamlValue, path: string, ctx: ValidationContext): void {
  // A scalar is never a tag: checked without the two class tests (most values of a file are scalars).
  if (typeof value !== 'object' || value === null) {
    if (!ctx.skips(path)) check(value, path, ctx);
    return;
  }
  if (value instanceof ResetTag || ctx.skips(path)) return;
  check(untag(value), path, ctx);
}

/** Accepts anything (attributes passed through without a closer look). */
export const anything: Check = () => undefined;

function typeError(ctx: ValidationContext, path: string, value: YamlValue, expected: string): void {
  ctx.error(path, `invalid value ${show(value)}; ${expected}`);
}

export interface StringOptions {
  /** Allowed values. */
  readonly oneOf?: readonly string[];
  /** A syntax test, with the words of its error: `invalid {what} "v"; {expected}`. */
  readonly test?: (s: string) => boolean;
  readonly what?: string;
  readonly expected?: string;
}

export function str(options: StringOptions = {}): Check {
  return (value, path, ctx) => {
    if (typeof value !== 'string') return typeError(ctx, path, value, 'expected a string');
    if (options.oneOf !== undefined && !options.oneOf.includes(value)) {
      ctx.error(path, `invalid value ${show(value)}; expected one of: ${options.oneOf.join(', ')}`);
    } else if (options.test !== undefined && !options.test(value)) {
      ctx.error(path, `invalid ${options.what ?? 'value'} ${show(value)}; ${options.expected ?? 'see the Compose specification'}`);
    }
  };
}

export function integer(range: { readonly min?: number; readonly max?: number } = {}): Check {
  const { min, max } = range;
  const expected =
    min !== undefined && max !== undefined
      ? `expected an integer from ${min} to ${max}`
      : min !== undefined
        ? `expected an integer of at least ${min}`
        : EXPECTED_INTEGER;
  return (value, path, ctx) => {
    const n = parseInteger(value);
    if (n === undefined || (min !== undefined && n < min) || (max !== undefined && n > max)) typeError(ctx, path, value, expected);
  };
}

/** A non-negative number (or numeric string). */
export const nonNegativeNumber: Check = (value, path, ctx) => {
  if (parseNonNegativeNumber(value) === undefined) typeError(ctx, path, value, 'expected a number of at least 0');
};

/** Any number or numeric string (signed). */
export const number: Check = (value, path, ctx) => {
  const ok = typeof value === 'number' ? Number.isFinite(value) : typeof value === 'string' && Number.isFinite(Number(value)) && value.trim() !== '';
  if (!ok) typeError(ctx, path, value, 'expected a number');
};

export const boolean: Check = (value, path, ctx) => {
  if (parseBoolean(value) === undefined) typeError(ctx, path, value, EXPECTED_BOOLEAN);
};

export const duration: Check = (value, path, ctx) => {
  if (parseDuration(value) === undefined) ctx.error(path, `invalid duration ${show(value)}; ${EXPECTED_DURATION}`);
};

export const byteSize: Check = (value, path, ctx) => {
  if (parseBytes(value) === undefined) ctx.error(path, `invalid byte size ${show(value)}; ${EXPECTED_BYTES}`);
};

/** A byte size written as a string: compose's schema for `deploy.resources.*.memory` refuses a number (`67108864`). */
export const byteSizeString: Check = (value, path, ctx) => {
  if (typeof value !== 'string') ctx.error(path, `invalid byte size ${show(value)}; expected a string like "512m" or "2g" (compose refuses a number here)`);
  else byteSize(value, path, ctx);
};

/** A byte size, or -1 for "unlimited" (`memswap_limit`). */
export const byteSizeOrUnlimited: Check = (value, path, ctx) => {
  if (parseInteger(value) !== -1) byteSize(value, path, ctx);
};

export const cpus: Check = (value, path, ctx) => {
  if (parseCpus(value) === undefined) ctx.error(path, `invalid CPU count ${show(value)}; ${EXPECTED_CPUS}`);
};

export const fileMode: Check = (value, path, ctx) => {
  if (parseFileMode(value) === undefined) ctx.error(path, `invalid file mode ${show(value)}; ${EXPECTED_FILE_MODE}`);
};

export interface ListOptions {
  /** Duplicates are errors (the compose schema's `uniqueItems`). */
  readonly unique?: boolean;
  /** What a list of this kind holds, for the type error: `expected a list of ports`. */
  readonly of?: string;
}

export function list(item: Check, options: ListOptions = {}): Check {
  return (value, path, ctx) => {
    if (!Array.isArray(value)) return typeError(ctx, path, value, options.of === undefined ? 'expected a list' : `expected a list of ${options.of}`);
    // The values seen, strings and numbers apart (the string "1" and the number 1 differ; a Set
    // compares numbers as `${n}` would: 0 and -0 are one, NaN is NaN).
    const strings = options.unique === true ? new Set<string>() : undefined;
    const numbers = options.unique === true ? new Set<number>() : undefined;
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      const at = indexPath(path, i);
      validateAt(item, v, at, ctx);
      if (strings === undefined || numbers === undefined) continue;
      const u = untag(v);
      const seen = typeof u === 'string' ? strings : typeof u === 'number' ? numbers : undefined;
      if (seen === undefined) continue;
      if ((seen as Set<string | number>).has(u as string | number)) ctx.error(at, `duplicate value ${show(u)}; expected each value once`);
      (seen as Set<string | number>).add(u as string | number);
    }
  };
}

export interface MapOptions {
  /** Allowed keys, with the words of the error: `invalid {keyWhat} "k"; {keyExpected}`. */
  readonly key?: RegExp;
  readonly keyWhat?: string;
  readonly keyExpected?: string;
  /** What the mapping holds, for the type error: `expected a mapping of services`. */
  readonly of?: string;
}

/** A mapping with free-form keys whose values all pass `value`. */
export function mapOf(value: Check, options: MapOptions = {}): Check {
  return (v, path, ctx) => {
    if (!isMap(v)) return typeError(ctx, path, v, options.of === undefined ? 'expected a mapping' : `expected a mapping of ${options.of}`);
    // for-in over a plain mapping (own keys, in Object.keys order: the prototype lends none) reads
    // each value by the enumeration's own index, not by a look-up of the key.
    for (const k in v) {
      if (options.key !== undefined && !options.key.test(k)) {
        ctx.error(path, `invalid ${options.keyWhat ?? 'key'} ${show(k)}; ${options.keyExpected ?? 'see the Compose specification'}`);
        continue;
      }
      validateAt(value, v[k], keyPath(path, k), ctx);
    }
  };
}

export interface ObjectOptions {
  /** `x-` keys are allowed (default true, as almost everywhere in compose). */
  readonly extensions?: boolean;
  /** Keys that must be present. */
  readonly required?: readonly string[];
}

/** A mapping with known keys; unknown keys are errors with a "did you mean" hint. */
export function object(fields: Readonly<Record<string, Check>>, options: ObjectOptions = {}): Check {
  const known = Object.keys(fields);
  const extensions = options.extensions ?? true;
  const fallback =
    known.length <= 12
      ? `; expected one of: ${known.join(', ')}${extensions ? ' or an "x-" extension' : ''}`
      : `; expected a key of the Compose specification${extensions ? ' or an "x-" extension' : ''}`;
  // The check of each key by one hash look-up (no own-property test, then a read, on the table).
  const checks = new Map(Object.entries(fields));
  // Most mappings have no required key: no loop (nor its iterator) for them.
  const required = options.required !== undefined && options.required.length > 0 ? options.required : undefined;
  return (v, path, ctx) => {
    if (!isMap(v)) return typeError(ctx, path, v, 'expected a mapping');
    // for-in: see mapOf.
    for (const k in v) {
      const check = checks.get(k);
      if (check !== undefined) validateAt(check, v[k], keyPath(path, k), ctx);
      else if (!(extensions && k.startsWith('x-'))) ctx.error(path, `unknown key ${show(k)}${didYouMean(k, known, fallback)}`);
    }
    if (required === undefined) return;
    for (let i = 0; i < required.length; i++) {
      const k = required[i];
      if (!Object.prototype.hasOwnProperty.call(v, k)) ctx.error(path, `missing key ${show(k)}; it is required here`);
    }
  };
}

export interface TypeCases {
  readonly string?: Check;
  readonly number?: Check;
  readonly boolean?: Check;
  readonly list?: Check;
  readonly map?: Check;
  readonly null?: Check;
}

/** Chooses the check by the value's type; other types are errors naming what is expected. */
export function byType(cases: TypeCases, expected: string): Check {
  return (value, path, ctx) => {
    const check =
      value === null
        ? cases.null
        : Array.isArray(value)
          ? cases.list
          : isMap(value)
            ? cases.map
            : typeof value === 'string'
              ? cases.string
              : typeof value === 'number'
                ? cases.number
                : typeof value === 'boolean'
                  ? cases.boolean
                  : undefined;
    if (check === undefined) typeError(ctx, path, value, expected);
    else check(value, path, ctx);
  };
}

/** `null` is accepted (and means "not set" or "defaults"), anything else goes to `check`. */
export function nullable(check: Check): Check {
  return (value, path, ctx) => {
    if (value !== null) check(value, path, ctx);
  };
}

/** A string or a list of unique strings (`dns`, `dns_search`, `tmpfs`, `label_file`). */
export function stringOrList(item: Check = str()): Check {
  return byType({ string: item, list: list(item, { unique: true }) }, 'expected a string or a list of strings');
}

export const listOfStrings: Check = list(str(), { unique: true, of: 'strings' });

/** The values a compose `list_or_dict` mapping may hold. */
const dictValue: Check = (value, path, ctx) => {
  if (value !== null && typeof value === 'object') typeError(ctx, path, value, 'expected a string, a number, a boolean or null');
};

/** `environment`, `labels`, `annotations`, `sysctls`, `args` …: a mapping, or a list of `KEY=VALUE` strings. */
export const listOrDict: Check = byType(
  { map: mapOf(dictValue), list: list(str(), { unique: true }) },
  'expected a mapping or a list of "KEY=VALUE" strings',
);

/** Runs several checks on the same value. */
export function allOf(...checks: Check[]): Check {
  return (value, path, ctx) => {
    for (const c of checks) c(value, path, ctx);
  };
}
