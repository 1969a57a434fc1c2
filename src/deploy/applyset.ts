/**
 * The ApplySet of a project (Kubernetes KEP-3659, "ApplySet: kubectl apply --prune redesign"): a
 * parent Secret in the namespace carries the id label, the group-kinds of its members and the
 * tool that manages it; every member carries the `part-of` label with the id. `up` adds that label
 * at apply time only: the files of `synth` never carry it.
 */
import { createHash } from 'crypto';

export const APPLYSET_ID = 'applyset.kubernetes.io/id';
export const APPLYSET_PART_OF = 'applyset.kubernetes.io/part-of';
export const APPLYSET_GROUP_KINDS = 'applyset.kubernetes.io/contains-group-kinds';
export const APPLYSET_TOOLING = 'applyset.kubernetes.io/tooling';
/** The field manager of `up`'s server-side apply. */
export const FIELD_MANAGER = 'cdk8s-compose';

/**
 * The id of a parent, as the specification computes it: `applyset-` + the unpadded base64url of
 * the SHA-256 of `NAME.NAMESPACE.KIND.GROUP` + `-v1` (for a Secret the group is empty).
 */
export function applySetId(name: string, namespace: string, kind = 'Secret', group = ''): string {
  const hash = createHash('sha256').update(`${name}.${namespace}.${kind}.${group}`).digest('base64url');
  return `applyset-${hash}-v1`;
}

/** The parent Secret's name for a project. */
export function parentName(project: string): string {
  return `cdk8s-compose-${project}`;
}

/** `Kind.group` (core kinds: `Kind`), as the specification writes a group-kind. */
export function groupKind(apiVersion: string, kind: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? kind : `${kind}.${apiVersion.slice(0, slash)}`;
}

/** The `contains-group-kinds` annotation value: sorted, comma-separated, without repeats. */
export function groupKindsAnnotation(objects: readonly { apiVersion: string; kind: string }[]): string {
  return [...new Set(objects.map((o) => groupKind(o.apiVersion, o.kind)))].sort().join(',');
}

export function parseGroupKinds(annotation: string | undefined): string[] {
  return (annotation ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** The parent Secret: the project's labels, the id label, the group-kinds, the tool (`cdk8s-compose/VERSION`); it holds no data. */
export function parentSecret(project: string, namespace: string, groupKinds: string, version: string) {
  const labels = { 'app.kubernetes.io/instance': project, 'app.kubernetes.io/managed-by': 'cdk8s-compose' };
  const name = parentName(project);
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name,
      namespace,
      labels: { ...labels, [APPLYSET_ID]: applySetId(name, namespace) },
      annotations: { [APPLYSET_GROUP_KINDS]: groupKinds, [APPLYSET_TOOLING]: `cdk8s-compose/${version}` },
    },
    type: 'Opaque',
  };
}

/** A member: the object with the `part-of` label added (a copy). */
export function asMember<T extends { metadata: { labels?: Record<string, string> } }>(o: T, id: string): T {
  return { ...o, metadata: { ...o.metadata, labels: { ...(o.metadata.labels ?? {}), [APPLYSET_PART_OF]: id } } };
}
