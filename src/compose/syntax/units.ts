/**
 * Compose value syntaxes: durations, byte sizes, CPU counts, integers, booleans and file modes.
 * Each parser returns the value, or undefined when the input is not in that syntax; callers word
 * the error with the `expected…` texts exported here so every message reads the same.
 */

export const EXPECTED_DURATION = 'expected a duration like "10s" or "1m30s"';
export const EXPECTED_BYTES = 'expected a size like "512m", "2g" or a number of bytes';
export const EXPECTED_CPUS = 'expected a number of CPUs like 0.5 or "2"';
export const EXPECTED_INTEGER = 'expected an integer';
export const EXPECTED_BOOLEAN = 'expected true or false';
export const EXPECTED_FILE_MODE = 'expected an octal file mode like 0440';

/** Milliseconds per unit of a compose (Go) duration. */
const DURATION_UNITS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  'µs': 1e-3,
  'μs': 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const DURATION_PART = /([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h)/y;

/**
 * A compose duration (`{value}{unit}` repeated, Go syntax: `10s`, `1m30s`, `1.5h`, `500ms`; `0`
 * alone is zero) in milliseconds. Plain numbers are not durations (the compose schema wants a
 * string). Negative durations are rejected.
 */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const s = value.trim();
  if (s === '0') return 0;
  if (s === '') return undefined;
  let total = 0;
  let at = 0;
  while (at < s.length) {
    DURATION_PART.lastIndex = at;
    const m = DURATION_PART.exec(s);
    if (m === null) return undefined;
    total += Number(m[1]) * DURATION_UNITS[m[2]];
    at = DURATION_PART.lastIndex;
  }
  return total;
}

/** Multipliers of byte-size suffixes; compose (docker/go-units) uses binary multiples: `1k` = 1024. */
const BYTE_UNITS: Readonly<Record<string, number>> = {
  '': 1,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
  t: 1024 ** 4,
  p: 1024 ** 5,
};

/** docker/go-units RAMInBytes: a unit letter may be followed by `b` or `ib` (`64m`, `64mb`, `64mib`), never `i` alone (`64Mi` is refused). */
const BYTE_SIZE = /^([0-9]+(?:\.[0-9]+)?) ?(?:([kmgtp])(?:i?b)?|b)?$/i;

/**
 * A byte size in bytes: a non-negative integer number of bytes, or a string such as `512m`,
 * `2g`, `1.5gb`, `1GiB`, `100k`, `1024` (suffixes are binary multiples; fractions are rounded down).
 * `512Mi` is refused, as docker refuses it.
 */
export function parseBytes(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = BYTE_SIZE.exec(value.trim());
  if (m === null) return undefined;
  const bytes = Math.floor(Number(m[1]) * BYTE_UNITS[(m[2] ?? '').toLowerCase()]);
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

const DECIMAL = /^[+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$/;

/** A CPU count: a non-negative number or numeric string (`0.5`, `"2"`, `"1.5"`). */
export function parseCpus(value: unknown): number | undefined {
  return parseNonNegativeNumber(value);
}

/** A non-negative finite number, or a string holding one. */
export function parseNonNegativeNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string' || !DECIMAL.test(value.trim())) return undefined;
  const n = Number(value.trim());
  return Number.isFinite(n) ? n : undefined;
}

const INTEGER = /^[-+]?[0-9]+$/;

/** An integer, or a string holding one (compose casts interpolated strings such as `"3"`). */
export function parseInteger(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value !== 'string' || !INTEGER.test(value.trim())) return undefined;
  const n = Number(value.trim());
  return Number.isSafeInteger(n) ? n : undefined;
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', 'on']);
const FALSE_WORDS = new Set(['false', 'no', 'n', 'off']);

/** A boolean, or a string compose reads as one (`true`/`false`, `yes`/`no`, `y`/`n`, `on`/`off`, any case). */
export function parseBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const w = value.trim().toLowerCase();
  if (TRUE_WORDS.has(w)) return true;
  if (FALSE_WORDS.has(w)) return false;
  return undefined;
}

const OCTAL = /^(0o|0)?([0-7]+)$/i;

/**
 * A file mode. Numbers are taken as the YAML reader produced them (`0440` is already octal, 288);
 * strings are always octal (`"0440"`, `"440"`, `"0o440"` → 288).
 */
export function parseFileMode(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 && value <= 0o7777 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = OCTAL.exec(value.trim());
  if (m === null) return undefined;
  const mode = parseInt(m[2], 8);
  return mode <= 0o7777 ? mode : undefined;
}
