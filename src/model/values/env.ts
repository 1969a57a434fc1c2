/**
 * Environment translation: which entries are configuration and which are secret, and how values
 * that embed a secret become Kubernetes dependent variables (`$(POSTGRES_PASSWORD)`).
 *
 * Rules (DESIGN "Secrets are referenced, never written"):
 * - a value that is exactly one secret variable → `secretKeyRef` to the project's variable Secret,
 *   key = the variable name, `optional` when the compose default was empty (`${V:-}`);
 * - a value that embeds secret variables → literal text with `$(V)`, after an entry for each V;
 * - a secret-named entry from an `env_file` → `secretKeyRef`, key = the entry name;
 * - a secret-named entry written literally in the compose file, or a URL with a password in it →
 *   a key of the same Secret (identical values share one key, see literal-secrets.ts), with a
 *   `literal-secret` warning that says how to move it to `.env` (its value is never printed);
 * - everything else is configuration; a literal `$(` is written `$$(` so that Kubernetes keeps it.
 */
import { EnvEntry, SecretVarRef, Template } from '../../compose';
import { Diagnostics } from '../../diagnostics';
import { isNonSecretValue } from '../../secret-names';
import { isSecretEnvName, urlCredentials } from './secret-tests';
import { LiteralSecrets } from './literal-secrets';
import { EnvVar, SecretSource } from '../types';

/** Keys a workload reads from one Secret, with where their values come from. */
export class SecretKeys {
  private readonly keys = new Map<string, { required: boolean; source: SecretSource }>();

  /** `sourceOf`: the sources value-identity.ts decided, which win over the one a caller gives. */
  constructor(private readonly sourceOf: (key: string) => SecretSource | undefined = () => undefined) {}

  use(key: string, required: boolean, source: SecretSource): void {
    const prev = this.keys.get(key);
    // A key seen before keeps its source (the decided one, else the first given): only `required` can change.
    if (prev !== undefined && (prev.required || !required)) return;
    this.keys.set(key, { required: required || (prev?.required ?? false), source: this.sourceOf(key) ?? prev?.source ?? source });
  }

  get size(): number {
    return this.keys.size;
  }

  entries(): { key: string; required: boolean; source: SecretSource }[] {
    return [...this.keys.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, v]) => ({ key, ...v }));
  }
}

export interface EnvResult {
  readonly env: EnvVar[];
  /** Non-secret `env_file` entries, for the workload's env ConfigMap. */
  readonly fileConfig: Record<string, string>;
}

/**
 * Kubernetes expands env values, command and args: `$$` becomes `$` and `$(NAME)` the value of
 * NAME. Literal text is written so that it reads back unchanged: every `$` followed by `$` or `(`
 * is doubled (`$(date)` → `$$(date)`, `$$` → `$$$`), and so is a trailing `$` when
 * `followedByReference` (the next thing written is a `$(NAME)`).
 */
