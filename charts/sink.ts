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

/** Construct ids that cdk8s' tree lists before the others (its children are an object's keys). */
const INTEGER_LIKE = /^(?:0|[1-9][0-9]*)$/;

/**
 * Each object rendered by `render` as it is added (its props are garbage right after, instead of
 * being held until the last object is added: for 1,000 services that spared the collector copying
 * them), in the order they were added: the construct tree's pre-order, as long as `complete` holds.
 * `render` returns undefined for an object it cannot render; the sink then renders no more.
 */
export class ManifestSink implements ObjectSink {
  /** What `render` made of each object, in the order added. */
  readonly rendered: unknown[] = [];
  private readonly ids = new Set<string>();
  private ordered = true;
  private renderedAll = true;

  constructor(
    private readonly render: (o: ObjectSpec) => unknown,
    private readonly root?: ManifestSink,
    private readonly path = '',
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
    return new ManifestSink(this.render, this.root ?? this, `${this.path}${id}/`);
  }

  private take(id: string): void {
    const top = this.root ?? this;
    const key = this.path + id;
    if (INTEGER_LIKE.test(id) || top.ids.has(key)) top.ordered = false;
    top.ids.add(key);
  }
}
