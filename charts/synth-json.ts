/**
 * A chart's objects as JSON, exactly as cdk8s' `chart.toJson()` gives them, in about half the time.
 *
 * For every object, cdk8s' `ApiObject.toJson()` walks the whole object twice: `resolve` (three
 * resolvers tried on every value, a new key path array and context object per value) and then
 * `sanitizeValue` (sorted keys, null and undefined dropped). For a large project that is most of the
 * synthesis. `chartJson` runs cdk8s' own `chart.toJson()` (dependency order, validation, the L1
 * classes' `toJson_*` converters, JSON patches; the order found without the dependency graph when it
 * is plain, `plainObjectOrder`) with `ApiObject.prototype.toJson` replaced, for that call only, by
 * `fastBaseToJson`: one walk that does what resolve-then-sanitize does with cdk8s' default
 * resolvers (Lazy, implicit tokens, number/string unions). Anything it does not handle the same way
 * (an app with its own resolvers, `CDK8S_DISABLE_SORT`, a value that is neither plain data nor a
 * resolvable) makes that object take cdk8s' own path. test/charts/synth-json.test.ts checks both
 * paths give the same text on every example, fixture and corpus project.
 */
import { ApiObject, ApiObjectMetadataDefinition, App, Chart, JsonPatch, Lazy } from 'cdk8s';
import { ManifestSink, ObjectSink, ObjectSpec } from './sink';

/** A value the fast walk does not render the way cdk8s does: that object takes cdk8s' own path. */
class NotPlain extends Error {}

interface WalkOptions {
  readonly filterEmpty: boolean;
}
const SORTED: WalkOptions = { filterEmpty: false };
/** What cdk8s' metadata uses: empty lists and mappings left out too. */
const SORTED_NON_EMPTY: WalkOptions = { filterEmpty: true };

/** `sanitizeValue(resolve(value), { sortKeys: true })` with cdk8s' default resolvers, in one walk. */
function resolveSanitized(value: unknown, o: WalkOptions): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object') {
    if (typeof value === 'function') throw new NotPlain();
    return value;
  }
  if (Object.getPrototypeOf(value) === Object.prototype) {
    // A plain record (most values): no resolver applies unless it has its own `resolve` (an implicit
    // token) or `constructor` (then cdk8s' union test reads that): those take the general path below.
    const keys = Object.keys(value);
    let special = false;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      if (k === 'resolve' || k === 'constructor') special = true;
    }
    if (!special) return plainRecord(value as Record<string, unknown>, sortKeys(keys), o);
  }
  // The default resolvers, in cdk8s' order; a replaced value is walked again.
  if (value instanceof Lazy) return resolveSanitized(value.produce(), o);
  const v = value as { resolve?: unknown; value?: unknown; constructor?: unknown };
  if (typeof v.resolve === 'function') return resolveSanitized((v.resolve as () => unknown).call(value), o); // an implicit token
  if (Array.isArray(value)) {
    if (o.filterEmpty && value.length === 0) return undefined;
    const list = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const x: unknown = value[i];
      list[i] = typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean' ? x : resolveSanitized(x, o);
    }
    return list;
  }
  if (v.constructor !== Object) {
    // A number/string union (IntOrString, Quantity): cdk8s replaces it with { value }.
    if (typeof v.value === 'number' || typeof v.value === 'string') return resolveSanitized({ value: v.value }, o);
    throw new NotPlain();
  }
  return plainRecord(value as Record<string, unknown>, Object.keys(value).sort(), o);
}

/** Longest key list sorted by insertion; a longer one goes to `Array.prototype.sort`: 16. */
const INSERTION_SORT_MAX = 16;

/**
 * `keys.sort()` (in place, by UTF-16 code units as `<` compares), by insertion for the short lists
 * records have: about three times faster than the built-in sort there, and one pass when they are
 * sorted already.
 */
function sortKeys(keys: string[]): string[] {
  if (keys.length > INSERTION_SORT_MAX) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i];
    let j = i - 1;
    while (j >= 0 && keys[j] > k) {
      keys[j + 1] = keys[j];
      j--;
    }
    keys[j + 1] = k;
  }
  return keys;
}

/** A record's values walked in the order of `keys` (sorted), null and undefined left out. */
function plainRecord(rec: Record<string, unknown>, keys: readonly string[], o: WalkOptions): unknown {
  const out: Record<string, unknown> = {};
  let kept = 0;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const raw = rec[k];
    // Strings, numbers and booleans are kept as they are: the common case, without a call.
    const x = typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? raw : resolveSanitized(raw, o);
    // Assignment, as cdk8s' sanitizeValue does (a `__proto__` key behaves the same way there).
    if (x !== null && x !== undefined) {
      out[k] = x;
      if (k !== '__proto__') kept++; // (assigning it sets no key)
    }
  }
  return o.filterEmpty && kept === 0 ? undefined : out;
}

