/**
 * up's progress view while it waits for a wave: one line per service (what it waits for,
 * ready/desired, restarts). On a terminal the block is redrawn in place: the cursor goes up over
 * the lines drawn last, each line is cleared and cut to the terminal's width (a wrapped line would
 * take two rows and the next redraw would go up too few). Otherwise (a pipe, a CI log) a line is
 * printed only when it changed, so the log reads as a history. Nothing is written while nothing changes.
 */
import type { ServiceState } from './status';

/** Columns assumed when a terminal does not say its width. */
export const DEFAULT_COLUMNS = 80;

export function progressLine(s: ServiceState): string {
  const mark = s.failed ? '✗' : s.waiting === '' ? '✓' : '…';
  return `${mark} ${s.service.padEnd(20)} ${`${s.ready}/${s.desired}`.padEnd(5)} restarts ${String(s.restarts).padEnd(3)} ${s.failed ?? (s.waiting === '' ? 'ready' : s.waiting)}`;
}

/** `line` in at most `columns - 1` characters (the last one left free: some terminals wrap on it), ending in … when cut. */
function fit(line: string, columns: number): string {
  const chars = Array.from(line);
  const room = Math.max(columns - 1, 10);
  return chars.length <= room ? line : `${chars.slice(0, room - 1).join('')}…`;
}

export class ProgressView {
  private shown: string[] = [];

  constructor(
    private readonly write: (text: string) => void,
    private readonly tty: boolean,
    private readonly columns: number = DEFAULT_COLUMNS,
  ) {}

  /** Shows the services' states of this poll. */
  show(states: readonly ServiceState[]): void {
    const lines = states.map(progressLine);
    if (this.tty) {
      if (lines.length === this.shown.length && lines.every((l, i) => l === this.shown[i])) return;
      const up = this.shown.length > 0 ? `\x1b[${this.shown.length}A` : '';
      this.write(`${up}${lines.map((l) => `\x1b[2K${fit(l, this.columns)}\n`).join('')}`);
    } else {
      const fresh = lines.filter((l) => !this.shown.includes(l));
      if (fresh.length > 0) this.write(fresh.map((l) => `${l}\n`).join(''));
    }
    this.shown = lines;
  }
}
