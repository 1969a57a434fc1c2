/**
 * Secret values written literally in the compose file (DESIGN "Input": a secret-looking name such
 * as `POSTGRES_PASSWORD: example`, or a password inside a URL), in a service's `environment` or in
 * the `environment` of its `post_start`/`pre_stop` hooks. They are rendered, never written:
 * - each distinct value becomes one key of the project's Secret; entries with identical values
 *   share the key (compose means them to be equal: `MYSQL_PASSWORD: wp` and
 *   `WORDPRESS_DB_PASSWORD: wp` must stay equal once the user sets the Secret);
 * - the key is the first (sorted) name of an entry that holds the whole value, else
 *   `<ENTRY>_PASSWORD` of the first URL entry; a name that a `${VAR}` secret or an env_file
 *   secret already uses gets `_LITERAL` (then `_LITERAL_2` …);
 * - a key that a hook reads is also the name of the container env entry the hook's shell reads it
 *   from (`NAME="${KEY}"`, hooks.ts): when the service's own environment has another entry of that
 *   name, the key gets `_LITERAL` too;
 * - a URL keeps its text and reads the password as `$(KEY)`, like a `${VAR}` secret in a URL;
 * - a `literal-secret` warning names each entry, with a fix in the form the user wrote
 *   (`KEY: ${KEY:?}` or `- KEY=${KEY:?}`), unless x-k8s.allowLiteralSecrets lists it.
 * Only `--secrets inline` reads the value back ({@link literalValue}), to write it into the Secret.
 */
import { ComposeProject, EnvEntry, LifecycleHook, SecretVarRef, Template } from '../../compose';
import { Diagnostics } from '../../diagnostics';
import { isNonSecretValue } from '../../secret-names';
import { isSecretEnvName, urlCredentials } from './secret-tests';
import { LiteralUse, SecretSource } from '../types';

/** `scheme://user:password@`: the password is group 2 (the same rule as hasUrlCredentials). */
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/[^/@\s:]*:)([^/@\s]+)(@)/gi;

function literalText(e: EnvEntry): string | undefined {
  const t = e.value;
  if (t === null) return undefined;
  if (t.length === 1) return typeof t[0] === 'string' ? t[0] : undefined;
  for (const p of t) if (typeof p !== 'string') return undefined;
  return t.join('');
}

/** True when the entry's whole value is a literal secret (a secret name with a value that can be a secret). */
function isWholeLiteral(e: EnvEntry, text: string): boolean {
  return isSecretEnvName(e.name) && !isNonSecretValue(text);
}

interface Occurrence {
  readonly value: string;
  readonly use: LiteralUse;
}

/** The services' environments and hooks (ComposeProject has more; this is what is read). */
export type Environments = Readonly<
  Record<string, { readonly environment: readonly EnvEntry[]; readonly postStart?: readonly LifecycleHook[]; readonly preStop?: readonly LifecycleHook[] }>
>;

/** Where an entry is written: it tells the entries of a service and of its hooks apart. */
const entryPath = (service: string, e: EnvEntry): string => e.source.path ?? `services.${service}.environment.${e.name}`;
const entryId = (service: string, e: EnvEntry): string => `${service}\0${entryPath(service, e)}`;

/** The entries of the service's hooks (`hook` names the hook, e.g. `post_start[0]`). */
function hookEntriesOf(name: string, s: Environments[string]): { e: EnvEntry; hook?: string }[] {
  const hooks = (key: 'post_start' | 'pre_stop', list: readonly LifecycleHook[] | undefined) =>
    (list ?? []).flatMap((h, i) => h.environment.map((e) => ({ e, hook: h.source.path?.startsWith(`services.${name}.`) ? h.source.path.slice(`services.${name}.`.length) : `${key}[${i}]` })));
  return [...hooks('post_start', s.postStart), ...hooks('pre_stop', s.preStop)];
}

/** The service's `environment` entries, then those of its hooks. */
function entriesOf(name: string, s: Environments[string]): { e: EnvEntry; hook?: string }[] {
  return [...s.environment.map((e) => ({ e })), ...hookEntriesOf(name, s)];
}

