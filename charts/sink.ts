/**
 * Where the chart code puts its objects. Every object is an L1 class of `cdk8s-plus-28`'s `k8s` (or
 * of `imports/`) with its typed props; the sink decides what becomes of it:
 * - {@link constructSink}: a construct under a cdk8s scope (`new KubeDeployment(scope, id, props)`),
 *   for `ApplicationChart`, `ComposeChart` and `cdk8s synth`;
 * - {@link ManifestSink}: each object rendered as it comes, for the CLI, by the class's own
 *   converter (charts/synth-json.ts, `manifestsJson`), without building a construct tree: the same
 *   JSON as the chart's, in about half the time of the objects stage.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

/** An L1 class: a construct of one Kubernetes kind, and its static converter to JSON. */
export interface L1Class<P> {
  new (scope: Construct, id: string, props: P): ApiObject;
  readonly GVK: { readonly apiVersion: string; readonly kind: string };
  /** `{ ...GVK, ...toJson_<Kind>Props(props) }`: what the class's `toJson` returns for resolved props. */
  manifest(props: P): unknown;
}

export interface ObjectSink {
  /** One object of class `cls`; `id` is its construct id. */
  add<P>(cls: L1Class<P>, id: string, props: P): void;
  /** A sink for a group of objects: a child construct `id` in the construct tree. */
  group(id: string): ObjectSink;
}

/** The objects as constructs under `scope`. */
export function constructSink(scope: Construct): ObjectSink {
  return {
    add: (cls, id, props) => void new cls(scope, id, props),
    group: (id) => constructSink(new Construct(scope, id)),
  };
}

/** An object as the chart code made it: its class, construct id and props. */
export interface ObjectSpec {
  readonly cls: L1Class<unknown>;
  readonly id: string;
  readonly props: unknown;
}

/**
 * Whether cdk8s' tree lists this construct id before the others (its children are an object's keys,
 * and an integer-like key comes first): `0` or digits without a leading zero. Written out instead of
 * a regular expression: it is asked for every object.
 */
function integerLike(id: string): boolean {
  const n = id.length;
  if (n === 0) return false;
  const first = id.charCodeAt(0);
  if (first < 48 || first > 57 || (first === 48 && n > 1)) return false;
  for (let i = 1; i < n; i++) {
    const c = id.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * Each object rendered by `render` as it is added (its props are garbage right after, instead of
 * being held until the last object is added: for 1,000 services that spared the collector copying
 * them), in the order they were added: the construct tree's pre-order, as long as `complete` holds.
 * `render` returns undefined for an object it cannot render; the sink then renders no more.
 */
export class ManifestSink implements ObjectSink {
  /** What `render` made of each object, in the order added. */
  readonly rendered: unknown[] = [];
  /** The ids taken in this group (its children in the construct tree). */
  private readonly ids = new Set<string>();
  private ordered = true;
  private renderedAll = true;

  constructor(
    private readonly render: (o: ObjectSpec) => unknown,
    private readonly root?: ManifestSink,
  ) {}

  /**
   * Whether every object was rendered, in the construct tree's order, and the tree would take every
   * id: no id (of an object or a group) that the tree lists first or refuses as taken. The chart
   * code's ids (`service-web`, `deployment-web`) never are.
   */
  get complete(): boolean {
    return this.ordered && this.renderedAll;
  }

  add<P>(cls: L1Class<P>, id: string, props: P): void {
    this.take(id);
    const top = this.root ?? this;
    if (!top.complete) return;
    const json = top.render({ cls: cls as unknown as L1Class<unknown>, id, props });
    if (json === undefined) top.renderedAll = false;
    else top.rendered.push(json);
  }

  group(id: string): ObjectSink {
    this.take(id);
    return new ManifestSink(this.render, this.root ?? this);
  }

  private take(id: string): void {
    if (integerLike(id) || this.ids.has(id)) (this.root ?? this).ordered = false;
    this.ids.add(id);
  }
}
