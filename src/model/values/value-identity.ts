/**
 * Secret identity by value (DESIGN "Compose semantics on Kubernetes" → "Values"). Compose means a
 * secret by its value: once a value is secret anywhere, every occurrence of it in any service's
 * environment, command, entrypoint, healthcheck or hook reads the same Secret key.
 *
 * A value is secret when it is
 * - the value of a secret variable (`.env` or the environment; src/compose decides which variables),
 * - a secret-named `env_file` entry, or a literal one in `environment` (literal-secrets.ts),
 * - the password of a URL, or
 * - the argument of a password flag in a command (`--requirepass V`, `--password=V`, `-pV` …, see
 *   PASSWORD_FLAGS in secret-occurrences.ts),
 * and it is not plainly a non-secret (empty, a number, a boolean, a duration, an absolute path).
 *
 * Occurrences: a secret value of {@link MIN_MATCH} characters or more is found as a whole value or
 * command argument, as a URL's password, or as a password flag's argument; a shorter one, or one
 * that is the name of a service or an image (`postgres`), only where it was found secret.
 *
 * Keys (one per distinct value; different values never share a key):
 * - a value held by secret variables → the first (sorted) variable's name, as before (a GitOps
 *   pipeline without values gets the same names, by variable);
 * - a value written literally in `environment` → the key literal-secrets.ts gives it;
 * - otherwise the first (sorted) env_file entry name, or `<SERVICE>_<FLAG>` for a flag's argument;
 *   a name that two values want, or that another key has, is prefixed with the first service
 *   (`WORKER_CACHE_PASSWORD`), then suffixed `_2`, `_3` … Key names never contain a value or its hash.
 * Secret variables with a plainly non-secret value become plain text; a reference to a variable
 * compose defines is required (`optional: false`).
 *
 * The values stay in memory: {@link SecretValues.valueOf} serves the inline provider only.
 */
import { ComposeProject, ComposeService, EnvEntry, LifecycleHook, SecretVarRef, Template, TemplatePart } from '../../compose';
import { Diagnostics } from '../../diagnostics';
import { isNonSecretValue } from '../../secret-names';
import { isSecretEnvName, urlCredentials } from './secret-tests';
import { parseImage } from '../images';
import { LiteralSecrets } from './literal-secrets';
import { LiteralUse, SecretSource } from '../types';
import { Flag, flagValues, hitsIn, literalText, splitAt, URL_PASSWORD } from './secret-occurrences';

/** Secret values shorter than this are matched only where they were found to be secret. */
export const MIN_MATCH = 8;

type Member =
  | { readonly kind: 'variable'; readonly name: string }
  | { readonly kind: 'env_file'; readonly name: string; readonly service: string; readonly file: string; readonly path: string }
  | { readonly kind: 'literal'; readonly name: string; readonly service: string }
  | { readonly kind: 'flag'; readonly name: string; readonly service: string; readonly file: string; readonly path: string };

interface Group {
  readonly value: string;
  readonly members: Member[];
  key?: string;
  source?: SecretSource;
}

export interface SecretValues {
  /** The project with every occurrence of a secret value turned into a reference to its key. */
  readonly project: ComposeProject;
  /** Where a key's value comes from, when this pass named the key. */
  sourceOf(key: string): SecretSource | undefined;
  /** The value of a key (memory only; for `--secrets inline`). */
  valueOf(key: string): string | undefined;
}

const isRef = (p: TemplatePart): p is SecretVarRef => typeof p !== 'string';
const secretValue = (v: string): boolean => !isNonSecretValue(v);
const upper = (s: string): string => s.toUpperCase().replace(/[^A-Z0-9_]/g, '_');

function argvs(s: ComposeService): { path: string; argv: readonly Template[] }[] {
  const out = [
    { path: 'entrypoint', argv: s.entrypoint ?? [] },
    { path: 'command', argv: s.command ?? [] },
    { path: 'healthcheck.test', argv: s.healthcheck?.test ?? [] },
  ];
  // Pushed, not spread: most services have no hook, and a spread runs the iteration protocol even then.
  for (let i = 0; i < s.postStart.length; i++) out.push({ path: `post_start[${i}].command`, argv: s.postStart[i].command });
  for (let i = 0; i < s.preStop.length; i++) out.push({ path: `pre_stop[${i}].command`, argv: s.preStop[i].command });
  return out;
}

