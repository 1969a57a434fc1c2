/**
 * A diagnostics collector that keeps at most {@link MAX_DIAGNOSTICS} errors and as many warnings,
 * so that a file with a huge number of problems is still answered quickly; the rest are counted
 * in one closing message.
 */
import { Diagnostics, type Diagnostic } from '../../diagnostics';

/** Most errors (and, separately, most warnings) one load reports: 200. */
export const MAX_DIAGNOSTICS = 200;

export class BoundedDiagnostics extends Diagnostics {
  private readonly kept = { error: 0, warning: 0 };
  private readonly dropped = { error: 0, warning: 0 };

  override push(d: Diagnostic): void {
    if (this.kept[d.severity] >= MAX_DIAGNOSTICS) {
      this.dropped[d.severity]++;
      return;
    }
    this.kept[d.severity]++;
    super.push(d);
  }

  /** Records how many problems were left out, if any; call once, when collection is over. */
  summarize(): void {
    if (this.dropped.error > 0) {
      super.push({ severity: 'error', message: `${this.dropped.error} more errors not shown; fix the ones above and run again` });
    }
    if (this.dropped.warning > 0) super.push({ severity: 'warning', message: `${this.dropped.warning} more warnings not shown` });
  }
}