function occurrences(services: Environments): Occurrence[] {
  const out: Occurrence[] = [];
  const visit = (name: string, e: EnvEntry, hook: string | undefined) => {
    if (e.origin !== 'environment') return;
    const text = literalText(e);
    if (text === undefined) return;
    const whole = isWholeLiteral(e, text);
    if (!whole && !urlCredentials(text)) return;
    const base = { service: name, variable: e.name, file: e.source.file ?? 'compose.yaml', path: entryPath(name, e), ...(hook !== undefined ? { hook } : {}) };
    if (whole) out.push({ value: text, use: { ...base, url: false } });
    else [...text.matchAll(URL_CREDENTIALS)].forEach((m, i) => out.push({ value: m[2], use: { ...base, url: true, urlIndex: i } }));
  };
  // In entriesOf's order: the service's own entries, then those of its hooks.
  for (const name of Object.keys(services).sort()) {
    const s = services[name];
    for (const e of s.environment) visit(name, e, undefined);
    if ((s.postStart?.length ?? 0) + (s.preStop?.length ?? 0) > 0) for (const { e, hook } of hookEntriesOf(name, s)) visit(name, e, hook);
  }
  return out;
}

/** Names that other secret keys of the project's Secret use already: `${VAR}` secrets and env_file secrets. */
function takenNames(services: Environments, secretVariables: readonly string[]): Set<string> {
  const taken = new Set(secretVariables);
  for (const s of Object.values(services)) {
    for (const e of s.environment) {
      if (e.origin !== 'env_file') continue;
      const text = literalText(e);
      if (text !== undefined && (isWholeLiteral(e, text) || urlCredentials(text))) taken.add(e.name);
    }
  }
  return taken;
}

const useName = (u: LiteralUse) => `${u.service} ${u.hook !== undefined ? `${u.hook} ` : ''}${u.variable}`;

/**
 * Whether a hook of `service` can read `key` from the container env under that name: the service's
 * own environment holds no other entry of that name (one that holds this group's value is the key).
 */
function readableByHooks(key: string, uses: readonly LiteralUse[], services: Environments): boolean {
  const own = new Set(uses.filter((u) => u.hook === undefined && !u.url).map((u) => `${u.service}\0${u.variable}`));
  const hookServices = new Set(uses.filter((u) => u.hook !== undefined).map((u) => u.service));
  return [...hookServices].every((s) => !services[s].environment.some((e) => e.name === key && !own.has(`${s}\0${e.name}`)));
}

export class LiteralSecrets {
  /** `service\0path` of an entry → key (whole values) or keys in URL order. */
  private readonly whole = new Map<string, string>();
  private readonly urls = new Map<string, string[]>();
  private readonly groups = new Map<string, LiteralUse[]>();
  /** Value → key; in memory only, for value-identity.ts to give other occurrences the same key. */
  private readonly keyByValue = new Map<string, string>();