export function escapeKubernetesVars(text: string, followedByReference = false): string {
  if (!text.includes('$')) return text;
  const escaped = text.replace(/\$(?=[$(])/g, '$$$$');
  return followedByReference && escaped.endsWith('$') ? `${escaped}$` : escaped;
}

function isRef(p: string | SecretVarRef): p is SecretVarRef {
  return typeof p !== 'string';
}

/** Renders a template for env/command/args: text escaped, secret references as `$(NAME)`. */
export function renderTemplate(t: Template): string {
  return t.map((p, i) => (isRef(p) ? `$(${p.secretVariable})` : escapeKubernetesVars(p, i + 1 < t.length && isRef(t[i + 1])))).join('');
}

export function templateRefs(t: Template): SecretVarRef[] {
  const refs: SecretVarRef[] = [];
  for (const p of t) if (typeof p !== 'string') refs.push(p);
  return refs;
}

type Translation =
  | { kind: 'value'; value: string }
  | { kind: 'secret'; key: string; optional: boolean; source: SecretSource }
  | { kind: 'composite'; value: string; refs: SecretVarRef[]; literalKeys?: { key: string; source: SecretSource }[] }
  | { kind: 'file-config'; value: string }
  | { kind: 'skip' };

/** Literal secrets of the compose file (literal-secrets.ts) as seen by one service. */
export interface LiteralContext {
  readonly service: string;
  readonly literals: LiteralSecrets;
  /** x-k8s.allowLiteralSecrets: names whose warning is silenced. */
  readonly allowed: (name: string) => boolean;
}

const SKIP: Translation = { kind: 'skip' };

/** The text of a template without references, else undefined. */
function referenceFree(t: Template): string | undefined {
  for (const p of t) if (typeof p !== 'string') return undefined;
  return t.join('');
}

function translateEntry(e: EnvEntry, d: Diagnostics, lit: LiteralContext, secretName: string): Translation {
  if (e.value === null) return SKIP;
  // One text part (most values): no reference to look for.
  const text = e.value.length === 1 && typeof e.value[0] === 'string' ? e.value[0] : referenceFree(e.value);
  if (text === undefined) {
    const refs = templateRefs(e.value);
    if (refs.length === 1 && e.value.length === 1) {
      const r = refs[0];
      return { kind: 'secret', key: r.secretVariable, optional: !r.required, source: { kind: 'variable', variable: r.secretVariable } };
    }
    return { kind: 'composite', value: renderTemplate(e.value), refs };
  }
  const isSecret = isSecretEnvName(e.name) && !isNonSecretValue(text);
  if (e.origin === 'environment' && (isSecret || urlCredentials(text))) {
    if (!lit.allowed(e.name)) lit.literals.warn(lit.service, e, secretName, d);
    const key = lit.literals.wholeKey(lit.service, e);
    if (key !== undefined) return { kind: 'secret', key, optional: false, source: lit.literals.source(key) };
    const url = lit.literals.urlTemplate(lit.service, e);
    if (url !== undefined) {
      const urlRefs = templateRefs(url.template);
      return { kind: 'composite', value: renderTemplate(url.template), refs: urlRefs, literalKeys: url.keys.map((k) => ({ key: k, source: lit.literals.source(k) })) };
    }
    // literal-secrets.ts classifies with the same rules; whatever happens, the value is never written.
    throw new Error(`the literal secret ${e.source.path ?? e.name} has no Secret key`);
  }
  if ((isSecret || urlCredentials(text)) && e.origin === 'env_file') {
    return { kind: 'secret', key: e.name, optional: false, source: { kind: 'env_file', file: e.source.file } };
  }
  if (e.origin === 'env_file') return { kind: 'file-config', value: text };
  return { kind: 'value', value: escapeKubernetesVars(text) };
}

/**
 * Translates a service's environment in compose order. `secretName` is the Secret that holds the
 * project's secret variables; every key used is recorded in `keys`.
 */
export function translateEnvironment(
  entries: readonly EnvEntry[],
  secretName: string,
  keys: SecretKeys,
  d: Diagnostics,
  literals: LiteralContext,
): EnvResult {
  const translated = entries.map((e) => ({ e, t: translateEntry(e, d, literals, secretName) }));
  // A URL's literal password is a key of its own source (SecretKeys keeps the first source it is given).
  for (const { t } of translated) if (t.kind === 'composite') for (const k of t.literalKeys ?? []) keys.use(k.key, true, k.source);
  // The entries by name, for the composite values that need them (most services have none).
  let byNameMap: Map<string, (typeof translated)[number]> | undefined;
  const byName = () => (byNameMap ??= new Map(translated.map((x) => [x.e.name, x])));
  const env: EnvVar[] = [];
  const emitted = new Set<string>();
  const fileConfig: Record<string, string> = {};

  const emit = (name: string, t: Translation): void => {
    if (emitted.has(name)) return;
    emitted.add(name);
    switch (t.kind) {
      case 'value':
      case 'composite':
        env.push({ name, value: t.value });
        return;
      case 'secret':
        keys.use(t.key, !t.optional, t.source);
        env.push({ name, secretKeyRef: { name: secretName, key: t.key, optional: t.optional } });
        return;
      case 'file-config':
        fileConfig[name] = t.value;
        return;
      case 'skip':
        return;
    }
  };

  /** Makes sure `$(V)` resolves: an entry named V that holds secret variable V, emitted before its user. */
  const ensureRef = (r: SecretVarRef, user: EnvEntry): void => {
    const name = r.secretVariable;
    if (emitted.has(name) && env.some((v) => v.name === name && 'secretKeyRef' in v && v.secretKeyRef.key === name)) return;
    const own = byName().get(name);
    if (own && own.t.kind === 'secret' && own.t.key === name) {
      emit(name, own.t);
      return;
    }
    if (own && own.t.kind !== 'skip') {
      d.error(
        user.source.file,
        user.source.path,
        `uses secret variable ${name}, but the service also sets ${name} to another value; rename one of them`,
      );
      return;
    }
    emit(name, { kind: 'secret', key: name, optional: !r.required, source: { kind: 'variable', variable: name } });
  };

  for (const { e, t } of translated) {
    if (t.kind === 'composite') for (const r of t.refs) ensureRef(r, e);
    emit(e.name, t);
  }
  return { env, fileConfig };
}

/**
 * Makes `$(V)` in command, args or a probe resolvable: appends an entry for every secret variable
 * that is not in the environment yet.
 */
export function ensureSecretVariables(env: EnvVar[], refs: readonly SecretVarRef[], secretName: string, keys: SecretKeys): void {
  for (const r of refs) {
    if (env.some((v) => v.name === r.secretVariable)) continue;
    keys.use(r.secretVariable, r.required, { kind: 'variable', variable: r.secretVariable });
    env.push({ name: r.secretVariable, secretKeyRef: { name: secretName, key: r.secretVariable, optional: !r.required } });
  }
}
