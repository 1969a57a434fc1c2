/**
 * Diagnostics shared by every stage. A diagnostic names the file, the path inside it and what is
 * wrong, e.g. `compose.yaml: services.web.healthcheck.interval: invalid duration "soon"; expected a
 * duration like "10s" or "1m30s"`. Stages collect them; only the CLI prints them.
 */
import type { AttentionCode } from './attention';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  readonly severity: Severity;
  /** File the problem is in, as the user named it (relative to the working directory when possible). */
  readonly file?: string;
  /** Dotted path inside the file, e.g. `services.web.ports[0]`. */
  readonly path?: string;
  readonly message: string;
  /**
   * Set on warnings that need the user's attention (src/attention.ts): listed under "Needs your
   * attention", and errors with `--strict`.
   */
  readonly code?: AttentionCode;
  /** The compose service it is about, for grouping under "Needs your attention". */
  readonly service?: string;
}

/** `FILE: PATH: message` (parts that are absent are left out). */
export function formatLocation(d: Pick<Diagnostic, 'file' | 'path' | 'message'>): string {
  return [d.file, d.path, d.message].filter((p) => p !== undefined && p !== '').join(': ');
}

/** `error: FILE: PATH: message` — the form the CLI prints, one a line. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.severity}: ${formatLocation(d)}`;
}

/** `1 service`, `2 services`: a count with its noun (plural by `s`). */
export const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
const count = plural;

/**
 * The last line of a failed run: `N errors, M warnings; nothing was written` (synth). check and
 * graph never write, so theirs ends after the counts.
 */
export function failureSummary(ds: readonly Diagnostic[], command: string): string {
  const errors = ds.filter((d) => d.severity === 'error').length;
  const counts = `${count(errors, 'error')}, ${count(ds.length - errors, 'warning')}`;
  return command === 'synth' ? `${counts}; nothing was written` : counts;
}

/** Quotes a value for a message the way the error format wants it: `"soon"`, `8080`, `{…}`. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

/** Collects diagnostics; stages keep going after an error so that the user sees every problem. */
export class Diagnostics {
  private readonly items: Diagnostic[] = [];
  private readonly seen = new Set<string>();

  error(file: string | undefined, path: string | undefined, message: string): void {
    this.push({ severity: 'error', file, path, message });
  }

  /** A warning; `code` marks one that needs attention (an error with `--strict`, src/attention.ts). */
  warn(file: string | undefined, path: string | undefined, message: string, code?: AttentionCode, service?: string): void {
    this.push({ severity: 'warning', file, path, message, ...(code ? { code } : {}), ...(service ? { service } : {}) });
  }

  push(d: Diagnostic): void {
    const key = formatDiagnostic(d);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.items.push(d);
  }

  addAll(ds: readonly Diagnostic[]): void {
    for (const d of ds) this.push(d);
  }

  get all(): readonly Diagnostic[] {
    return this.items;
  }

  get errors(): Diagnostic[] {
    return this.items.filter((d) => d.severity === 'error');
  }

  get warnings(): Diagnostic[] {
    return this.items.filter((d) => d.severity === 'warning');
  }

  hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }

  /** Throws a {@link UserError} carrying everything collected so far when any error was recorded. */
  throwIfErrors(): void {
    if (this.hasErrors()) throw new UserError(this.items.slice());
  }
}

/**
 * A problem in the user's input or invocation. The CLI prints its diagnostics and exits 1;
 * it never shows a stack trace.
 */
export class UserError extends Error {
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: readonly Diagnostic[] | string) {
    const ds: Diagnostic[] =
      typeof diagnostics === 'string' ? [{ severity: 'error', message: diagnostics }] : diagnostics.slice();
    // The message holds every error (a cdk8s app sees only the message): the first alone, or a count and one line each.
    const errors = ds.filter((d) => d.severity === 'error');
    const first = errors[0] ?? ds[0];
    super(errors.length > 1 ? `${errors.length} errors:\n${errors.map((d) => `  ${formatLocation(d)}`).join('\n')}` : first ? formatLocation(first) : 'invalid input');
    this.name = 'UserError';
    this.diagnostics = ds;
  }
}
