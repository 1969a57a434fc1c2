/** Shared machinery of the property tests: settings, compiling generated YAML (cached), Kubernetes rules. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { compile } from '../../src/compile';
import { Diagnostic, UserError, formatDiagnostic } from '../../src/diagnostics';
import { K8sObject } from '../../src/output/render';

/** Runs per property: `PROPERTY_RUNS` (default 40); the seed is fixed (`PROPERTY_SEED` to change it). */
export const RUNS = Number(process.env.PROPERTY_RUNS ?? 40);
export const SEED = Number(process.env.PROPERTY_SEED ?? 20240611);
/**
 * Time one property may take, shrinking included (`PROPERTY_TIME_LIMIT_MS`, default 60 s plus 1 s a
 * run). A failure found in time is still reported, with the smallest counterexample reached so far;
 * a property that passes its runs never gets near the limit.
 */
export const TIME_LIMIT_MS = Number(process.env.PROPERTY_TIME_LIMIT_MS ?? 60_000 + RUNS * 1_000);
export const PARAMS: fc.Parameters<unknown> = { numRuns: RUNS, seed: SEED, plugins: [fc.interruptAfterTimeLimit(TIME_LIMIT_MS)] };
/** Jest timeout of one property test. */
export const TIMEOUT = TIME_LIMIT_MS + 30_000;

export interface Compiled {
  readonly files: ReadonlyMap<string, string>;
  readonly objects: readonly K8sObject[];
  readonly warnings: readonly Diagnostic[];
}

let root: string | undefined;
let counter = 0;
const cache = new Map<string, Compiled>();

function workDir(): string {
  root ??= fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-compose-prop-'));
  const dir = path.join(root, String(counter++));
  fs.mkdirSync(dir);
  return dir;
}

export function cleanUp(): void {
  if (root !== undefined) fs.rmSync(root, { recursive: true, force: true });
  root = undefined;
  cache.clear();
}

/** Compiles a compose file (YAML text) with the given environment; a UserError lists every diagnostic. */
export function compileYaml(yaml: string, environment: Record<string, string> = {}, useCache = true): Compiled {
  const key = `${yaml}\u0000${JSON.stringify(environment)}`;
  const hit = useCache ? cache.get(key) : undefined;
  if (hit) return hit;
  const dir = workDir();
  fs.writeFileSync(path.join(dir, 'compose.yaml'), yaml);
  let result: Compiled;
  try {
    const r = compile({ files: ['compose.yaml'], cwd: dir, environment });
    result = { files: r.files, objects: r.objects, warnings: r.warnings };
  } catch (e) {
    if (e instanceof UserError) throw new Error(`the compiler rejected a valid project:\n${e.diagnostics.map(formatDiagnostic).join('\n')}`);
    throw e;
  }
  if (useCache) cache.set(key, result);
  return result;
}

/** Throws (failing the property) with a message when `cond` is false. */
export function check(cond: unknown, message: string | (() => string)): asserts cond {
  if (!cond) throw new Error(typeof message === 'string' ? message : message());
}

