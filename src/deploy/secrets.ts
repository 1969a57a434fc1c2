/**
 * The project's Secrets as `up` creates them (the default provider: pre-created Secrets): values
 * from what compose would use (.env, the environment, env files, secret files) straight into the
 * cluster, never to a file or the screen; and the restart hash of the values each workload reads.
 */
import { createHash } from 'crypto';
import { ComposeProject } from '../compose';
import { AppModel, describeSource } from '../model/types';
import { secretValues } from '../model/values';

/** Pod-template annotation holding a hash of the Secret values the pod reads (never the values). */
export const SECRETS_HASH_ANNOTATION = 'cdk8s-compose.io/secrets-hash';
/** The field manager of that annotation, apart from `up`'s own: synth's output and `up` never fight over it. */
export const RESTART_FIELD_MANAGER = 'cdk8s-compose-restart';

export interface PlannedSecrets {
  /** Secret objects to apply (values base64 in `data`). */
  readonly objects: { apiVersion: 'v1'; kind: 'Secret'; metadata: { name: string; namespace: string; labels: Record<string, string> }; type: 'Opaque'; data: Record<string, string> }[];
  /** One line per required key without a value. */
  readonly missing: string[];
  /** Workload name → hash of the values of the Secrets it reads. */
  readonly hashes: ReadonlyMap<string, string>;
}

/** Labels of the Secrets `up` creates: the project's, so `down --secrets` finds them. */
export function createdSecretLabels(project: string): Record<string, string> {
  return { 'app.kubernetes.io/instance': project, 'app.kubernetes.io/managed-by': 'cdk8s-compose', 'app.kubernetes.io/part-of': project };
}

export function planSecrets(project: ComposeProject, model: AppModel, namespace: string): PlannedSecrets {
  const contracts = model.secrets.filter((c) => !c.external);
  const { values, missing } = secretValues(project, contracts);
  const objects = contracts.map((c) => ({
    apiVersion: 'v1' as const,
    kind: 'Secret' as const,
    metadata: { name: c.name, namespace, labels: createdSecretLabels(model.project) },
    type: 'Opaque' as const,
    data: Object.fromEntries(Object.entries(values[c.name] ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('base64')])),
  }));
  const readers = new Map<string, string[]>();
  for (const c of contracts) for (const w of c.usedBy) readers.set(w, [...(readers.get(w) ?? []), c.name]);
  const hashes = new Map<string, string>();
  for (const [w, names] of readers) {
    const h = createHash('sha256');
    for (const n of names.sort()) h.update(JSON.stringify([n, Object.entries(values[n] ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))]));
    hashes.set(w, h.digest('hex').slice(0, 16));
  }
  return {
    objects,
    missing: missing.map((m) => `Secret ${m.secret}, key ${m.key}: no value (${describeSource(m.source)}); set it in .env or the environment, or pass --no-create-secrets and create the Secret yourself`),
    hashes,
  };
}
