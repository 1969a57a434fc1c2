/**
 * YAML parser events as columns of typed arrays, one row per event: what fast-yaml.ts builds values
 * from. A large compose file has tens of thousands of events; as objects (js-yaml's `Event`) they
 * all live until the document is built, so the young-generation collector copies each of them
 * and promotes them, which cost more than reading them on a first run. Rows in typed arrays are
 * no work for the collector.
 *
 * The fields are js-yaml's (`start` of a list or mapping is kept in `valueStart`); a field an event
 * kind does not have is -1 (0 for the small ones).
 */
import { getScalarValue, EVENT_ID, type Event } from 'js-yaml';

type ScalarEvent = Extract<Event, { type: typeof EVENT_ID.SCALAR }>;
type CollectionEvent = Extract<Event, { type: typeof EVENT_ID.SEQUENCE | typeof EVENT_ID.MAPPING }>;

/**
 * Longest key (in source characters) the fast path reads, counted from the line's start to its
 * `:`; yaml refuses implicit keys over 1,024: 1,000.
 */
export const MAX_KEY_COLUMN = 1000;

/** Rows a table starts with when no size is given: 1,024 (it doubles as it fills). */
const INITIAL_ROWS = 1024;

export class EventTable {
  /** Rows filled. */
  length = 0;
  /**
   * True when whoever filled the table checked every scalar key of a mapping as fast-yaml.ts
   * would: a plain or quoted scalar, not empty, on one line with its `:`, that `:` at most
   * {@link MAX_KEY_COLUMN} characters from the line's start (fast-events.ts does; js-yaml's
   * events are checked by fast-yaml.ts).
   */
  keysChecked = false;
  type: Uint8Array;
  /** A scalar's valueStart, a list's or mapping's start. */
  valueStart: Int32Array;
  valueEnd: Int32Array;
  anchorStart: Int32Array;
  anchorEnd: Int32Array;
  tagStart: Int32Array;
  tagEnd: Int32Array;
  style: Uint8Array;
  chomping: Uint8Array;
  indent: Int32Array;
  fast: Uint8Array;

  /** `rows`: a first guess of the number of events (the table grows past it). */
  constructor(rows = INITIAL_ROWS) {
    const n = Math.max(16, rows);
    this.type = new Uint8Array(n);
    this.valueStart = new Int32Array(n);
    this.valueEnd = new Int32Array(n);
    this.anchorStart = new Int32Array(n);
    this.anchorEnd = new Int32Array(n);
    this.tagStart = new Int32Array(n);
    this.tagEnd = new Int32Array(n);
    this.style = new Uint8Array(n);
    this.chomping = new Uint8Array(n);
    this.indent = new Int32Array(n);
    this.fast = new Uint8Array(n);
  }

  /** Appends a row; returns its index. */
  add(type: number, valueStart: number, valueEnd: number, anchorStart: number, anchorEnd: number, tagStart: number, tagEnd: number, style: number, chomping: number, indent: number, fast: boolean): number {
    if (this.length === this.type.length) this.grow();
    const k = this.length++;
    this.type[k] = type;
    this.valueStart[k] = valueStart;
    this.valueEnd[k] = valueEnd;
    this.anchorStart[k] = anchorStart;
    this.anchorEnd[k] = anchorEnd;
    this.tagStart[k] = tagStart;
    this.tagEnd[k] = tagEnd;
    this.style[k] = style;
    this.chomping[k] = chomping;
    this.indent[k] = indent;
    this.fast[k] = fast ? 1 : 0;
    return k;
  }

  private grow(): void {
    const n = this.type.length * 2;
    const more = <T extends Uint8Array | Int32Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a);
      return b;
    };
    this.type = more(this.type);
    this.valueStart = more(this.valueStart);
    this.valueEnd = more(this.valueEnd);
    this.anchorStart = more(this.anchorStart);
    this.anchorEnd = more(this.anchorEnd);
    this.tagStart = more(this.tagStart);
    this.tagEnd = more(this.tagEnd);
    this.style = more(this.style);
    this.chomping = more(this.chomping);
    this.indent = more(this.indent);
    this.fast = more(this.fast);
  }

  /** js-yaml's events as a table (a document event's flags and directives are not kept). */
  static of(events: readonly Event[]): EventTable {
    const table = new EventTable(events.length);
    for (const e of events) {
      if (e.type === EVENT_ID.SCALAR) table.add(e.type, e.valueStart, e.valueEnd, e.anchorStart, e.anchorEnd, e.tagStart, e.tagEnd, e.style, e.chomping, e.indent, e.fast);
      else if (e.type === EVENT_ID.SEQUENCE || e.type === EVENT_ID.MAPPING) table.add(e.type, e.start, -1, e.anchorStart, e.anchorEnd, e.tagStart, e.tagEnd, e.style, 0, -1, false);
      else if (e.type === EVENT_ID.ALIAS) table.add(e.type, -1, -1, e.anchorStart, e.anchorEnd, -1, -1, 0, 0, -1, false);
      else table.add(e.type, -1, -1, -1, -1, -1, -1, 0, 0, -1, false);
    }
    return table;
  }

  /** Row `k` as js-yaml's event object (a document event without directives). */
  event(k: number): Event {
    const type = this.type[k];
    if (type === EVENT_ID.SCALAR) return this.scalar(k);
    if (type === EVENT_ID.SEQUENCE || type === EVENT_ID.MAPPING) {
      const e = { type, start: this.valueStart[k], anchorStart: this.anchorStart[k], anchorEnd: this.anchorEnd[k], tagStart: this.tagStart[k], tagEnd: this.tagEnd[k], style: this.style[k] };
      return e as CollectionEvent;
    }
    if (type === EVENT_ID.ALIAS) return { type, anchorStart: this.anchorStart[k], anchorEnd: this.anchorEnd[k] };
    if (type === EVENT_ID.DOCUMENT) return { type, explicitStart: false, explicitEnd: false, directives: [] };
    return { type: EVENT_ID.POP };
  }

  private scalar(k: number): ScalarEvent {
    const e = {
      type: EVENT_ID.SCALAR,
      valueStart: this.valueStart[k],
      valueEnd: this.valueEnd[k],
      anchorStart: this.anchorStart[k],
      anchorEnd: this.anchorEnd[k],
      tagStart: this.tagStart[k],
      tagEnd: this.tagEnd[k],
      style: this.style[k],
      chomping: this.chomping[k],
      indent: this.indent[k],
      fast: this.fast[k] === 1,
    };
    return e as ScalarEvent;
  }

  /** Every row as js-yaml's event objects (for tests). */
  events(): Event[] {
    return Array.from({ length: this.length }, (_, k) => this.event(k));
  }

  /** The text of scalar row `k` (js-yaml's getScalarValue). */
  scalarValue(text: string, k: number): string {
    if (this.valueStart[k] === -1) return '';
    if (this.fast[k] === 1) return text.slice(this.valueStart[k], this.valueEnd[k]);
    return getScalarValue(text, this.scalar(k));
  }
}
