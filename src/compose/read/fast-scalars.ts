/**
 * The reading position of fast-events.ts and what it reads at one position: spaces and comments,
 * scalars (js-yaml's scalar readers, mirrored for the subset described there), anchor and alias
 * names. Everything here follows js-yaml's parser (parser.ts) step by step and gives up
 * ({@link Unsupported}) where that parser could take a path not mirrored.
 */
import { CHOMPING_MODE, EVENT_ID, SCALAR_STYLE } from 'js-yaml';
import { EventTable } from './event-table';

export const NO_RANGE = -1;

/** Thrown to hand the text to js-yaml. */
export class Unsupported extends Error {}

export const unsupported = (): never => {
  throw new Unsupported();
};

export const isWsOrEol = (c: number): boolean => c === 32 || c === 10 || c === 9 || c === 13;
export const isWsOrEolOrEnd = (c: number): boolean => c === 0 || isWsOrEol(c);
export const isFlowIndicator = (c: number): boolean => c === 44 || c === 91 || c === 93 || c === 123 || c === 125;
const isHex = (c: number): boolean => (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 102);

/**
 * A character not taken inside a scalar: control characters (line breaks are handled before),
 * what js-yaml's checkPrintable refuses around DEL and C1, surrogates and the rare characters
 * above them.
 */
const unusual = (c: number): boolean => c < 32 || (c >= 0x7f && c <= 0x9f) || c >= 0xd800;

/**
 * Runs of characters each scalar reader takes one by one with nothing to decide, skipped at once:
 * a regular expression runs as native code from its first uses, where the same loop in JavaScript
 * is interpreted for most of a first run (a compose file is read once). Each leaves out what its
 * reader decides on, and every character {@link unusual} finds.
 */
