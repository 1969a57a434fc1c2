/**
 * Findings of the cluster suite that belong to another open issue: each entry names the issue, and
 * the suite asserts that it still fails with that error, so the entry must go when the issue is
 * resolved. Everything else the suite finds is a compiler defect fixed in this repository.
 */
export interface KnownFailure {
  /** "examples/jobs", or "examples/jobs image-tag" for a version pair. */
  readonly id: string;
  readonly mode: 'server-side' | 'client-side' | 'pair';
  readonly issue: number;
  readonly why: string;
  /** Part of the failure message that shows it is this finding. */
  readonly error: RegExp;
}

export const KNOWN_FAILURES: readonly KnownFailure[] = [];