  /** `secretVariables`: the project's `${VAR}` secrets (their names are not given to literals). */
  constructor(services: Environments, secretVariables: readonly string[]) {
    const byValue = new Map<string, LiteralUse[]>();
    for (const o of occurrences(services)) {
      const uses = byValue.get(o.value);
      if (uses) uses.push(o.use);
      else byValue.set(o.value, [o.use]);
    }
    // A Secret key takes letters, digits, "-", "_" and "."; so does an env name that $(KEY) can name on Kubernetes 1.28.
    const candidate = (uses: LiteralUse[]): string => {
      const whole = uses.filter((u) => !u.url).map((u) => u.variable).sort();
      return (whole[0] ?? uses.map((u) => `${u.variable}_PASSWORD`).sort()[0]).replace(/[^-._a-zA-Z0-9]/g, '_');
    };
    const groups = [...byValue.entries()].map(([value, uses]) => ({ value, uses, name: candidate(uses) }));
    groups.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : useName(a.uses[0]) < useName(b.uses[0]) ? -1 : 1));
    const taken = takenNames(services, secretVariables);
    for (const g of groups) {
      const free = (k: string) => !taken.has(k) && readableByHooks(k, g.uses, services);
      let key = g.name;
      if (!free(key)) {
        key = `${g.name}_LITERAL`;
        for (let i = 2; !free(key); i++) key = `${g.name}_LITERAL_${i}`;
      }
      taken.add(key);
      this.groups.set(key, g.uses);
      this.keyByValue.set(g.value, key);
      for (const u of g.uses) {
        const id = `${u.service}\0${u.path}`;
        const urlKeys = u.url ? this.urls.get(id) : undefined;
        if (urlKeys) urlKeys.push(key);
        else if (u.url) this.urls.set(id, [key]);
        else this.whole.set(id, key);
      }
    }
  }

  /** The key of a literal value (whole or a URL's password), if the compose file writes it literally. */
  keyOfValue(value: string): string | undefined {
    return this.keyByValue.get(value);
  }

  /** Whether the entry holds a literal secret (whole, or passwords in URLs) that this class keys. */
  isLiteralEntry(service: string, e: EnvEntry): boolean {
    return this.wholeKey(service, e) !== undefined || (e.origin === 'environment' && this.urls.has(entryId(service, e)));
  }

  /** The key of an entry whose whole value is a literal secret. */
  wholeKey(service: string, e: EnvEntry): string | undefined {
    return e.origin === 'environment' ? this.whole.get(entryId(service, e)) : undefined;
  }

  /** An entry with passwords inside URLs: its value with each password as a reference to its key. */
  urlTemplate(service: string, e: EnvEntry): { template: Template; keys: string[] } | undefined {
    const keys = e.origin === 'environment' ? this.urls.get(entryId(service, e)) : undefined;
    const text = literalText(e);
    if (keys === undefined || text === undefined) return undefined;
    const template: (string | SecretVarRef)[] = [];
    let last = 0;
    let i = 0;
    for (const m of text.matchAll(URL_CREDENTIALS)) {
      const start = (m.index ?? 0) + m[1].length;
      template.push(text.slice(last, start), { secretVariable: keys[i++], required: true, defaultIgnored: false });
      last = start + m[2].length;
    }
    template.push(text.slice(last));
    return { template: template.filter((p) => p !== ''), keys };
  }

  /** Where the key's value comes from, for SECRETS.md (the entries that share it, never the value). */
  source(key: string): SecretSource {
    const uses = this.groups.get(key) ?? [];
    return { kind: 'literal', file: uses[0]?.file ?? 'compose.yaml', uses };
  }

  /** Warns about one entry (unless x-k8s.allowLiteralSecrets lists it), with a fix in the form it is written. */
  warn(service: string, e: EnvEntry, secretName: string, d: Diagnostics): void {
    const whole = this.wholeKey(service, e);
    const url = whole === undefined ? this.urlTemplate(service, e) : undefined;
    if (whole === undefined && url === undefined) return;
    const keys = whole !== undefined ? [whole] : url!.keys;
    const others = keys.flatMap((k) => (this.groups.get(k) ?? []).filter((u) => !(u.service === service && u.path === entryPath(service, e))).map(useName));
    const shared = others.length > 0 ? `, shared with ${[...new Set(others)].join(', ')} (the same value)` : '';
    const value = whole !== undefined ? `\${${whole}:?}` : url!.template.map((p) => (typeof p === 'string' ? p : `\${${p.secretVariable}:?}`)).join('');
    const fix = e.form === 'list' ? `- ${e.name}=${value}` : `${e.name}: ${value}`;
    const what = whole !== undefined ? 'literal secret value' : 'a password is written inside a URL';
    const becomes = whole !== undefined ? `key ${whole} of Secret ${secretName}` : `${keys.map((k) => `$(${k})`).join(', ')}, read from Secret ${secretName}`;
    d.warn(
      e.source.file,
      e.source.path,
      `${what}; it is not written to the output: it becomes ${becomes}${shared}, to create from SECRETS.md. Rotate it (it is in the compose file) and move it to .env: put ${keys.map((k) => `${k}=...`).join(' and ')} in .env (never committed) and write ${fix} here (x-k8s.allowLiteralSecrets: [${e.name}] silences this warning)`,
      'literal-secret',
      service,
    );
  }
}

/** The value of a literal key, for `--secrets inline` only: read back from the first entry that holds it. */
export function literalValue(project: ComposeProject, source: Extract<SecretSource, { kind: 'literal' }>): string | undefined {
  const u = source.uses[0];
  const s = u === undefined ? undefined : project.services[u.service];
  const e = s === undefined ? undefined : entriesOf(u.service, s).find((x) => x.e.origin === 'environment' && entryPath(u.service, x.e) === u.path)?.e;
  const text = e === undefined ? undefined : literalText(e);
  if (text === undefined) return undefined;
  if (!u.url) return text;
  const m = [...text.matchAll(URL_CREDENTIALS)][u.urlIndex ?? 0];
  return m?.[2];
}
