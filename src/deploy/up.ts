/**
 * `cdk8s-compose up`: the namespace, the project's Secrets, then the objects in wave order by
 * server-side apply as one ApplySet, waiting wave by wave (Jobs complete before the workloads that
 * wait on them are counted), then pruning what left the project.
 */
import { ComposeProject } from '../compose';
import { AppModel } from '../model/types';
import { asMember, FIELD_MANAGER, groupKind, groupKindsAnnotation, parentSecret } from './applyset';
import { DeployIo, DeployOptions } from './io';
import { apply, Kube, messageOf, Obj, read } from './kube';
import { deleteAndWait, keyOf, liveSet, members } from './members';
import { planSecrets, RESTART_FIELD_MANAGER, SECRETS_HASH_ANNOTATION } from './secrets';
import { waves } from './status';
import { waitFor } from './wait';

export interface UpInput {
  readonly project: ComposeProject;
  readonly model: AppModel;
  readonly objects: readonly Obj[];
}

function namespaceObject(name: string, level: string): Obj {
  const labels: Record<string, string> = {};
  for (const mode of ['enforce', 'warn']) {
    labels[`pod-security.kubernetes.io/${mode}`] = level;
    labels[`pod-security.kubernetes.io/${mode}-version`] = 'latest';
  }
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

/** The fields that differ between the live object and the dry-run result (top-level paths). */
function changedFields(live: Obj, next: Obj): string[] {
  const strip = (o: Obj) => {
    const { metadata, status: _status, ...rest } = o ?? {};
    const { managedFields: _m, resourceVersion: _r, generation: _g, uid: _u, creationTimestamp: _c, ...meta } = metadata ?? {};
    return { ...rest, metadata: meta };
  };
  const a = strip(live);
  const b = strip(next);
  const out: string[] = [];
  const walk = (x: Obj, y: Obj, path: string, depth: number) => {
    if (JSON.stringify(x) === JSON.stringify(y)) return;
    if (depth >= 3 || typeof x !== 'object' || typeof y !== 'object' || x === null || y === null || Array.isArray(x)) {
      out.push(path);
      return;
    }
    for (const k of [...new Set([...Object.keys(x), ...Object.keys(y)])].sort()) walk(x[k], y[k], path ? `${path}.${k}` : k, depth + 1);
  };
  walk(a, b, '', 0);
  return out;
}

/**
 * A workload that reads Secrets `up` creates, with the hash of their values on its pod template,
 * owned by the restart field manager alone (so that neither `up`'s own apply nor one of synth's
 * files without it removes it). The template changes in one write, so that an edit and a new
 * Secret value together make one rollout, never a version in between (two writes would be two
 * ReplicaSets): `up`'s manager applies the object with the hash (the first apply of a new object
 * too: its first version has it); the restart manager applies the hash alone (now an owner of it,
 * nothing changes); `up`'s manager applies the object without it (it lets go; the restart manager
 * keeps it; nothing changes).
 */
async function applyWithRestartHash(kube: Kube, member: Obj, hash: string): Promise<void> {
  const annotated = (o: Obj) => ({ ...o, spec: { ...o.spec, template: { ...o.spec?.template, metadata: { ...o.spec?.template?.metadata, annotations: { ...o.spec?.template?.metadata?.annotations, [SECRETS_HASH_ANNOTATION]: hash } } } } });
  await apply(kube, annotated(member), FIELD_MANAGER);
  await apply(kube, annotated({ apiVersion: member.apiVersion, kind: member.kind, metadata: { name: member.metadata.name, namespace: member.metadata.namespace } }), RESTART_FIELD_MANAGER);
  await apply(kube, member, FIELD_MANAGER);
}

export async function up(kube: Kube, input: UpInput, o: DeployOptions, io: DeployIo): Promise<number> {
  const ns = o.namespace;
  const deadline = Date.now() + o.timeoutMs;
  const project = input.model.project;
  // The Namespace (synth -n emits one) is up's own business, never a member: down leaves it.
  const objects = input.objects.filter((x) => x.kind !== 'Namespace').map((x) => ({ ...x, metadata: { ...x.metadata, namespace: ns } }));
  const secrets = o.createSecrets && input.model.secretProvider.kind === 'external' ? planSecrets(input.project, input.model, ns) : undefined;
  if (secrets && secrets.missing.length > 0) {
    for (const m of secrets.missing) io.stderr(`error: ${m}\n`);
    io.stderr(`up: nothing applied: ${secrets.missing.length} Secret value(s) missing\n`);
    return 1;
  }
  const say = (line: string) => io.stderr(`${line}\n`);
  const dry = o.dryRun;
  const set = await liveSet(kube, project, ns);
  const newKinds = groupKindsAnnotation(objects);
  const union = [...new Set([...set.groupKinds, ...newKinds.split(',')])].sort().join(',');
  const summary: string[] = [];
  const record = async (x: Obj, manager = FIELD_MANAGER) => {
    const before = dry ? await read(kube, x.apiVersion, x.kind, x.metadata.name, x.metadata.namespace) : undefined;
    const after = await apply(kube, x, manager, dry);
    if (dry) {
      const fields = before ? changedFields(before, after) : [];
      summary.push(before === undefined ? `create  ${keyOf(x)}` : fields.length > 0 ? `change  ${keyOf(x)}: ${fields.join(', ')}` : `same    ${keyOf(x)}`);
    }
    return after;
  };
  try {
    const nsExists = await read(kube, 'v1', 'Namespace', ns);
    if (!nsExists || !dry) await record(namespaceObject(ns, input.model.podSecurity));
    if (!nsExists && dry) {
      say(`dry run: namespace ${ns} does not exist yet; it would be created with Pod Security "${input.model.podSecurity}", then every object of the project`);
      io.stdout(objects.map((x) => `create  ${keyOf(x)}\n`).join(''));
      return 0;
    }
    for (const s of secrets?.objects ?? []) {
      await record(s);
      if (!dry) say(`Secret ${s.metadata.name}: ${Object.keys(s.data).length} key(s) from the project's values`);
    }
    await record(parentSecret(project, ns, union, o.version));
    const id = set.id;
    const all = waves(objects);
    for (const wave of all) {
      for (const x of wave) {
        const member = asMember(x, id);
        const hash = dry || !(x.kind === 'Deployment' || x.kind === 'StatefulSet') ? undefined : secrets?.hashes.get(x.metadata.name);
        try {
          if (hash === undefined) await record(member);
          else await applyWithRestartHash(kube, member, hash);
        } catch (e) {
          throw new Error(`${keyOf(x)}: the API server refused it: ${messageOf(e)}`);
        }
      }
      if (o.wait && !dry) {
        const failures = await waitFor(kube, ns, wave, deadline, io);
        if (failures.length > 0) {
          for (const l of failures) io.stderr(`${l}\n`);
          io.stderr(`up: ${project} is not ready in namespace ${ns}; nothing was pruned\n`);
          return 1;
        }
      }
    }
    // Prune: members that left the project; claims only with --prune-volumes; Jobs only once the
    // waves have completed (a superseded migration Job goes after its replacement succeeded).
    const wanted = new Set(objects.map(keyOf));
    const stale = (await members(kube, id, ns, union.split(','))).filter(
      (x) => !wanted.has(keyOf(x)) && (x.kind !== 'PersistentVolumeClaim' || o.pruneVolumes) && (x.kind !== 'Job' || o.wait),
    );
    for (const x of stale) summary.push(`prune   ${keyOf(x)}`);
    if (!dry) for (const x of stale) say(`pruned ${keyOf(x)}`);
    // Pruning gets a minute of its own even when the waits used the whole --timeout.
    const left = await deleteAndWait(kube, stale, Math.max(deadline, Date.now() + 60_000), dry);
    if (left.length > 0) {
      io.stderr(`up: still deleting: ${left.map(keyOf).join(', ')}\n`);
      return 1;
    }
    const keptKinds = (await members(kube, id, ns, union.split(','))).filter((x) => !wanted.has(keyOf(x))).map((x) => groupKind(x.apiVersion, x.kind));
    const finalKinds = [...new Set([...newKinds.split(','), ...keptKinds])].sort().join(',');
    if (!dry) await record(parentSecret(project, ns, finalKinds, o.version));
    if (dry) {
      io.stdout(`${summary.join('\n')}\n`);
      say(`dry run: nothing was changed in namespace ${ns}`);
    } else say(`up: ${project} ${o.wait ? 'is ready' : 'applied'} in namespace ${ns} (${objects.length} objects)`);
    return 0;
  } catch (e) {
    io.stderr(`error: ${e instanceof Error && !('body' in e) ? e.message : messageOf(e)}\n`);
    return 1;
  }
}
