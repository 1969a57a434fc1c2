/**
 * Variables of a generated project and the interpolation forms that use them: every form of the
 * Compose Specification (`$V`, `${V}`, `${V:-d}`, `${V-d}`, `${V:?e}`, `${V?e}`, `${V:+r}`, `${V+r}`,
 * nesting, `$$`), with values from the process environment, `.env` (quotes, `export`, comments,
 * references to earlier lines) or an `--env-file`.
 */
import type { Draw } from './draw';

/** What a value is used for: ports and image tags need a valid result, text takes anything. */
export type VarKind = 'text' | 'port' | 'tag';

const TEXT_VARS = ['LOG_LEVEL', 'GREETING', 'REGION', 'APP_MODE', 'EMPTY_VAR', 'UNSET_A', 'UNSET_B'] as const;
/** Variables whose names make them secret (DESIGN: never resolved at synth time). */
export const SECRET_VARS = ['DB_PASSWORD', 'API_TOKEN'] as const;

export class Variables {
  /** Values set in the process environment. */
  readonly env: Record<string, string> = {};
  /** `.env` lines (or the `--env-file`), in order. */
  readonly dotenv: string[] = [];
  private readonly values = new Map<string, string | undefined>();

  constructor(private readonly d: Draw) {
    this.define('WEB_PORT', String(d.int(1025, 9999)));
    this.define('APP_TAG', d.pick(['1.2.3', '2.0', 'v7-alpine', '20.18.1']));
    for (const name of TEXT_VARS) {
      if (name.startsWith('UNSET')) continue;
      this.define(name, name === 'EMPTY_VAR' ? '' : d.text(10));
    }
    for (const name of SECRET_VARS) if (d.chance(0.5)) this.define(name, `conformance-${d.word(6)}`);
  }

  /** Sets `name` to `value` in the environment, in `.env` (some syntax), or in both (the environment wins). */
  private define(name: string, value: string): void {
    this.values.set(name, value);
    const where = this.d.int(0, 2);
    if (where !== 1) this.env[name] = value;
    if (where !== 0) this.dotenv.push(this.dotenvLine(name, where === 2 ? `shadowed${this.d.int(0, 9)}` : value));
  }

  private dotenvLine(name: string, value: string): string {
    const safe = /^[A-Za-z0-9._:/,=+%-]*$/.test(value);
    switch (this.d.int(0, 5)) {
      case 0:
        return `export ${name}=${safe ? value : `"${value}"`}`;
      case 1:
        return `${name}="${value}"`;
      case 2:
        return `${name}='${value}'`;
      case 3:
        return safe && value !== '' ? `${name}=${value} # a comment` : `${name}="${value}"`;
      case 4:
        return `${name} = "${value}"`;
      default:
        return safe ? `${name}=${value}` : `${name}="${value}"`;
    }
  }

  isSet(name: string): boolean {
    return this.values.get(name) !== undefined;
  }

  /** One interpolation of a `kind` value; the result is always a valid value of that kind. */
  expr(kind: VarKind): string {
    const d = this.d;
    if (kind === 'port') {
      return d.pick(['${WEB_PORT}', '$WEB_PORT', '${WEB_PORT:-8081}', '${WEB_PORT-8082}', '${WEB_PORT:?set WEB_PORT}', '${UNSET_PORT:-8083}', '${UNSET_PORT-8084}', '${UNSET_PORT:-${WEB_PORT}}']);
    }
    if (kind === 'tag') {
      return d.pick(['${APP_TAG}', '${APP_TAG:-1.0}', '${UNSET_TAG:-1.1}', '${UNSET_TAG-1.2}', '${APP_TAG?tag}', '${UNSET_TAG:-${APP_TAG}}']);
    }
    const v = d.pick(TEXT_VARS);
    const word = d.word(6);
    switch (d.int(0, 12)) {
      case 0:
        return `\${${v}}`;
      case 1:
        return `$${v}`;
      case 2:
        return `\${${v}:-${word}}`;
      case 3:
        return `\${${v}-${word}}`;
      case 4:
        return `\${${v}:+${word}}`;
      case 5:
        return `\${${v}+${word}}`;
      case 6:
        return `\${${v}:-\${${d.pick(TEXT_VARS)}:-${word}}}`;
      case 7:
        return this.isSet(v) && v !== 'EMPTY_VAR' ? `\${${v}:?needs ${v}}` : `\${${v}:-}`;
      case 8:
        return this.isSet(v) ? `\${${v}?needs ${v}}` : `\${${v}-}`;
      case 9:
        return d.pick(['$$', '$${NOT_INTERPOLATED}', '$$HOME', 'cost: $$5']);
      case 10:
        return `\${${v}:+\${${d.pick(TEXT_VARS)}}}`;
      case 11:
        return `\${${v}:-${word} ${d.word(4)}}`;
      default:
        return word;
    }
  }

  /** A value built from literal text and 0–2 interpolations (text kind). */
  textValue(): string {
    const d = this.d;
    const parts: string[] = [];
    const n = d.int(0, 2);
    if (d.chance(0.5) || n === 0) parts.push(d.text(8));
    for (let i = 0; i < n; i++) {
      const e = this.expr('text');
      // `$V` must not run into following name characters.
      parts.push(e, i < n - 1 || d.chance(0.5) ? d.pick(['/', '-', ' ', '.', ':']) : '');
    }
    return parts.join('');
  }

  /** A secret variable's interpolation: a reference our front end keeps unresolved. */
  secretExpr(): string {
    const v = this.d.pick(SECRET_VARS);
    if (this.isSet(v)) return this.d.pick([`\${${v}}`, `\${${v}:?set ${v}}`, `\${${v}:-fallback}`]);
    return this.d.pick([`\${${v}:-}`, `\${${v}:-fallback}`, `\${${v}:?set ${v} first}`]);
  }
}