export function sameFiles(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>, what: string): void {
  const names = [...new Set([...a.keys(), ...b.keys()])].sort();
  for (const n of names) {
    if (a.get(n) === b.get(n)) continue;
    if (!a.has(n) || !b.has(n)) throw new Error(`${what}: file ${n} is only in ${a.has(n) ? 'the first' : 'the second'} output`);
    const la = a.get(n)!.split('\n');
    const lb = b.get(n)!.split('\n');
    const i = la.findIndex((l, k) => l !== lb[k]);
    throw new Error(`${what}: ${n} differs at line ${i + 1}:\n- ${la[i]}\n+ ${lb[i]}`);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Any = any;

export const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job']);

/** Pod templates of the output, with the object they belong to. */
export function podTemplates(objects: readonly K8sObject[]): { owner: K8sObject; spec: Any; labels: Record<string, string> }[] {
  return objects.flatMap((o) => {
    const t = (o as Any).spec?.template;
    return t?.spec ? [{ owner: o, spec: t.spec, labels: t.metadata?.labels ?? {} }] : [];
  });
}

export function describe(o: K8sObject): string {
  return `${o.kind}/${o.metadata.name}`;
}

// ---------------------------------------------------------------------------------------------
// Kubernetes rules, written independently of the compiler

export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function isDns1123Label(s: unknown): boolean {
  return typeof s === 'string' && s.length <= 63 && DNS1123_LABEL.test(s);
}
export function isDns1035Label(s: unknown): boolean {
  return typeof s === 'string' && s.length <= 63 && DNS1035_LABEL.test(s);
}
export function isDns1123Subdomain(s: unknown): boolean {
  return typeof s === 'string' && s.length <= 253 && SUBDOMAIN.test(s);
}
export function isLabelValue(s: unknown): boolean {
  return typeof s === 'string' && s.length <= 63 && /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(s);
}
export function isLabelKey(s: string): boolean {
  const slash = s.lastIndexOf('/');
  const prefix = slash < 0 ? undefined : s.slice(0, slash);
  const name = slash < 0 ? s : s.slice(slash + 1);
  if (prefix !== undefined && !isDns1123Subdomain(prefix)) return false;
  return name.length >= 1 && name.length <= 63 && /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/.test(name);
}
/** IANA service name (RFC 6335), what Kubernetes requires of container port names. */
export function isIanaSvcName(s: unknown): boolean {
  return typeof s === 'string' && s.length >= 1 && s.length <= 15 && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(s) && !s.includes('--') && /[a-z]/.test(s);
}

/** A Kubernetes quantity in base units (cores, bytes). */
export function quantity(q: unknown): number {
  const m = /^([0-9]+(?:\.[0-9]+)?)(m|k|Ki|M|Mi|G|Gi|T|Ti)?$/.exec(String(q));
  if (!m) return NaN;
  const f: Record<string, number> = { '': 1, m: 1e-3, k: 1e3, Ki: 1024, M: 1e6, Mi: 1024 ** 2, G: 1e9, Gi: 1024 ** 3, T: 1e12, Ti: 1024 ** 4 };
  return Number(m[1]) * f[m[2] ?? ''];
}

/**
 * What a container sees for an env value: Kubernetes' `$(VAR)` expansion (a port of
 * k8s.io/kubernetes/third_party/forked/golang/expansion): `$$` → `$`, `$(NAME)` → the value of an
 * earlier entry NAME (left as written when there is none), any other `$` kept.
 */
export function kubernetesExpand(input: string, earlier: ReadonlyMap<string, string>): string {
  let out = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== '$' || cursor + 1 >= input.length) continue;
    out += input.slice(checkpoint, cursor);
    const rest = input.slice(cursor + 1);
    let advance: number;
    if (rest[0] === '$') {
      out += '$';
      advance = 1;
    } else if (rest[0] === '(') {
      const close = rest.indexOf(')', 1);
      if (close < 0) {
        out += '$(';
        advance = 1;
      } else {
        const name = rest.slice(1, close);
        out += earlier.has(name) ? earlier.get(name)! : `$(${name})`;
        advance = close + 1;
      }
    } else {
      out += `$${rest[0]}`;
      advance = 1;
    }
    cursor += advance;
    checkpoint = cursor + 1;
  }
  return out + input.slice(checkpoint);
}

/** `Secret: NAME` sections of SECRETS.md and the `- KEY (...)` lines under each. */
export function secretsListed(doc: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  let current: Set<string> | undefined;
  for (const line of doc.split('\n')) {
    const s = /^Secret: (.+)$/.exec(line);
    if (s) {
      current = new Set();
      out.set(s[1], current);
      continue;
    }
    if (/^## /.test(line)) current = undefined;
    const k = /^- ([^ ]+) \((required|optional)/.exec(line);
    if (k && current) current.add(k[1]);
  }
  return out;
}