/** What `ApiObject.prototype.toJson` needs of an object (private fields, read as cdk8s reads them). */
interface ApiObjectInternals {
  readonly props: Record<string, unknown>;
  readonly patches: readonly JsonPatch[];
  readonly metadata: ApiObjectMetadataDefinition;
  readonly node: { readonly path: string };
  readonly name: string;
}

/** The fields `ApiObjectMetadataDefinition.toJson()` reads (private in its types). */
interface MetadataInternals {
  readonly name?: string;
  readonly namespace?: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly finalizers: string[];
  readonly ownerReferences: unknown[];
  readonly _additionalAttributes: Record<string, unknown>;
}

/**
 * `metadata.toJson()`, in one walk. Its result is plain sorted data, which the object's own walk
 * would only copy: it goes in as it is.
 */
function metadataJson(metadata: ApiObjectMetadataDefinition): unknown {
  if (Object.getPrototypeOf(metadata) !== ApiObjectMetadataDefinition.prototype) return resolveSanitized(metadata.toJson(), SORTED);
  const m = metadata as unknown as MetadataInternals;
  return resolveSanitized(
    { ...m._additionalAttributes, name: m.name, namespace: m.namespace, annotations: m.annotations, finalizers: m.finalizers, ownerReferences: m.ownerReferences, labels: m.labels },
    SORTED_NON_EMPTY,
  );
}

function fastBaseToJson(this: ApiObject, original: () => unknown): unknown {
  const self = this as unknown as ApiObjectInternals;
  let json: Record<string, unknown>;
  try {
    const data = { ...self.props, metadata: metadataJson(self.metadata) };
    json = resolveSanitized(data, SORTED) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof NotPlain) return original.call(this);
    throw new Error(`Failed serializing construct at path '${self.node.path}' with name '${self.name}': ${e}`);
  }
  const patched = self.patches.length > 0 ? (JsonPatch.apply(json, ...self.patches) as Record<string, unknown>) : json;
  // apiVersion, kind and metadata first, as cdk8s orders them.
  const result: Record<string, unknown> = {};
  for (const k of ['apiVersion', 'kind', 'metadata', ...Object.keys(patched)]) if (k in patched) result[k] = patched[k];
  return result;
}

/** Whether the fast walk renders this app's objects as cdk8s would: only cdk8s' three default resolvers, keys sorted. */
function fastWalkApplies(app: App): boolean {
  return app.resolvers.length === 3 && !process.env.CDK8S_DISABLE_SORT;
}

/**
 * The chart's objects in the order `chart.toJson()` gives them, found without cdk8s' dependency
 * graph when that order is plain: no construct of the app depends on another, the app has no other
 * chart, and every construct's validation passes. cdk8s' topological order is then the construct
 * tree's pre-order (`findAll`, which the graph itself walks). Undefined otherwise: cdk8s orders them,
 * and reports what fails.
 */
export function plainObjectOrder(chart: Chart): ApiObject[] | undefined {
  if (chart.node.scope === undefined) return undefined;
  for (const c of chart.node.root.node.findAll()) {
    if (c.node.dependencies.length > 0 || c.node.validate().length > 0) return undefined;
    if (c !== chart && c instanceof Chart) return undefined;
  }
  return chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
}

/** `chart.toJson()`, with the objects' base JSON made by the one-walk path above. */
export function chartJson(chart: Chart): unknown[] {
  if (!fastWalkApplies(App.of(chart))) return chart.toJson();
  const proto = ApiObject.prototype as unknown as { toJson: (this: ApiObject) => unknown };
  const original = proto.toJson;
  proto.toJson = function toJson(this: ApiObject) {
    return fastBaseToJson.call(this, original);
  };
  try {
    const order = plainObjectOrder(chart);
    return order ? order.map((o) => o.toJson()) : chart.toJson();
  } finally {
    proto.toJson = original;
  }
}

