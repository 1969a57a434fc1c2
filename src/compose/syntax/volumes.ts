/**
 * Short syntaxes of service `volumes` and `tmpfs`.
 *
 * `volumes`: `[SOURCE:]TARGET[:OPTIONS]`. No source is an anonymous volume (`/data`); a source
 * starting with `/`, `.` or `~` is a host path (bind mount); any other source is a named volume.
 * OPTIONS is a comma list of `ro`, `rw`, `nocopy`, SELinux (`z`, `Z`), propagation
 * (`shared`, `slave`, `private`, `rshared`, `rslave`, `rprivate`) and consistency
 * (`consistent`, `cached`, `delegated`) words.
 *
 * `tmpfs`: `TARGET[:OPTIONS]` with comma-separated mount options, of which `size=`, `mode=` and
 * `ro` are read (`/run:size=64m,mode=1777`).
 */
import { show } from '../../diagnostics';
import { parseBytes, parseFileMode } from './units';

export const EXPECTED_VOLUME = 'expected [SOURCE:]TARGET[:ro] with an absolute TARGET path, like "data:/var/lib/data" or "./conf:/etc/app:ro"';
export const EXPECTED_TMPFS = 'expected an absolute path with optional options, like "/run" or "/run:size=64m,mode=1777"';

export interface ShortVolume {
  readonly type: 'volume' | 'bind';
  /** As written; undefined for an anonymous volume. */
  readonly source?: string;
  readonly target: string;
  readonly readOnly: boolean;
  readonly nocopy: boolean;
  /** Options compose does not know (ignored, as compose does). */
  readonly unknownOptions: readonly string[];
}

const KNOWN_OPTIONS = new Set([
  'ro',
  'rw',
  'nocopy',
  'z',
  'Z',
  'shared',
  'slave',
  'private',
  'rshared',
  'rslave',
  'rprivate',
  'consistent',
  'cached',
  'delegated',
]);

/** True when a volume source is a host path rather than a volume name. */
export function isHostPath(source: string): boolean {
  return source.startsWith('/') || source.startsWith('.') || source.startsWith('~');
}

export function isAbsoluteContainerPath(p: string): boolean {
  return p.startsWith('/');
}

/** Parses a short `volumes` entry. */
export function parseVolumeString(spec: string): { volume: ShortVolume } | { error: string } {
  // Built only when the entry is invalid (show() of every valid entry is wasted work).
  const invalid = () => ({ error: `invalid volume ${show(spec)}; ${EXPECTED_VOLUME}` });
  const parts = spec.split(':');
  if (parts.some((p) => p === '') || parts.length > 3) return invalid();
  const [first, second, third] = parts;
  const source = parts.length === 1 ? undefined : first;
  const target = parts.length === 1 ? first : second;
  if (!isAbsoluteContainerPath(target)) return invalid();
  const options = third === undefined ? [] : third.split(',');
  return {
    volume: {
      type: source !== undefined && isHostPath(source) ? 'bind' : 'volume',
      ...(source === undefined ? {} : { source }),
      target,
      readOnly: options.includes('ro'),
      nocopy: options.includes('nocopy'),
      unknownOptions: options.filter((o) => !KNOWN_OPTIONS.has(o)),
    },
  };
}

/** The mount target of a `volumes` entry in either syntax, for merging by target; undefined when absent. */
export function volumeTarget(value: unknown): string | undefined {
  if (typeof value === 'string') {
    const parsed = parseVolumeString(value);
    return 'volume' in parsed ? parsed.volume.target : undefined;
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const target = (value as Record<string, unknown>).target;
    return typeof target === 'string' ? target : undefined;
  }
  return undefined;
}

export interface ShortTmpfs {
  readonly target: string;
  readonly readOnly: boolean;
  /** Bytes. */
  readonly size?: number;
  readonly mode?: number;
}

/** Parses a service `tmpfs` entry. */
export function parseTmpfsString(spec: string): { tmpfs: ShortTmpfs } | { error: string } {
  const colon = spec.indexOf(':');
  const target = colon < 0 ? spec : spec.slice(0, colon);
  if (!isAbsoluteContainerPath(target)) return { error: `invalid tmpfs ${show(spec)}; ${EXPECTED_TMPFS}` };
  const options = colon < 0 ? [] : spec.slice(colon + 1).split(',');
  let size: number | undefined;
  let mode: number | undefined;
  for (const option of options) {
    const [name, value] = option.split('=', 2);
    if (name === 'size') {
      size = parseBytes(value);
      if (size === undefined) return { error: `invalid tmpfs size ${show(value ?? '')} in ${show(spec)}; expected a size like "64m"` };
    } else if (name === 'mode') {
      mode = parseFileMode(value);
      if (mode === undefined) return { error: `invalid tmpfs mode ${show(value ?? '')} in ${show(spec)}; expected an octal mode like 1777` };
    }
  }
  return {
    tmpfs: {
      target,
      readOnly: options.includes('ro'),
      ...(size === undefined ? {} : { size }),
      ...(mode === undefined ? {} : { mode }),
    },
  };
}
