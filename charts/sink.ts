/**
 * Where the chart code puts its objects. Every object is an L1 class of `cdk8s-plus-28`'s `k8s` (or
 * of `imports/`) with its typed props; the sink decides what becomes of it:
 * - {@link constructSink}: a construct under a cdk8s scope (`new KubeDeployment(scope, id, props)`),
 *   for `ApplicationChart`, `ComposeChart` and `cdk8s synth`;
 * - {@link ManifestSink}: the class and its props only, for the CLI, which renders them with the
 *   class's own converter (charts/synth-json.ts, `manifestsJson`) without building a construct
 *   tree: the same JSON as the chart's, in about half the time of the objects stage.
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

/** An object as the chart code made it: its class and props, in the order of the construct tree. */
export interface ObjectSpec {
  readonly cls: L1Class<unknown>;
  readonly id: string;
  readonly props: unknown;
}

/** Construct ids that cdk8s' tree lists before the others (its children are an object's keys). */
const INTEGER_LIKE = /^(?:0|[1-9][0-9]*)$/;

/**
 * The objects as their classes and props, in the order they were added: the construct tree's
 * pre-order, as long as `treeLike` holds (no id, of an object or a group, that the tree would list
 * first or refuse as taken). The chart code's ids (`service-web`, `deployment-web`) always are.
 */
export class ManifestSink implements ObjectSink {
  readonly objects: ObjectSpec[] = [];
  private readonly ids = new Set<string>();
  private ordered = true;

  constructor(private readonly root?: ManifestSink, private readonly path = '') {}

  /** Whether the order of `objects` is the construct tree's, and the tree would take every id. */
  get treeLike(): boolean {
    return this.ordered;
  }

  add<P>(cls: L1Class<P>, id: string, props: P): void {
    this.take(id);
    (this.root ?? this).objects.push({ cls: cls as unknown as L1Class<unknown>, id, props });
  }

  group(id: string): ObjectSink {
    this.take(id);
    return new ManifestSink(this.root ?? this, `${this.path}${id}/`);
  }

  private take(id: string): void {
    const top = this.root ?? this;
    const key = this.path + id;
    if (INTEGER_LIKE.test(id) || top.ids.has(key)) top.ordered = false;
    top.ids.add(key);
  }
}
