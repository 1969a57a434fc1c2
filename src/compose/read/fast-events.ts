/**
 * A lean reader of the YAML that compose files are mostly written in: for the texts it takes it
 * gives exactly the events js-yaml's `parseEvents` gives (field by field, in the same order), as
 * rows of an {@link EventTable} (no object per event); for every other text it gives undefined,
 * and fast-yaml.ts asks js-yaml. What the events mean (values, anchors, merge keys, every bound)
 * stays fast-yaml.ts's business: this module only replaces the reading of the syntax.
 *
 * It follows js-yaml's parser (parser.ts: parseNode, readBlockMapping, readBlockSequence and
 * readFlowCollection here, the scalar readers in fast-scalars.ts) step by step — the same
 * positions, the same indentation state, the same `fast` flags — for these constructs:
 * - block mappings with implicit keys (`key: value`), the key a plain or quoted scalar on one line;
 * - block sequences, an entry of which may be a compact mapping (`- key: value`) or sequence;
 * - flow sequences and mappings on one line, of scalars, aliases and nested flow collections;
 * - plain scalars on one line, quoted scalars on one line, literal and folded block scalars;
 * - anchors (`&name`) on values, aliases (`*name`), comments.
 * It gives up ({@link Unsupported}, then undefined) wherever js-yaml could take a path not
 * mirrored here: a tab, a carriage return, a NUL or a byte order mark anywhere; a directive or a
 * document marker; a tag; an explicit (`? `) or empty key, a key that is a collection or an alias,
 * or has an anchor, or whose `:` is more than MAX_KEY_COLUMN characters from its line's start; a
 * flow mapping key without `:`; a scalar over more lines; a flow collection over more lines or
 * with a comment; a second property; content after a value on its line; a character js-yaml checks
 * as non-printable, a surrogate or anything above U+D7FF; nesting deeper than {@link MAX_DEPTH}.
 * Giving up costs only time: js-yaml then reads the text as before.
 *
 * The differential test (test/compose/fast-events.test.ts) holds its events equal to js-yaml's on
 * every YAML file of the repository, generated documents and mutated ones.
 */
import { COLLECTION_STYLE, EVENT_ID } from 'js-yaml';
import { EventTable, MAX_KEY_COLUMN } from './event-table';
import { Cursor, NO_RANGE, Unsupported, isWsOrEol, isWsOrEolOrEnd, unsupported } from './fast-scalars';

/** Deepest nesting of nodes read here (js-yaml's own bound for fast-yaml.ts is 60): 40. */
const MAX_DEPTH = 40;

class Scanner extends Cursor {
  private depth = 0;

  /** Reads the single document whose root is a block mapping (parseEvents + readDocument). */
  document(length: number): EventTable {
    this.skipSpace();
    const c = this.t.charCodeAt(this.pos);
    // No content, a directive, a document marker (or a root key starting with `-` or `.`): not read here.
    if (c === 0 || c === 37 || c === 45 || c === 46) unsupported();
    this.out.add(EVENT_ID.DOCUMENT, NO_RANGE, NO_RANGE, NO_RANGE, NO_RANGE, NO_RANGE, NO_RANGE, 0, 0, -1, false);
    this.blockNode(this.lineIndent - 1, true, false, true);
    if (this.out.type[1] !== EVENT_ID.MAPPING || this.out.style[1] !== COLLECTION_STYLE.BLOCK) unsupported();
    this.skipSpace();
    if (this.pos < length) unsupported();
    this.pop();
    // Every key was read by key() or colonAhead(), or as a flow mapping's key: see keysChecked.
    this.out.keysChecked = true;
    return this.out;
  }

  private pop(): void {
    this.out.add(EVENT_ID.POP, NO_RANGE, NO_RANGE, NO_RANGE, NO_RANGE, NO_RANGE, NO_RANGE, 0, 0, -1, false);
  }

  private collection(type: number, start: number, anchorStart: number, anchorEnd: number, style: number): void {
    this.out.add(type, start, NO_RANGE, anchorStart, anchorEnd, NO_RANGE, NO_RANGE, style, 0, -1, false);
  }

