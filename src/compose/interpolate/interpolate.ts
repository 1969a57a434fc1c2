/**
 * Compose interpolation, applied to every string value of a file (keys are not interpolated)
 * before files are merged.
 *
 * Variables classified as secret are never resolved, set or not: where secrets are allowed
 * (environment values, `command`, `entrypoint`, `healthcheck.test`) a reference mark stands in
 * for the value (see secret-refs.ts); in `x-*` extensions the expression is kept as written;
 * anywhere else a secret variable is an error.
 */
import type { Diagnostics } from '../../diagnostics';
import { show } from '../../diagnostics';
import { parseTemplate, referencedVariables, writtenText, type TemplateNode } from './interpolation-syntax';
import { isImageReference } from '../syntax';
import { MARK, secretRefMark, variableNoteMark } from './secret-refs';
import { OverrideTag, ResetTag, indexPath, interpolationKnown, isInterpolating, isMap, isTagFree, keyPath, markTagFree, setKey, type YamlMap, type YamlValue } from '../yaml-value';

/** Read access to the variables interpolation uses. */
export interface VariableLookup {
  get(name: string): string | undefined;
}

/**
 * How secret variables are treated at a place in the file:
 * - `plain`: not allowed (error);
 * - `secret-ref`: a reference mark;
 * - `environment`: a reference mark, and non-secret variables are noted (for `EnvEntry.fromVariables`);
 * - `extension`: kept as written, never resolved.
 */
export type InterpolationMode = 'plain' | 'secret-ref' | 'environment' | 'extension';

export const SECRET_PLACES = 'secret variables are allowed in environment, command, entrypoint, healthcheck.test and the command and environment of post_start and pre_stop hooks';

/** Where diagnostics of one string go. */
export interface Reporter {
  error(message: string): void;
  warn(message: string): void;
}

/** Decides which variables are secret, and learns which of them were referenced. */
export interface SecretClassifier {
  isSecret(name: string): boolean;
  markUsed(name: string): void;
}

/** For env files that define values: nothing is secret there. */
export const NO_SECRETS: SecretClassifier = { isSecret: () => false, markUsed: () => undefined };

export interface InterpolationScope {
  readonly variables: VariableLookup;
  readonly secrets: SecretClassifier;
}

type VariableNode = Extract<TemplateNode, { kind: 'variable' }>;

class Evaluator {
  failed = false;

  constructor(
    private readonly scope: InterpolationScope,
    private readonly mode: InterpolationMode,
    private readonly report: Reporter,
  ) {}

  run(nodes: readonly TemplateNode[], mode: InterpolationMode = this.mode): string {
    let out = '';
    // An indexed loop: for-of makes an iterator result object per step until the code is optimized.
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i];
      out += n.kind === 'text' ? n.text : this.variable(n, mode);
    }
    return out;
  }

  private variable(n: VariableNode, mode: InterpolationMode): string {
    return this.scope.secrets.isSecret(n.name) ? this.secretVariable(n, mode) : this.plainVariable(n, mode);
  }

  private secretVariable(n: VariableNode, mode: InterpolationMode): string {
    this.scope.secrets.markUsed(n.name);
    if (mode === 'extension') return n.source;
    if (mode === 'plain') {
      this.fail(`secret variable ${n.name} cannot be used here; ${SECRET_PLACES}`);
      return '';
    }
    if (n.operator === ':+' || n.operator === '+') {
      this.report.warn(
        `secret variable ${n.name} is never resolved, so ${show(n.source)} is treated as if it were set; its replacement is used`,
      );
      return this.run(n.argument, mode);
    }
    let required = true;
    let defaultIgnored = false;
    if (n.operator === ':-' || n.operator === '-') {
      defaultIgnored = writtenText(n.argument) !== '';
      required = defaultIgnored;
      if (defaultIgnored) this.report.warn(`the default of secret variable ${n.name} is ignored; its value must come from the Secret`);
    }
    return secretRefMark({ secretVariable: n.name, required, defaultIgnored });
  }

  private plainVariable(n: VariableNode, mode: InterpolationMode): string {
    const raw = this.scope.variables.get(n.name);
    if (raw?.includes(MARK)) {
      // U+0000 marks secret references internally; a value must never be able to forge one.
      this.fail(`variable ${n.name} contains the character U+0000; remove it from its value`);
    }
    const value = raw?.split(MARK).join('');
    const set = value !== undefined;
    const nonEmpty = set && value !== '';
    let result: string;
    switch (n.operator) {
      case undefined:
        if (!set && mode !== 'extension') this.report.warn(`variable ${n.name} is not set; using an empty string`);
        result = value ?? '';
        break;
      case ':-':
        result = nonEmpty ? value : this.run(n.argument, mode);
        break;
      case '-':
        result = set ? value : this.run(n.argument, mode);
        break;
      case ':?':
      case '?':
        if (n.operator === ':?' ? nonEmpty : set) {
          result = value ?? '';
        } else {
          const message = this.run(n.argument, 'extension');
          this.fail(`required variable ${n.name} is missing a value${message === '' ? '' : `: ${message}`}`);
          result = '';
        }
        break;
      case ':+':
        result = nonEmpty ? this.run(n.argument, mode) : '';
        break;
      case '+':
        result = set ? this.run(n.argument, mode) : '';
        break;
    }
    return mode === 'environment' ? variableNoteMark(n.name) + result : result;
  }

  private fail(message: string): void {
    this.failed = true;
    this.report.error(message);
  }
}