const PLAIN_RUN = /[^:# \n,[\]{}\x00-\x1f\x7f-\x9f\ud800-\uffff]+/y;
const SINGLE_QUOTED_RUN = /[^'\x00-\x1f\x7f-\x9f\ud800-\uffff]+/y;
const DOUBLE_QUOTED_RUN = /[^"\\\x00-\x1f\x7f-\x9f\ud800-\uffff]+/y;
const LINE_RUN = /[^\n\x00-\x1f\x7f-\x9f\ud800-\uffff]+/y;

/**
 * What js-yaml's skipSeparationSpace skips: spaces, comments (to the line's end, never the end
 * mark) and line breaks, the spaces of the last line included.
 */
const SEPARATION = /(?: *(?:#[^\n\0]*)?\n)* *(?:#[^\n\0]*)?/y;
const SPACES = / */y;

/** Moves `pos` past the run `run` matches at it (if any); the new position. */
function skipRun(run: RegExp, text: string, pos: number): number {
  run.lastIndex = pos;
  return run.test(text) ? run.lastIndex : pos;
}

/** js-yaml's isSimpleEscape: the characters after `\` in a double-quoted scalar that stand alone. */
const SIMPLE_ESCAPES = new Set([48, 97, 98, 116, 9, 110, 118, 102, 114, 101, 32, 34, 47, 92, 78, 95, 76, 80]);

export class Cursor {
  protected pos = 0;
  protected lineStart = 0;
  protected lineIndent = 0;
  /** The text with js-yaml's end mark (NUL) appended. */
  protected readonly t: string;
  /** The scalar read last by {@link scalar} (not yet in the table): its range, style and `fast` flag. */
  protected scalarStart = NO_RANGE;
  protected scalarEnd = NO_RANGE;
  protected scalarStyle: number = SCALAR_STYLE.PLAIN;
  protected scalarFast = true;

  constructor(
    input: string,
    readonly out: EventTable,
  ) {
    this.t = `${input}\0`;
  }

  /** js-yaml's testDocumentSeparator at a line's start: `---` or `...` then a space, a line end or the end. */
  protected markerAt(i: number): boolean {
    const c = this.t.charCodeAt(i);
    return i === this.lineStart && (c === 45 || c === 46) && this.t.charCodeAt(i + 1) === c && this.t.charCodeAt(i + 2) === c && isWsOrEolOrEnd(this.t.charCodeAt(i + 3));
  }

  protected lineBreak(): void {
    this.pos++;
    this.lineStart = this.pos;
    this.lineIndent = 0;
  }

  /**
   * js-yaml's skipSeparationSpace with comments (the text has no tab, no carriage return and no NUL
   * but its end mark): true when it crossed a line break. The run of spaces, comments and line
   * breaks is one native match of {@link SEPARATION}; a `#` right after a character other than a
   * space or a line break starts no comment (js-yaml's hasSeparation).
   */
  protected skipSpace(): boolean {
    const t = this.t;
    const from = this.pos;
    const c = t.charCodeAt(from);
    // The two commonest cases without the match, which they would leave as here: content at pos
    // (nothing to skip), and the one space between a key's `:` and its value on the line.
    if (c !== 32 && c !== 10 && c !== 35) return false;
    if (c === 32) {
      const next = t.charCodeAt(from + 1);
      if (next !== 32 && next !== 10 && next !== 35) {
        this.pos = from + 1;
        return false;
      }
    }
    if (c === 35 && from !== this.lineStart && !isWsOrEol(t.charCodeAt(from - 1))) return false;
    SEPARATION.lastIndex = from;
    SEPARATION.test(t);
    const to = SEPARATION.lastIndex;
    this.pos = to;
    const lastBreak = to === from ? -1 : t.lastIndexOf('\n', to - 1);
    if (lastBreak < from) return false;
    this.lineStart = lastBreak + 1;
    SPACES.lastIndex = this.lineStart;
    SPACES.test(t);
    this.lineIndent = SPACES.lastIndex - this.lineStart;
    return true;
  }

  /** Adds a scalar row. */
  protected addScalar(valueStart: number, valueEnd: number, anchorStart: number, anchorEnd: number, style: number, fast: boolean, chomping: number = CHOMPING_MODE.CLIP, indent = -1): void {
    this.out.add(EVENT_ID.SCALAR, valueStart, valueEnd, anchorStart, anchorEnd, NO_RANGE, NO_RANGE, style, chomping, indent, fast);
  }

  /** Adds the scalar {@link scalar} read last, with an anchor. */
  protected addScalarRead(anchorStart: number, anchorEnd: number): void {
    this.addScalar(this.scalarStart, this.scalarEnd, anchorStart, anchorEnd, this.scalarStyle, this.scalarFast);
  }

  protected emptyScalar(anchorStart = NO_RANGE, anchorEnd = NO_RANGE): void {
    this.addScalar(NO_RANGE, NO_RANGE, anchorStart, anchorEnd, SCALAR_STYLE.PLAIN, false);
  }

  /** An anchor's or alias's name after its `&` or `*` at pos: its start (its end is pos). */
  protected name(): number {
    const start = ++this.pos;
    let ch = this.t.charCodeAt(this.pos);
    while (ch !== 0 && !isWsOrEol(ch) && !isFlowIndicator(ch)) ch = this.t.charCodeAt(++this.pos);
    if (this.pos === start) unsupported();
    return start;
  }

  /** An alias, or a quoted or plain scalar, added; false when none starts at pos. */
  protected aliasOrScalar(nodeIndent: number, inFlow: boolean, anchorStart: number, anchorEnd: number): boolean {
    if (this.t.charCodeAt(this.pos) === 42) {
      if (anchorStart !== NO_RANGE) unsupported();
      const start = this.name();
      this.out.add(EVENT_ID.ALIAS, NO_RANGE, NO_RANGE, start, this.pos, NO_RANGE, NO_RANGE, 0, 0, -1, false);
      return true;
    }
    if (!this.scalar(nodeIndent, inFlow)) return false;
    this.addScalarRead(anchorStart, anchorEnd);
    return true;
  }

  /** Reads a quoted or plain scalar at pos into the scalar fields (not the table); false when none starts there. */
  protected scalar(nodeIndent: number, inFlow: boolean): boolean {
    const ch = this.t.charCodeAt(this.pos);
    if (ch === 39 || ch === 34) return this.quoted(ch === 34);
    return this.plain(nodeIndent, inFlow);
  }

  /** js-yaml's readSingleQuotedScalar and readDoubleQuotedScalar, for a scalar on one line. */
  private quoted(double: boolean): boolean {
    const t = this.t;
    const start = ++this.pos;
    let simple = true;
    const run = double ? DOUBLE_QUOTED_RUN : SINGLE_QUOTED_RUN;
    for (;;) {
      this.pos = skipRun(run, t, this.pos);
      const ch = t.charCodeAt(this.pos);
      if (ch === (double ? 34 : 39)) {
        if (!double && t.charCodeAt(this.pos + 1) === 39) {
          simple = false;
          this.pos += 2;
          continue;
        }
        this.scalarStart = start;
        this.scalarEnd = this.pos++;
        this.scalarStyle = double ? SCALAR_STYLE.DOUBLE_QUOTED : SCALAR_STYLE.SINGLE_QUOTED;
        this.scalarFast = simple;
        return true;
      }
      if (double && ch === 92) {
        simple = false;
        const escaped = t.charCodeAt(++this.pos);
        if (SIMPLE_ESCAPES.has(escaped)) {
          this.pos++;
          continue;
        }
        let digits = escaped === 120 ? 2 : escaped === 117 ? 4 : escaped === 85 ? 8 : unsupported();
        while (digits-- > 0) if (!isHex(t.charCodeAt(++this.pos))) unsupported();
        this.pos++;
        continue;
      }
      // A line break (the scalar goes on), the end of the text, a character js-yaml checks.
      if (unusual(ch)) unsupported();
      this.pos++;
    }
  }

  /** js-yaml's canStartPlainScalar and readPlainScalar, for a scalar on one line. */
  private plain(nodeIndent: number, inFlow: boolean): boolean {
    const t = this.t;
    let ch = t.charCodeAt(this.pos);
    if (isWsOrEolOrEnd(ch) || ch === 35 || ch === 38 || ch === 42 || ch === 33 || ch === 124 || ch === 62 || ch === 39 || ch === 34 || ch === 37 || ch === 64 || ch === 96 || isFlowIndicator(ch)) return false;
    if (ch === 63 || ch === 45) {
      const following = t.charCodeAt(this.pos + 1);
      if (isWsOrEolOrEnd(following) || (inFlow && isFlowIndicator(following))) return false;
    }
    if (this.markerAt(this.pos)) unsupported();
    const start = this.pos;
    let end = start;
    for (;;) {
      const after = skipRun(PLAIN_RUN, t, this.pos);
      if (after !== this.pos) {
        this.pos = end = after;
        ch = t.charCodeAt(after);
      }
      if (ch === 58) {
        const following = t.charCodeAt(this.pos + 1);
        if (isWsOrEolOrEnd(following) || (inFlow && isFlowIndicator(following))) break;
      } else if (ch === 35) {
        if (isWsOrEol(t.charCodeAt(this.pos - 1))) break;
      } else if (inFlow && isFlowIndicator(ch)) break;
      else if (ch === 0) break;
      else if (ch === 10) {
        // js-yaml reads the next lines as more of the scalar when they are indented enough.
        if (inFlow || this.continues(nodeIndent)) unsupported();
        break;
      } else if (ch !== 32 && unusual(ch)) unsupported();
      if (ch !== 32) end = this.pos + 1;
      ch = t.charCodeAt(++this.pos);
    }
    if (end === start) return false;
    this.scalarStart = start;
    this.scalarEnd = end;
    this.scalarStyle = SCALAR_STYLE.PLAIN;
    this.scalarFast = true;
    return true;
  }

  /** Whether the lines after the line break at pos continue a plain scalar (js-yaml: lineIndent >= nodeIndent after skipSeparationSpace without comments). */
  private continues(nodeIndent: number): boolean {
    const t = this.t;
    let i = this.pos;
    let indent = 0;
    while (t.charCodeAt(i) === 10) {
      i++;
      indent = 0;
      while (t.charCodeAt(i) === 32) {
        indent++;
        i++;
      }
    }
    return indent >= nodeIndent;
  }

  /** js-yaml's readBlockScalar (`|`, `>`), added; false when none starts at pos. */
  protected blockScalar(parentIndent: number, anchorStart: number, anchorEnd: number): boolean {
    const t = this.t;
    const ch = t.charCodeAt(this.pos);
    if (ch !== 124 && ch !== 62) return false;
    const style = ch === 124 ? SCALAR_STYLE.LITERAL_BLOCK : SCALAR_STYLE.FOLDED_BLOCK;
    let chomping: number = CHOMPING_MODE.CLIP;
    let indent = -1;
    let detected = false;
    this.pos++;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (c === 43 || c === 45) {
        if (chomping !== CHOMPING_MODE.CLIP) unsupported();
        chomping = c === 43 ? CHOMPING_MODE.KEEP : CHOMPING_MODE.STRIP;
      } else if (c >= 49 && c <= 57 && !detected) {
        indent = parentIndent + (c - 48) - 1;
        detected = true;
      } else if (c >= 48 && c <= 57) unsupported();
      else break;
      this.pos++;
    }
    let hadSpace = false;
    while (t.charCodeAt(this.pos) === 32) {
      hadSpace = true;
      this.pos++;
    }
    if (hadSpace && t.charCodeAt(this.pos) === 35) while (t.charCodeAt(this.pos) !== 10 && t.charCodeAt(this.pos) !== 0) this.pos++;
    if (t.charCodeAt(this.pos) === 10) this.lineBreak();
    else if (t.charCodeAt(this.pos) !== 0) unsupported();
    let contentIndent = detected ? indent : -1;
    let maxLeadingIndent = 0;
    const valueStart = this.pos;
    let valueEnd = this.pos;
    while (t.charCodeAt(this.pos) !== 0) {
      const lineAt = this.pos;
      let column = 0;
      while (t.charCodeAt(lineAt + column) === 32) column++;
      const first = t.charCodeAt(lineAt + column);
      if (first === 0) {
        if (contentIndent >= 0 ? column > contentIndent : column > 0) valueEnd = lineAt + column;
        break;
      }
      if (this.markerAt(lineAt)) unsupported();
      const blank = first === 10;
      if (!detected && contentIndent === -1) {
        if (blank) maxLeadingIndent = Math.max(maxLeadingIndent, column);
        else if (column >= parentIndent && column < maxLeadingIndent) unsupported();
      }
      if (!blank && (contentIndent === -1 ? column < parentIndent : column < contentIndent)) {
        this.lineIndent = column;
        this.pos = lineAt + column;
        break;
      }
      if (!detected && !blank && contentIndent === -1) contentIndent = column;
      this.pos = skipRun(LINE_RUN, t, this.pos);
      const c = t.charCodeAt(this.pos);
      if (c !== 10 && c !== 0) unsupported();
      valueEnd = this.pos;
      if (c === 10) {
        this.lineBreak();
        valueEnd = this.pos;
      }
    }
    this.addScalar(valueStart, valueEnd, anchorStart, anchorEnd, style, false, chomping, contentIndent);
    return true;
  }
}
