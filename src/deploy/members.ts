/** The live ApplySet of a project: its parent Secret and its members, found by the `part-of` label. */
import { APPLYSET_GROUP_KINDS, APPLYSET_PART_OF, applySetId, parentName, parseGroupKinds } from './applyset';
import { apiVersionOf, Kube, list, Obj, read, remove, sleep } from './kube';

export interface LiveSet {
  readonly id: string;
  readonly parent?: Obj;
  readonly groupKinds: string[];
}

export async function liveSet(kube: Kube, project: string, namespace: string): Promise<LiveSet> {
  const name = parentName(project);
  const parent = await read(kube, 'v1', 'Secret', name, namespace);
  return { id: applySetId(name, namespace), parent, groupKinds: parseGroupKinds(parent?.metadata?.annotations?.[APPLYSET_GROUP_KINDS]) };
}

/** Every member of the set in the namespace, over the given group-kinds (as kubectl selects them). */
export async function members(kube: Kube, id: string, namespace: string, groupKinds: readonly string[]): Promise<Obj[]> {
  const out: Obj[] = [];
  for (const gk of groupKinds) {
    const v = await apiVersionOf(kube, gk);
    if (v) out.push(...(await list(kube, v.apiVersion, v.kind, namespace, `${APPLYSET_PART_OF}=${id}`)));
  }
  return out;
}

export const keyOf = (o: Obj): string => `${o.kind}/${o.metadata.name}`;

/** Deletes the objects and waits until each is gone (or the deadline passes: the ones left). */
export async function deleteAndWait(kube: Kube, objects: readonly Obj[], deadline: number, dryRun = false): Promise<Obj[]> {
  for (const o of objects) await remove(kube, o, dryRun);
  if (dryRun) return [];
  let left = [...objects];
  while (left.length > 0 && Date.now() < deadline) {
    const still: Obj[] = [];
    for (const o of left) if (await read(kube, o.apiVersion, o.kind, o.metadata.name, o.metadata.namespace)) still.push(o);
    left = still;
    if (left.length > 0) await sleep(500);
  }
  return left;
}