/** Every secret value of the project with what holds it. */
function collect(project: ComposeProject, flagsOf: (argv: readonly Template[]) => Flag[]): Map<string, Group> {
  const groups = new Map<string, Group>();
  // A short value is only its own occurrence: it groups with the same name only.
  const add = (value: string, m: Member) => {
    const id = value.length >= MIN_MATCH ? value : `${m.name}\0${value}`;
    const g = groups.get(id) ?? { value, members: [] };
    g.members.push(m);
    groups.set(id, g);
  };
  for (const name of project.secretVariables) {
    const v = project.variables.get(name);
    if (v !== undefined && secretValue(v)) add(v, { kind: 'variable', name });
  }
  for (const sn of Object.keys(project.services).sort()) {
    const s = project.services[sn];
    for (const e of s.environment) {
      const text = literalText(e.value);
      if (text === undefined) continue;
      if (e.origin === 'env_file') {
        if ((isSecretEnvName(e.name) && secretValue(text)) || urlCredentials(text)) add(text, { kind: 'env_file', name: e.name, service: sn, file: e.source.file, path: e.source.path });
      } else if (isSecretEnvName(e.name) && secretValue(text)) add(text, { kind: 'literal', name: e.name, service: sn });
      if (e.origin === 'environment' && text.includes('://')) for (const m of text.matchAll(URL_PASSWORD)) add(m[1], { kind: 'literal', name: `${e.name}_PASSWORD`, service: sn });
    }
    for (const { path, argv } of argvs(s)) {
      for (const f of flagsOf(argv)) add(f.value, { kind: 'flag', name: `${upper(sn)}_${upper(f.flag.replace(/^-+/, ''))}`, service: sn, file: s.source.file, path: `services.${sn}.${path}` });
    }
  }
  return groups;
}

function describeMember(m: Member): string {
  switch (m.kind) {
    case 'variable':
      return `variable ${m.name}`;
    case 'env_file':
      return `${m.name} in env_file ${m.file}`;
    case 'literal':
      return `services.${m.service}.environment.${m.name}`;
    case 'flag':
      return `${m.path} (${m.name.slice(upper(m.service).length + 1).toLowerCase()} argument)`;
  }
}

