/**
 * Strict field validation for tests: the fields that the Kubernetes API defines for each built-in
 * type, and the fields of an object that it does not define (what `kubectl apply`'s default strict
 * server-side field validation rejects: `readinessprobe`, `metadata.lables`, `spec.replica`).
 *
 * The field lists are the OpenAPI-generated model classes of @kubernetes/client-node: each class has
 * `getAttributeTypeMap()`, a list of `{ name, baseName, type }` where `baseName` is the JSON field
 * (`name` is the TypeScript one: `_from` for `from`) and `type` is another class, `Array<T>`,
 * `{ [key: string]: T; }` or a leaf (`string`, `number`, `boolean`, `Date`, `IntOrString`, `any`).
 *
 * The package is ESM only, which jest's CommonJS runtime cannot load, so a child Node process
 * imports the classes once and hands their type maps over as JSON.
 */
import { execFileSync } from 'child_process';

/** Class name → JSON field name → type string. */
export type TypeMaps = ReadonlyMap<string, ReadonlyMap<string, string>>;

const LOADER = `
const { pathToFileURL } = await import('node:url');
const models = await import(pathToFileURL(process.argv[1]).href);
const out = {};
for (const [name, cls] of Object.entries(models)) {
  if (typeof cls === 'function' && typeof cls.getAttributeTypeMap === 'function') {
    out[name] = cls.getAttributeTypeMap().map((a) => [a.baseName, a.type]);
  }
}
process.stdout.write(JSON.stringify(out));
`;

let cache: TypeMaps | undefined;

/** The type maps of every model class of @kubernetes/client-node (loaded once, ~0.5 s). */
export function typeMaps(): TypeMaps {
  if (!cache) {
    const entry = require.resolve('@kubernetes/client-node/dist/gen/models/all.js');
    const json = execFileSync(process.execPath, ['--input-type=module', '-e', LOADER, entry], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const raw = JSON.parse(json) as Record<string, [string, string][]>;
    cache = new Map(Object.entries(raw).map(([name, fields]) => [name, new Map(fields)]));
  }
  return cache;
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The API groups of Kubernetes itself: the core group, `apps`, `batch`, `policy`, `*.k8s.io`. */
export function isBuiltInGroup(group: string): boolean {
  return group !== GATEWAY_API_GROUP && (group === '' || !group.includes('.') || group.endsWith('.k8s.io'));
}
/** A k8s.io group served by CRDs, not by the API server (checked against its CRD in test/charts/httproute-crd.test.ts). */
const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

/**
 * The model class of a built-in apiVersion + kind (`apps/v1` `Deployment` → `V1Deployment`,
 * `autoscaling/v2` `HorizontalPodAutoscaler` → `V2HorizontalPodAutoscaler`, `v1` `Event` →
 * `CoreV1Event`); `undefined` for a built-in kind that has none (an unknown kind), `null` for kinds
 * of other groups (CRDs such as external-secrets.io ExternalSecret), which are not checked.
 */
export function rootClassOf(apiVersion: string, kind: string): string | null | undefined {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  if (!isBuiltInGroup(group)) return null;
  const version = capitalize(slash < 0 ? apiVersion : apiVersion.slice(slash + 1));
  const prefix = group === '' ? 'Core' : capitalize(group.split('.')[0]);
  const maps = typeMaps();
  // A kind that two groups define in one version carries its group (CoreV1Event, EventsV1Event).
  return [`${prefix}${version}${kind}`, `${version}${kind}`].find((name) => maps.get(name)?.has('kind')) ?? undefined;
}

type FieldType = { array: FieldType } | { map: FieldType } | { model: string } | { leaf: string };

function parseType(type: string): FieldType {
  const array = /^Array<(.*)>$/.exec(type);
  if (array) return { array: parseType(array[1]) };
  const map = /^\{ \[key: string\]: (.*); \}$/.exec(type);
  if (map) return { map: parseType(map[1]) };
  // Classes are models; IntOrString, Date, string, number, boolean, any and object are leaves.
  return typeMaps().has(type) ? { model: type } : { leaf: type };
}

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `spec.template` + `spec` → `spec.template.spec`; keys that are no identifiers go in brackets. */
function join(path: string, key: string): string {
  if (!/^[A-Za-z_$][\w$-]*$/.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}

/** Levenshtein distance, case ignored. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[y.length];
}

function hint(key: string, fields: ReadonlyMap<string, string>): string {
  const best = [...fields.keys()]
    .map((f) => ({ f, d: distance(key, f) }))
    .filter(({ d }) => d <= Math.min(2, Math.floor(key.length / 3)))
    .sort((a, b) => a.d - b.d)[0];
  return best ? ` (did you mean ${best.f}?)` : '';
}

function walk(type: FieldType, value: unknown, path: string, out: string[]): void {
  if ('array' in type) {
    if (Array.isArray(value)) value.forEach((item, i) => walk(type.array, item, `${path}[${i}]`, out));
  } else if ('map' in type) {
    // Maps (labels, annotations, selectors, data, resources.limits) take any keys; values of a model type are walked.
    if (isMap(value) && !('leaf' in type.map)) for (const [k, v] of Object.entries(value)) walk(type.map, v, join(path, k), out);
  } else if ('model' in type) {
    if (!isMap(value)) return; // a value of the wrong type is the OpenAPI schema test's business
    const fields = typeMaps().get(type.model)!;
    for (const [key, v] of Object.entries(value)) {
      const fieldType = fields.get(key);
      if (fieldType === undefined) out.push(`unknown field ${join(path, key)}${hint(key, fields)}`);
      else walk(parseType(fieldType), v, join(path, key), out);
    }
  }
}

/**
 * Every field of `o` that the Kubernetes API does not define, as `unknown field PATH` (with a
 * `did you mean` hint when a defined field is close). Kinds of other groups give `[]`; an unknown
 * built-in kind gives one message.
 */
export function unknownFields(o: { apiVersion: string; kind: string }): string[] {
  const root = rootClassOf(o.apiVersion, o.kind);
  if (root === null) return [];
  if (root === undefined) return [`unknown kind ${o.kind} in ${o.apiVersion}`];
  const out: string[] = [];
  walk({ model: root }, o, '', out);
  return out;
}
