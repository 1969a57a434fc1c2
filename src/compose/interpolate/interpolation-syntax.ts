/**
 * The syntax of compose interpolation, parsed into a small tree so that evaluation, secret
 * classification and pre-scans all read it the same way:
 *
 * `$$` (a literal `$`), `$VAR`, `${VAR}`, and `${VAR<op>WORD}` with op one of `:-` `-` `:?` `?`
 * `:+` `+`, where WORD may itself hold interpolations (`${A:-${B:-c}}`). Names are
 * `[A-Za-z_][A-Za-z0-9_]*`. Any other `$` is a syntax error, as in compose.
 */

export type Operator = ':-' | '-' | ':?' | '?' | ':+' | '+';

export type TemplateNode =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: 'variable';
      readonly name: string;
      readonly operator?: Operator;
      /** The WORD after the operator (empty list for `${V:-}`). */
      readonly argument: readonly TemplateNode[];
      /** The expression exactly as written, e.g. `${V:-x}`. */
      readonly source: string;
    };

export type ParseResult = { readonly nodes: readonly TemplateNode[] } | { readonly error: string };

/** `[A-Za-z_]`, by character code. */
function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** `[A-Za-z0-9_]`, by character code. */
function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}
const OPERATORS: readonly Operator[] = [':-', ':?', ':+', '-', '?', '+'];

class Parser {
  private at = 0;

  constructor(private readonly input: string) {}

  /** Parses until the end of the input, or until an unmatched `}` when `inBraces`. */
  parseSequence(inBraces: boolean): TemplateNode[] | string {
    const nodes: TemplateNode[] = [];
    let text = '';
    const flush = () => {
      if (text !== '') nodes.push({ kind: 'text', text });
      text = '';
    };
    while (this.at < this.input.length) {
      const c = this.input[this.at];
      if (inBraces && c === '}') {
        flush();
        return nodes;
      }
      if (c !== '$') {
        // The run of ordinary characters up to the next `$` (or `}` inside braces), at once.
        let end = this.at + 1;
        while (end < this.input.length && this.input[end] !== '$' && !(inBraces && this.input[end] === '}')) end++;
        text += this.input.slice(this.at, end);
        this.at = end;
        continue;
      }
      const next = this.input[this.at + 1];
      if (next === '$') {
        text += '$';
        this.at += 2;
        continue;
      }
      flush();
      const node = next === '{' ? this.parseBraced() : this.parseNamed();
      if (typeof node === 'string') return node;
      nodes.push(node);
    }
    if (inBraces) return 'missing closing "}"';
    flush();
    return nodes;
  }

  private readName(): string {
    const start = this.at;
    if (this.at < this.input.length && isNameStart(this.input.charCodeAt(this.at))) {
      this.at++;
      while (this.at < this.input.length && isNameChar(this.input.charCodeAt(this.at))) this.at++;
    }
    return this.input.slice(start, this.at);
  }

  private parseNamed(): TemplateNode | string {
    const start = this.at;
    this.at++; // $
    const name = this.readName();
    if (name === '') return 'a "$" must be followed by a variable name, "{" or another "$"';
    return { kind: 'variable', name, argument: [], source: this.input.slice(start, this.at) };
  }

  private parseBraced(): TemplateNode | string {
    const start = this.at;
    this.at += 2; // ${
    const name = this.readName();
    if (name === '') return 'expected a variable name after "${"';
    if (this.input[this.at] === '}') {
      this.at++;
      return { kind: 'variable', name, argument: [], source: this.input.slice(start, this.at) };
    }
    const operator = OPERATORS.find((op) => this.input.startsWith(op, this.at));
    if (operator === undefined) {
      return this.at >= this.input.length
        ? 'missing closing "}"'
        : `unexpected ${JSON.stringify(this.input[this.at])} after the variable name; expected "}", ":-", "-", ":?", "?", ":+" or "+"`;
    }
    this.at += operator.length;
    const argument = this.parseSequence(true);
    if (typeof argument === 'string') return argument;
    this.at++; // }
    return { kind: 'variable', name, operator, argument, source: this.input.slice(start, this.at) };
  }
}

/** Most parse results {@link parseTemplate} keeps (then it starts over): 4,096. */
const PARSED_KEPT = 4096;

/** Parse results by input: a project repeats the same values (`${LOG_LEVEL:-info}`) in many services. */
const parsed = new Map<string, ParseResult>();

/** Parses a string that may hold interpolations (the result is shared: never modify it). */
export function parseTemplate(input: string): ParseResult {
  const known = parsed.get(input);
  if (known !== undefined) return known;
  const nodes = new Parser(input).parseSequence(false);
  const result: ParseResult = typeof nodes === 'string' ? { error: nodes } : { nodes };
  if (parsed.size >= PARSED_KEPT) parsed.clear();
  parsed.set(input, result);
  return result;
}

/** Every variable name the string refers to, defaults and messages included; empty when it does not parse. */
export function referencedVariables(input: string): string[] {
  if (!input.includes('$')) return [];
  const parsed = parseTemplate(input);
  if ('error' in parsed) return [];
  const names: string[] = [];
  const visit = (nodes: readonly TemplateNode[]) => {
    // An indexed loop: for-of makes an iterator result object per step until the code is optimized.
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i];
      if (n.kind === 'variable') {
        names.push(n.name);
        visit(n.argument);
      }
    }
  };
  visit(parsed.nodes);
  return names;
}

/** The text of a parsed argument as written (used to tell `${V:-}` from `${V:-x}`). */
export function writtenText(nodes: readonly TemplateNode[]): string {
  return nodes.map((n) => (n.kind === 'text' ? n.text : n.source)).join('');
}