/**
 * Interpolates one string. Returns undefined (after reporting) when it is invalid or a required
 * variable is missing.
 */
export function interpolateString(
  input: string,
  mode: InterpolationMode,
  scope: InterpolationScope,
  report: Reporter,
): string | undefined {
  if (input.includes(MARK)) {
    report.error(`invalid character U+0000 in ${show(input)}; remove it`);
    return undefined;
  }
  if (!input.includes('$')) return input;
  const parsed = parseTemplate(input);
  if ('error' in parsed) {
    report.error(`invalid interpolation ${show(input)}: ${parsed.error}; write "$$" for a literal "$"`);
    return undefined;
  }
  const evaluator = new Evaluator(scope, mode, report);
  const result = evaluator.run(parsed.nodes);
  return evaluator.failed ? undefined : result;
}

type Segment = string | number;

/** Maps whose keys are names or free-form data, never `x-` extensions. */
const NAME_KEYED = new Set([
  'environment',
  'labels',
  'annotations',
  'sysctls',
  'args',
  'driver_opts',
  'extra_hosts',
  'options',
  'storage_opt',
  'aux_addresses',
  'ulimits',
  'networks',
  'depends_on',
  'additional_contexts',
]);

const RESOURCE_SECTIONS = new Set(['services', 'volumes', 'networks', 'secrets', 'configs', 'models']);

/** True when the path goes through an `x-` extension key (where compose allows extensions). */
export function isExtensionPath(segments: readonly Segment[]): boolean {
  return segments.some((s, i) => {
    if (typeof s !== 'string' || !s.startsWith('x-')) return false;
    if (i === 0) return true;
    const parent = segments[i - 1];
    if (i === 1 && typeof parent === 'string' && RESOURCE_SECTIONS.has(parent)) return false;
    return !(typeof parent === 'string' && NAME_KEYED.has(parent));
  });
}

/** The interpolation mode of a value at `segments` of a compose file. */
export function modeAt(segments: readonly Segment[]): InterpolationMode {
  if (isExtensionPath(segments)) return 'extension';
  if (segments[0] !== 'services') return 'plain';
  // Read by index: destructuring walks the array's iterator (an object per step on a first run).
  const key = segments[2];
  const sub = segments[3];
  if (key === 'environment' && segments.length === 4) return 'environment';
  if ((key === 'command' || key === 'entrypoint') && segments.length <= 4) return 'secret-ref';
  if (key === 'healthcheck' && sub === 'test' && segments.length <= 5) return 'secret-ref';
  // Lifecycle hooks: `post_start[i].environment.K` and `post_start[i].command[j]`.
  if ((key === 'post_start' || key === 'pre_stop') && typeof sub === 'number') {
    const field = segments[4];
    if (field === 'environment' && segments.length === 6) return 'environment';
    if (field === 'command' && segments.length <= 6) return 'secret-ref';
  }
  return 'plain';
}

