/**
 * `--strict` (synth and check): every warning with an attention code (src/attention.ts) becomes an
 * error, so that a CI gate refuses what the default mode renders with a warning. Informational
 * warnings (no code) stay warnings.
 */
import { Diagnostic } from './diagnostics';

/** The diagnostics with every coded warning turned into an error that says why it is one. */
export function strictDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return ds.map((d) => (d.severity === 'warning' && d.code !== undefined ? { ...d, severity: 'error', message: `${d.message} [${d.code}: an error with --strict]` } : d));
}
