/**
 * `cdk8s-compose down`: deletes the members of the project's ApplySet and waits for them to go;
 * claims and the Secrets `up` created stay unless --volumes / --secrets (as `docker compose down
 * -v`); the namespace stays; nothing outside the set (or, for claims and Secrets, without the
 * project's labels) is touched.
 */
import { APPLYSET_ID, FIELD_MANAGER, groupKind, parentSecret } from './applyset';
import { DeployIo } from './io';
import { apply, Kube, list, Obj, remove } from './kube';
import { deleteAndWait, keyOf, liveSet, members } from './members';
import { createdSecretLabels } from './secrets';

export interface DownOptions {
  readonly volumes: boolean;
  readonly secrets: boolean;
  readonly timeoutMs: number;
  readonly version: string;
}

export async function down(kube: Kube, project: string, ns: string, o: DownOptions, io: DeployIo): Promise<number> {
  const deadline = Date.now() + o.timeoutMs;
  const set = await liveSet(kube, project, ns);
  const all = set.parent ? await members(kube, set.id, ns, set.groupKinds) : [];
  const isClaim = (x: Obj) => x.kind === 'PersistentVolumeClaim';
  const gone = all.filter((x) => o.volumes || !isClaim(x));
  // Claims of StatefulSet templates and the Secrets up created carry the project's labels, not part-of.
  const selector = `app.kubernetes.io/instance=${project}`;
  if (o.volumes) {
    for (const c of await list(kube, 'v1', 'PersistentVolumeClaim', ns, selector)) if (!gone.some((x) => keyOf(x) === keyOf(c))) gone.push(c);
  }
  if (o.secrets) {
    const labels = createdSecretLabels(project);
    const sel = Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');
    for (const s of await list(kube, 'v1', 'Secret', ns, sel)) if (!s.metadata.labels?.[APPLYSET_ID] && !gone.some((x) => keyOf(x) === keyOf(s))) gone.push(s);
  }
  // Workloads first, then what they use.
  const order = ['Deployment', 'StatefulSet', 'Job', 'DaemonSet'];
  gone.sort((a, b) => (order.includes(a.kind) ? 0 : 1) - (order.includes(b.kind) ? 0 : 1));
  for (const x of gone) io.stderr(`removing ${keyOf(x)}\n`);
  const left = await deleteAndWait(kube, gone, deadline);
  if (left.length > 0) {
    io.stderr(`down: still there after the timeout: ${left.map(keyOf).join(', ')}\n`);
    return 1;
  }
  const kept = all.filter((x) => !gone.some((g) => keyOf(g) === keyOf(x)));
  if (set.parent) {
    if (kept.length === 0 && (o.volumes || !all.some(isClaim))) await remove(kube, set.parent);
    else {
      const kinds = [...new Set(kept.map((x) => groupKind(x.apiVersion, x.kind)))].sort().join(',');
      await apply(kube, parentSecret(project, ns, kinds, o.version), FIELD_MANAGER);
    }
  }
  const keptClaims = kept.filter(isClaim).length;
  io.stderr(`down: removed ${gone.length} object(s) of ${project} from namespace ${ns}${keptClaims > 0 ? `; kept ${keptClaims} claim(s) (--volumes removes them)` : ''}${o.secrets ? '' : '; kept its Secrets (--secrets removes them)'}\n`);
  return 0;
}