/** The dotted path of `segments` (`services`, `web`, `ports`, 0 → `services.web.ports[0]`). */
function pathOf(segments: readonly Segment[]): string {
  let path = '';
  for (const s of segments) path = typeof s === 'number' ? indexPath(path, s) : keyPath(path, s);
  return path;
}

/**
 * Interpolates every string of a parsed compose file. Returns the interpolated tree and the paths
 * whose interpolation failed, so that validation can skip them. The tree shares with the input
 * every list and mapping in which nothing changed (no stage modifies a tree; an alias may so stay
 * one value in two places).
 */
export function interpolateTree(
  tree: YamlMap,
  file: string,
  scope: InterpolationScope,
  diags: Diagnostics,
): { tree: YamlMap; failedPaths: Set<string> } {
  const failedPaths = new Set<string>();
  // The segments of the value being walked (pushed and popped): its path is built only when a
  // diagnostic or a failed path needs it.
  const segments: Segment[] = [];
  const report: Reporter = {
    error: (m) => diags.error(file, pathOf(segments), m),
    warn: (m) => diags.warn(file, pathOf(segments), m),
  };
  // A tree the fast YAML path read tells which lists and mappings hold a string to interpolate.
  const known = interpolationKnown(tree);
  const walk = (value: YamlValue): YamlValue => {
    if (typeof value === 'string') {
      // What interpolateString returns for a string without `$` or a mark, without the mode.
      if (!value.includes('$') && !value.includes(MARK)) return value;
      const result = interpolateString(value, modeAt(segments), scope, report);
      if (result === undefined) {
        failedPaths.add(pathOf(segments));
        return value;
      }
      if (result !== value && segments.length === 3 && segments[0] === 'services' && segments[2] === 'image' && !isImageReference(result)) {
        // As docker compose: an interpolation that leaves an invalid reference (`db:`) is refused.
        const names = referencedVariables(value);
        const unset = names.filter((n) => scope.variables.get(n) === undefined);
        const fix = unset.length > 0 ? `set ${unset.join(', ')} (in .env or the environment) or give ${unset.length > 1 ? 'them defaults' : 'it a default'} (\${${unset[0]}:-VERSION})` : `fix the value of ${names.join(', ')}`;
        report.error(`image ${show(value)} becomes ${show(result)} after interpolation, which is not a valid image reference (expected NAME[:TAG] or NAME@DIGEST); ${fix}`);
        failedPaths.add(pathOf(segments));
      }
      return result;
    }
    if (value instanceof ResetTag) return value;
    if (value instanceof OverrideTag) {
      const inner = walk(value.value);
      return inner === value.value ? value : new OverrideTag(inner);
    }
    // A list or mapping is copied only when a value in it changes (copy on write).
    if (Array.isArray(value)) {
      if (known && !isInterpolating(value)) return value;
      let out: YamlValue[] | undefined;
      for (let i = 0; i < value.length; i++) {
        segments.push(i);
        const x = walk(value[i]);
        segments.pop();
        if (out === undefined && x !== value[i]) out = value.slice(0, i);
        out?.push(x);
      }
      return out ?? value;
    }
    if (isMap(value)) {
      if (known && !isInterpolating(value)) return value;
      let out: YamlMap | undefined;
      const keys = Object.keys(value);
      for (let i = 0; i < keys.length; i++) {
        segments.push(keys[i]);
        const x = walk(value[keys[i]]);
        segments.pop();
        if (out === undefined && x !== value[keys[i]]) {
          out = {};
          for (let j = 0; j < i; j++) setKey(out, keys[j], value[keys[j]]);
        }
        if (out !== undefined) setKey(out, keys[i], x);
      }
      return out ?? value;
    }
    return value;
  };
  const out = walk(tree) as YamlMap;
  // Interpolation makes no tag: a tag-free tree stays tag-free.
  return { tree: isTagFree(tree) ? markTagFree(out) : out, failedPaths };
}