/** Names the keys of the groups that literal-secrets.ts and variables do not name. */
function nameKeys(groups: Group[], literals: LiteralSecrets, literalKeys: Set<string>): void {
  const taken = new Set<string>(literalKeys);
  const pending: Group[] = [];
  for (const g of groups) {
    const vars = g.members.filter((m) => m.kind === 'variable').map((m) => m.name).sort();
    const lit = g.members.some((m) => m.kind === 'literal') ? literals.keyOfValue(g.value) : undefined;
    const others = [...new Set(g.members.filter((m) => m.kind !== 'variable').map(describeMember))];
    if (vars.length > 0) {
      g.key = vars[0];
      const also = [...vars.slice(1).map((v) => `variable ${v}`), ...others];
      g.source = { kind: 'variable', variable: vars[0], ...(also.length > 0 ? { alsoUsedBy: also } : {}) };
    } else if (lit !== undefined) {
      g.key = lit;
      const src = literals.source(lit);
      const more = [...new Set(g.members.filter((m) => m.kind !== 'literal').map(describeMember))];
      g.source = src.kind === 'literal' && more.length > 0 ? { ...src, alsoUsedBy: more } : src;
    } else pending.push(g);
    if (g.key !== undefined) taken.add(g.key);
  }
  const wanted = (g: Group) => {
    const files = g.members.filter((m) => m.kind === 'env_file').map((m) => m.name).sort();
    return (files[0] ?? g.members.map((m) => m.name).sort()[0]).replace(/[^-._a-zA-Z0-9]/g, '_');
  };
  const count = new Map<string, number>();
  for (const g of pending) count.set(wanted(g), (count.get(wanted(g)) ?? 0) + 1);
  const ordered = [...pending].sort((a, b) => cmp(`${wanted(a)}\0${describeMember(a.members[0])}`, `${wanted(b)}\0${describeMember(b.members[0])}`));
  for (const g of ordered) {
    const w = wanted(g);
    const first = g.members[0];
    const service = 'service' in first ? first.service : '';
    let key = (count.get(w) ?? 0) > 1 || taken.has(w) ? (w.startsWith(`${upper(service)}_`) ? w : `${upper(service)}_${w}`) : w;
    for (let i = 2; taken.has(key); i++) key = `${key.replace(/_\d+$/, '')}_${i}`;
    taken.add(key);
    g.key = key;
    const file = g.members.find((m): m is Extract<Member, { kind: 'env_file' }> => m.kind === 'env_file');
    const also = [...new Set(g.members.map(describeMember))].filter((x) => file === undefined || x !== describeMember(file));
    if (file) g.source = { kind: 'env_file', file: file.file, variable: file.name, ...(also.length > 0 ? { alsoUsedBy: also } : {}) };
    else {
      const uses: LiteralUse[] = g.members.flatMap((m) => (m.kind === 'flag' ? [{ service: m.service, variable: m.name, file: m.file, path: m.path, url: false }] : []));
      g.source = { kind: 'literal', file: uses[0]?.file ?? 'compose.yaml', uses };
    }
  }
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
export function identifySecretValues(project: ComposeProject, literals: LiteralSecrets, d: Diagnostics): SecretValues {
  // The flags of each argv, found once: collect() and rewriteArgv() both ask.
  const flagsFound = new Map<readonly Template[], Flag[]>();
  const flagsOf = (argv: readonly Template[]): Flag[] => {
    let flags = flagsFound.get(argv);
    if (flags === undefined) flagsFound.set(argv, (flags = flagValues(argv)));
    return flags;
  };
  const all = [...collect(project, flagsOf).values()];
  const literalKeys = new Set(all.flatMap((g) => (g.members.some((m) => m.kind === 'literal') ? [literals.keyOfValue(g.value)] : [])).filter((k): k is string => k !== undefined));
  nameKeys(all, literals, literalKeys);
  const byKey = new Map(all.map((g) => [g.key!, g]));
  // Values of 8+ characters match wherever they stand (hitsIn); shorter ones, and the names of
  // services and images (`postgres`), only where they were found secret (below).
  const publicWords = new Set<string>();
  for (const s of Object.values(project.services)) {
    publicWords.add(s.name);
    if (s.image === undefined) continue;
    const ref = parseImage(s.image);
    publicWords.add(ref.shortName).add(ref.repository);
  }
  const matchable = (g: Group) => g.value.length >= MIN_MATCH && !publicWords.has(g.value);
  const byValue = new Map(all.filter(matchable).map((g) => [g.value, g.key!]));
  const keyOf = (v: string) => byValue.get(v);
  // Lookups made once (the rewrites below ask per entry): the groups by value that only match where
  // found, and the first group holding each variable, both in the order of `all`.
  const shortByValue = new Map<string, Group[]>();
  const groupOfVariable = new Map<string, Group>();
  for (const g of all) {
    if (!matchable(g)) {
      const list = shortByValue.get(g.value);
      if (list) list.push(g);
      else shortByValue.set(g.value, [g]);
    }
    for (const m of g.members) if (m.kind === 'variable' && !groupOfVariable.has(m.name)) groupOfVariable.set(m.name, g);
  }
  const shortKey = (m: (x: Member) => boolean, value: string) => (shortByValue.get(value) ?? []).find((g) => g.members.some(m))?.key;

  /** The template with secret values as references; `t` itself when nothing in it changes. */
  const rewriteTemplate = (t: Template, own: string | undefined, inCommand: boolean): Template => {
    // One text part and no key of its own (most values): the text's hits, if any, split it.
    if (t.length === 1 && typeof t[0] === 'string' && own === undefined) {
      const hits = hitsIn(t[0], keyOf, inCommand);
      return hits.length === 0 ? t : splitAt(t[0], hits);
    }
    const out: TemplatePart[] = [];
    let changed = false;
    // Adjacent text parts (a variable that became plain) are joined again.
    const push = (p: TemplatePart) => {
      const last = out.length - 1;
      if (typeof p === 'string' && last >= 0 && typeof out[last] === 'string') {
        out[last] = `${out[last] as string}${p}`;
        changed = true;
      } else out.push(p);
    };
    let joined: string | undefined;
    for (const p of t) {
      if (isRef(p)) {
        const v = project.variables.get(p.secretVariable);
        if (v !== undefined && !secretValue(v)) {
          changed = true;
          push(v);
        } else {
          const g = v !== undefined ? groupOfVariable.get(p.secretVariable) : undefined;
          const secretVariable = g?.key ?? p.secretVariable;
          const required = p.required || v !== undefined;
          // The same reference is kept as it is.
          if (secretVariable === p.secretVariable && required === p.required) push(p);
          else {
            changed = true;
            push({ ...p, secretVariable, required });
          }
        }
      } else if (own !== undefined && p === (joined ??= t.join(''))) {
        changed = true;
        push({ secretVariable: own, required: true, defaultIgnored: false });
      } else {
        const hits = hitsIn(p, keyOf, inCommand);
        if (hits.length === 0) push(p);
        else {
          changed = true;
          for (const q of splitAt(p, hits)) push(q);
        }
      }
    }
    return changed ? out : t;
  };
  // Each rewrite returns what it was given when nothing in it changes (most services hold no secret value).
  const rewriteEnv = (sn: string, entries: readonly EnvEntry[]): readonly EnvEntry[] =>
    sameOrMapped(entries, (e) => {
      if (e.value === null) return e;
      const text = literalText(e.value);
      const own = text === undefined || !shortByValue.has(text) ? undefined : shortKey((m) => m.name === e.name && 'service' in m && m.service === sn, text);
      const value = rewriteTemplate(e.value, own, false);
      // Nothing secret in it: the entry as it is.
      if (value === e.value) return e;
      // A literal in `environment` whose keys literal-secrets.ts names stays literal here: it warns and keys it.
      if (e.origin === 'environment' && text !== undefined && literals.isLiteralEntry(sn, e) && value.filter(isRef).every((r) => literalKeys.has(r.secretVariable))) return e;
      if (e.origin === 'environment' && text !== undefined && value.some(isRef)) warnRewritten(sn, e, value, d);
      return { ...e, value };
    });
  const rewriteArgv = (sn: string, argv: readonly Template[]): readonly Template[] => {
    const found = flagsOf(argv);
    const flags = found.length === 0 ? undefined : new Map(found.map((f) => [f.value, shortKey((m) => m.kind === 'flag' && m.service === sn, f.value)]));
    return sameOrMapped(argv, (t) => {
      const text = flags === undefined ? undefined : literalText(t);
      const own = text !== undefined ? flags!.get(text) : undefined;
      return rewriteTemplate(t, own, true);
    });
  };
  const rewriteHook = (sn: string, h: LifecycleHook): LifecycleHook => {
    const command = rewriteArgv(sn, h.command);
    const environment = rewriteEnv(sn, h.environment);
    return command === h.command && environment === h.environment ? h : { ...h, command, environment };
  };
  // The services, each itself when nothing in it changes; the record itself when no service changes.
  const entries = Object.entries(project.services);
  let changedAny = false;
  for (const entry of entries) {
    const [sn, s] = entry;
    const environment = rewriteEnv(sn, s.environment);
    const entrypoint = s.entrypoint ? rewriteArgv(sn, s.entrypoint) : s.entrypoint;
    const command = s.command ? rewriteArgv(sn, s.command) : s.command;
    const test = s.healthcheck?.test ? rewriteArgv(sn, s.healthcheck.test) : s.healthcheck?.test;
    const postStart = sameOrMapped(s.postStart, (h) => rewriteHook(sn, h));
    const preStop = sameOrMapped(s.preStop, (h) => rewriteHook(sn, h));
    const same = environment === s.environment && entrypoint === s.entrypoint && command === s.command && test === s.healthcheck?.test && postStart === s.postStart && preStop === s.preStop;
    if (same) continue;
    changedAny = true;
    entry[1] = {
      ...s,
      environment,
      ...(s.entrypoint ? { entrypoint } : {}),
      ...(s.command ? { command } : {}),
      ...(s.healthcheck?.test ? { healthcheck: { ...s.healthcheck, test: test! } } : {}),
      postStart,
      preStop,
    };
  }
  // Object.fromEntries builds a record of many keys (a large project's services) faster than assignment.
  const services: Record<string, ComposeService> = changedAny ? Object.fromEntries(entries) : project.services;
  for (const g of all) if (g.members.some((m) => m.kind === 'flag') && g.source?.kind === 'literal') warnFlag(g, d);
  return {
    project: { ...project, services },
    sourceOf: (key) => byKey.get(key)?.source,
    valueOf: (key) => byKey.get(key)?.value,
  };
}

/** `list` mapped by `f`, or `list` itself when `f` returns every element as it is. */
function sameOrMapped<T>(list: readonly T[], f: (x: T) => T): readonly T[] {
  let out: T[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const y = f(list[i]);
    if (out === undefined && y !== list[i]) out = list.slice(0, i);
    if (out !== undefined) out.push(y);
  }
  return out ?? list;
}

function warnRewritten(service: string, e: EnvEntry, value: Template, d: Diagnostics): void {
  if (!isSecretEnvName(e.name) && !urlCredentials(literalText(e.value) ?? '')) return;
  const keys = [...new Set(value.filter(isRef).map((r) => r.secretVariable))];
  const fix = value.map((p) => (isRef(p) ? `\${${p.secretVariable}:?}` : p)).join('');
  d.warn(
    e.source.file,
    e.source.path,
    `literal secret value, the same as ${keys.join(', ')}; it is not written to the output: it reads ${keys.map((k) => `key ${k}`).join(', ')} of the project's Secret (SECRETS.md). Rotate it (it is in the compose file) and write ${e.form === 'list' ? `- ${e.name}=${fix}` : `${e.name}: ${fix}`} here`,
    'literal-secret',
    service,
  );
}

function warnFlag(g: Group, d: Diagnostics): void {
  for (const m of g.members) {
    if (m.kind !== 'flag') continue;
    d.warn(
      m.file,
      m.path,
      `a password is written in the command; it is not written to the output: it becomes $(${g.key}), read from key ${g.key} of the project's Secret (SECRETS.md). Rotate it and move it to .env: put ${g.key}=... in .env and write \${${g.key}:?} in the command`,
      'literal-secret',
      m.service,
    );
  }
}