/**
 * The objects `build` puts into its sink, as JSON: what `chartJson` gives for the same objects built
 * as constructs (`constructSink`) in a chart without labels or namespace of its own, under an app
 * with cdk8s' default resolvers, without building the construct tree (`new ApiObject` per object,
 * its metadata definition, the tree's walks): the construct path takes about twice as long. Each
 * object is rendered as it is added (`ManifestSink`), the way `ApiObject` and its L1 class take it:
 * the metadata definition the constructor makes (`name`, the metadata given, a namespace only when
 * given, copies of labels, annotations, finalizers and owner references) rendered as
 * `metadataJson` renders it, then the props with `{ ...GVK }` first walked by `resolveSanitized`,
 * then the class's own converter (`manifest(resolved)` is `{ ...GVK, ...toJson_<Kind>Props(resolved) }`,
 * what its `toJson` returns). Undefined when that cannot be done the same way (`CDK8S_DISABLE_SORT`,
 * ids the construct tree would order or refuse otherwise, an object without a name, a value the
 * walk does not handle): the caller then builds the chart. test/charts/synth-json.test.ts holds
 * both equal on every example, fixture and corpus project.
 */
export function manifestsJson(build: (out: ObjectSink) => void): unknown[] | undefined {
  if (process.env.CDK8S_DISABLE_SORT) return undefined;
  const sink = new ManifestSink(renderedOrUndefined);
  build(sink);
  return sink.complete ? sink.rendered : undefined;
}

function renderedOrUndefined(o: ObjectSpec): unknown {
  try {
    return manifestJson(o);
  } catch (e) {
    if (e instanceof NotPlain) return undefined;
    throw e;
  }
}

interface MetadataProps {
  readonly name?: unknown;
  readonly namespace?: unknown;
  readonly labels?: Record<string, unknown>;
  readonly annotations?: Record<string, unknown>;
  readonly finalizers?: readonly unknown[];
  readonly ownerReferences?: readonly unknown[];
}

const EMPTY_RECORD: Readonly<Record<string, unknown>> = Object.freeze({});
const EMPTY_LIST: readonly unknown[] = Object.freeze([]);

/**
 * What the walk makes of `{ ...r }` (the metadata definition's copy): a plain record or nothing
 * walks the same as its copy, so only another kind of object is copied.
 */
function recordCopy(r: Record<string, unknown> | undefined): Readonly<Record<string, unknown>> {
  if (r === undefined || r === null) return EMPTY_RECORD;
  return Object.getPrototypeOf(r) === Object.prototype ? r : { ...r };
}

/** What the walk makes of `[...l]`: a plain array walks the same as its copy. */
function listCopy(l: readonly unknown[]): readonly unknown[] {
  return Array.isArray(l) && Object.getPrototypeOf(l) === Array.prototype ? l : [...l];
}

/**
 * Copies the own enumerable string-keyed values of `from` into `to`, except `skip`, as `{ ...from }`
 * does for what the walk reads (it reads no symbol keys). An object spread of records of many shapes
 * (every kind's props and metadata) is a slow generic path in V8: about half the time of rendering
 * a small object went there.
 */
function copyInto(to: Record<string, unknown>, from: object, skip?: string): void {
  const keys = Object.keys(from);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (k === skip) continue;
    const v = (from as Record<string, unknown>)[k];
    // As a spread does: an own `__proto__` key, not a prototype.
    if (k === '__proto__') Object.defineProperty(to, k, { value: v, enumerable: true, writable: true, configurable: true });
    else to[k] = v;
  }
}

function manifestJson(o: ObjectSpec): unknown {
  const props = o.props as { metadata?: MetadataProps };
  const m: MetadataProps = props.metadata ?? {};
  // Without a name cdk8s makes one from the construct path: only the chart knows it.
  if (typeof m.name !== 'string') throw new NotPlain();
  // The metadata definition's fields over the metadata given: `{ ...m, name, namespace, … }`.
  const definition: Record<string, unknown> = {};
  copyInto(definition, m);
  definition.name = m.name;
  definition.namespace = m.namespace;
  definition.annotations = recordCopy(m.annotations);
  definition.finalizers = m.finalizers ? listCopy(m.finalizers) : EMPTY_LIST;
  definition.ownerReferences = m.ownerReferences ? listCopy(m.ownerReferences) : EMPTY_LIST;
  definition.labels = recordCopy(m.labels);
  const metadata = resolveSanitized(definition, SORTED_NON_EMPTY);
  // `{ ...GVK, ...props, metadata }` walked: the metadata is walked already (sorted plain data, which
  // a second walk would only copy), so it joins after the walk. Where it lands among the keys does not
  // matter: the class's converter takes every field by name.
  const data: Record<string, unknown> = {};
  copyInto(data, o.cls.GVK);
  copyInto(data, props, 'metadata');
  const json = resolveSanitized(data, SORTED) as Record<string, unknown>;
  if (metadata !== undefined) json.metadata = metadata;
  return o.cls.manifest(json);
}
