/**
 * The compose env file format (`.env`, `--env-file`, service `env_file`):
 *
 * - one `KEY=VALUE` a line, optionally prefixed by `export `; blank lines and lines starting
 *   with `#` are ignored; blanks around the key and the `=` are ignored;
 * - `KEY=` is the empty string; `KEY` alone takes the value from the environment (the caller
 *   decides which), and is left out when that is unset;
 * - unquoted values end at the end of the line; ` #` (a blank, then `#`) starts a comment;
 *   trailing blanks are dropped;
 * - `'single quoted'` values are literal, except `\'` for a quote; they may span lines;
 * - `"double quoted"` values may span lines and understand `\n`, `\r`, `\t`, `\\`, `\"` and
 *   `\$` (a literal `$`); any other `\c` is `c`;
 * - unquoted and double-quoted values are interpolated (`${VAR}` …), single-quoted ones are not.
 *
 * Errors name the file and the line: `.env: line 3: …`.
 */
import type { Diagnostics } from '../../diagnostics';
import { show } from '../../diagnostics';

export interface RawEnvEntry {
  readonly key: string;
  /** The value with quotes and escapes removed (`$$` stands for an escaped `$`); null for `KEY` alone. */
  readonly value: string | null;
  /** Whether the value is interpolated (unquoted or double-quoted). */
  readonly interpolate: boolean;
  /** 1-based line of the key. */
  readonly line: number;
}

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const BLANK = /[ \t\f\v\r]/;

const DOUBLE_QUOTE_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  r: '\r',
  t: '\t',
  '\\': '\\',
  '"': '"',
  // Kept escaped for interpolation, which reads `$$` as a literal `$`.
  $: '$$',
};

class EnvParser {
  private at = 0;
  private line = 1;
  readonly entries: RawEnvEntry[] = [];

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly diags: Diagnostics,
  ) {}

  parse(): void {
    while (this.at < this.text.length) {
      this.skipBlanks();
      const c = this.text[this.at];
      if (c === undefined) break;
      if (c === '\n') {
        this.newline();
        continue;
      }
      if (c === '#') {
        this.skipToEndOfLine();
        continue;
      }
      if (!this.entry()) this.skipToEndOfLine();
    }
  }

  /** Parses one entry; false (after reporting) when the line is invalid. */
  private entry(): boolean {
    const line = this.line;
    if (/^export[ \t]/.test(this.text.slice(this.at, this.at + 7))) {
      this.at += 6;
      this.skipBlanks();
    }
    const keyStart = this.at;
    while (this.at < this.text.length && !'=\n#'.includes(this.text[this.at]) && !BLANK.test(this.text[this.at])) this.at++;
    const key = this.text.slice(keyStart, this.at);
    this.skipBlanks();
    const next = this.text[this.at];
    if (!KEY.test(key)) {
      this.error(line, `invalid variable name ${show(key)}; expected letters, digits and "_" (not starting with a digit), then "="`);
      return false;
    }
    if (next === undefined || next === '\n' || next === '#') {
      this.entries.push({ key, value: null, interpolate: false, line });
      return true;
    }
    if (next !== '=') {
      this.error(line, `invalid line for ${key}: unexpected ${show(next)}; expected KEY=VALUE`);
      return false;
    }
    this.at++;
    this.skipBlanks();
    const quote = this.text[this.at];
    if (quote === "'" || quote === '"') return this.quoted(key, quote, line);
    this.entries.push({ key, value: this.unquoted(), interpolate: true, line });
    return true;
  }

  private unquoted(): string {
    let end = this.text.indexOf('\n', this.at);
    if (end < 0) end = this.text.length;
    let value = this.text.slice(this.at, end);
    const comment = /[ \t]#/.exec(value);
    if (comment !== null) value = value.slice(0, comment.index);
    this.at = end;
    return value.replace(/[ \t\f\v\r]+$/, '');
  }

  private quoted(key: string, quote: string, line: number): boolean {
    this.at++;
    let value = '';
    for (;;) {
      const c = this.text[this.at];
      if (c === undefined) {
        this.error(line, `unterminated quoted value for ${key}; expected a closing ${quote}`);
        return false;
      }
      if (c === quote) {
        this.at++;
        break;
      }
      if (c === '\n') this.line++;
      if (c === '\\' && this.at + 1 < this.text.length) {
        const e = this.text[this.at + 1];
        if (quote === "'") {
          value += e === "'" ? "'" : `\\${e}`;
        } else {
          value += DOUBLE_QUOTE_ESCAPES[e] ?? e;
          if (e === '\n') this.line++;
        }
        this.at += 2;
        continue;
      }
      value += c;
      this.at++;
    }
    this.skipBlanks();
    const rest = this.text[this.at];
    if (rest !== undefined && rest !== '\n' && rest !== '#') {
      this.error(this.line, `unexpected text after the closing ${quote} of ${key}; expected the end of the line or a # comment`);
      return false;
    }
    this.entries.push({ key, value, interpolate: quote === '"', line });
    return true;
  }

  private skipBlanks(): void {
    while (this.at < this.text.length && BLANK.test(this.text[this.at])) this.at++;
  }

  private skipToEndOfLine(): void {
    while (this.at < this.text.length && this.text[this.at] !== '\n') this.at++;
  }

  private newline(): void {
    this.at++;
    this.line++;
  }

  private error(line: number, message: string): void {
    this.diags.error(this.file, `line ${line}`, message);
  }
}

/** Parses env file text into raw entries, in file order (later duplicates are kept; callers let the last win). */
export function parseEnvFile(text: string, file: string, diags: Diagnostics): RawEnvEntry[] {
  const parser = new EnvParser(text.startsWith('\uFEFF') ? text.slice(1) : text, file, diags);
  parser.parse();
  return parser.entries;
}