  /** Spaces inside a flow collection on one line (a line break or a comment there: not read here). */
  private flowSpace(): void {
    let ch = this.t.charCodeAt(this.pos);
    while (ch === 32) ch = this.t.charCodeAt(++this.pos);
    if (ch === 10 || ch === 35 || ch === 0) unsupported();
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) unsupported();
  }

  /**
   * js-yaml's parseNode in a block context: for a mapping value (`blockOut`, seeking the next
   * line, no compact collection) or a sequence entry (no seeking, compact collections allowed), and
   * the root.
   */
  private blockNode(parentIndent: number, blockOut: boolean, seek: boolean, compact: boolean): void {
    this.enter();
    let indentStatus = 1;
    let atNewLine = false;
    let allowBlockCollections = true;
    let anchorStart = NO_RANGE;
    let anchorEnd = NO_RANGE;
    if (seek && this.skipSpace()) {
      atNewLine = true;
      indentStatus = Math.sign(this.lineIndent - parentIndent);
    }
    let ch = this.t.charCodeAt(this.pos);
    if (indentStatus === 1 && ch === 33) unsupported();
    if (indentStatus === 1 && ch === 38) {
      anchorStart = this.name();
      anchorEnd = this.pos;
      if (this.skipSpace()) {
        atNewLine = true;
        indentStatus = Math.sign(this.lineIndent - parentIndent);
      } else allowBlockCollections = false;
      ch = this.t.charCodeAt(this.pos);
      if (ch === 33 || ch === 38) unsupported();
    }
    allowBlockCollections &&= atNewLine || compact;
    let hasContent = false;
    if (indentStatus === 1 || blockOut) {
      const flowIndent = parentIndent + 1;
      const blockIndent = this.pos - this.lineStart;
      if (indentStatus === 1) {
        if (allowBlockCollections && (this.blockSequence(blockIndent, anchorStart, anchorEnd) || this.blockMapping(blockIndent, flowIndent, anchorStart, anchorEnd))) {
          hasContent = true;
        } else {
          // Chosen by the first character (neither reader above moved pos when it read nothing):
          // flowCollection reads `[` or `{` and blockScalar `|` or `>` whole or gives up, and
          // reads nothing otherwise, so a scalar (most values) is read without calling them.
          const c = this.t.charCodeAt(this.pos);
          hasContent =
            c === 91 || c === 123
              ? this.flowCollection(flowIndent, anchorStart, anchorEnd)
              : c === 124 || c === 62
                ? this.blockScalar(flowIndent, anchorStart, anchorEnd)
                : this.aliasOrScalar(flowIndent, false, anchorStart, anchorEnd);
        }
        // Nothing js-yaml could read here either: not read here.
        if (!hasContent) unsupported();
      } else if (indentStatus === 0) {
        hasContent = allowBlockCollections && this.blockSequence(blockIndent, anchorStart, anchorEnd);
      }
    }
    if (!hasContent) this.emptyScalar(anchorStart, anchorEnd);
    this.depth--;
  }

  /** js-yaml's readBlockSequence; false when no `- ` is at pos. */
  private blockSequence(nodeIndent: number, anchorStart: number, anchorEnd: number): boolean {
    const t = this.t;
    if (t.charCodeAt(this.pos) !== 45 || !isWsOrEolOrEnd(t.charCodeAt(this.pos + 1))) return false;
    this.collection(EVENT_ID.SEQUENCE, this.pos, anchorStart, anchorEnd, COLLECTION_STYLE.BLOCK);
    while (t.charCodeAt(this.pos) === 45 && isWsOrEolOrEnd(t.charCodeAt(this.pos + 1))) {
      const entryLine = this.lineStart;
      this.pos++;
      if (this.skipSpace() && this.lineIndent <= nodeIndent) this.emptyScalar();
      else this.blockNode(nodeIndent, false, false, true);
      this.skipSpace();
      // Anything after an entry on its line (js-yaml reads some of it on): not read here.
      if (this.lineStart === entryLine && t.charCodeAt(this.pos) !== 0) unsupported();
      if (this.lineIndent < nodeIndent || this.pos >= t.length - 1) break;
      if (this.lineIndent > nodeIndent) unsupported();
    }
    this.pop();
    return true;
  }

  /**
   * js-yaml's readBlockMapping in a position where a compact collection may start: a mapping when
   * a key and its `:` come first, else the node read as its first key (a scalar, an alias or a flow
   * collection) with the anchor given; false when nothing js-yaml reads as a key is at pos.
   */
  private blockMapping(nodeIndent: number, flowIndent: number, anchorStart: number, anchorEnd: number): boolean {
    const t = this.t;
    const ch = t.charCodeAt(this.pos);
    if ((ch === 63 || ch === 58) && isWsOrEolOrEnd(t.charCodeAt(this.pos + 1))) unsupported();
    if (ch === 33 || ch === 38) unsupported();
    if (ch === 91 || ch === 123 || ch === 42) {
      if (!this.flowCollection(flowIndent, anchorStart, anchorEnd)) this.aliasOrScalar(flowIndent, false, anchorStart, anchorEnd);
      // A collection or an alias as a key: not read here.
      if (this.colonAhead()) unsupported();
      return true;
    }
    const keyStart = this.pos;
    if (!this.scalar(flowIndent, false)) return false;
    if (!this.colonAhead()) {
      // Not a key: the scalar itself, read again with the anchor by js-yaml (the same event).
      this.addScalarRead(anchorStart, anchorEnd);
      return true;
    }
    this.collection(EVENT_ID.MAPPING, keyStart, anchorStart, anchorEnd, COLLECTION_STYLE.BLOCK);
    for (;;) {
      // At the `:` of the key just read.
      const entryLine = this.lineStart;
      this.pos++;
      this.addScalarRead(NO_RANGE, NO_RANGE);
      this.blockNode(nodeIndent, true, true, false);
      this.skipSpace();
      if (t.charCodeAt(this.pos) === 0) break;
      if (this.lineStart === entryLine || this.lineIndent > nodeIndent) unsupported();
      if (this.lineIndent < nodeIndent) break;
      this.key(flowIndent);
    }
    this.pop();
    return true;
  }

  /** Reads a further key of a block mapping (a scalar on one line and its `:`), with pos left at the `:`. */
  private key(flowIndent: number): void {
    const ch = this.t.charCodeAt(this.pos);
    if ((ch === 63 || ch === 58) && isWsOrEolOrEnd(this.t.charCodeAt(this.pos + 1))) unsupported();
    if (!this.scalar(flowIndent, false) || !this.colonAhead()) unsupported();
  }

  /**
   * After a key on its line: skips spaces; true when a `:` and a space, line end or end follow (pos
   * at the `:`), false when no `:` follows; a `:` followed by anything else is not read here.
   */
  private colonAhead(): boolean {
    let ch = this.t.charCodeAt(this.pos);
    while (ch === 32) ch = this.t.charCodeAt(++this.pos);
    if (ch !== 58) return false;
    if (!isWsOrEolOrEnd(this.t.charCodeAt(this.pos + 1)) || this.pos - this.lineStart > MAX_KEY_COLUMN) unsupported();
    return true;
  }

  /** js-yaml's readFlowCollection for a collection on one line; false when none starts at pos. */
  private flowCollection(nodeIndent: number, anchorStart: number, anchorEnd: number): boolean {
    const t = this.t;
    const open = t.charCodeAt(this.pos);
    if (open !== 91 && open !== 123) return false;
    const isMapping = open === 123;
    const terminator = isMapping ? 125 : 93;
    this.collection(isMapping ? EVENT_ID.MAPPING : EVENT_ID.SEQUENCE, this.pos, anchorStart, anchorEnd, COLLECTION_STYLE.FLOW);
    this.enter();
    this.pos++;
    let readNext = true;
    for (;;) {
      this.flowSpace();
      let ch = t.charCodeAt(this.pos);
      if (ch === terminator) {
        this.pos++;
        this.pop();
        this.depth--;
        return true;
      }
      if (!readNext || ch === 44 || (ch === 63 && isWsOrEol(t.charCodeAt(this.pos + 1)))) unsupported();
      if (!this.flowNode(nodeIndent)) unsupported();
      this.flowSpace();
      ch = t.charCodeAt(this.pos);
      if (ch === 58) {
        // A pair in a list (`[a: b]`), or a key too far right (see keysChecked): not read here.
        if (!isMapping || this.pos - this.lineStart > MAX_KEY_COLUMN) unsupported();
        this.pos++;
        this.flowSpace();
        if (!this.flowNode(nodeIndent)) this.emptyScalar();
        this.flowSpace();
      } else if (isMapping) unsupported(); // a key without `:` (`{a, b}`): fast-yaml.ts hands it on
      readNext = t.charCodeAt(this.pos) === 44;
      if (readNext) this.pos++;
    }
  }

  /** js-yaml's parseNode inside a flow collection (no property); false when nothing is read. */
  private flowNode(nodeIndent: number): boolean {
    const ch = this.t.charCodeAt(this.pos);
    if (ch === 33 || ch === 38) unsupported();
    return this.flowCollection(nodeIndent, NO_RANGE, NO_RANGE) || this.aliasOrScalar(nodeIndent, true, NO_RANGE, NO_RANGE);
  }
}

/**
 * js-yaml's `parseEvents(text)` as an {@link EventTable}, for a text of the subset this module
 * reads (see the module comment); undefined for any other text.
 */
export function scanEvents(text: string): EventTable | undefined {
  if (text.includes('\t') || text.includes('\r') || text.includes('\0') || text.includes('\uFEFF')) return undefined;
  try {
    // About one event per 11 characters in compose files: the table seldom grows.
    return new Scanner(text, new EventTable(text.length >> 3)).document(text.length);
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}
