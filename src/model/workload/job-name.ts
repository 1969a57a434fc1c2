/**
 * Job settings and names. A Job's pod template is immutable, so its name carries a hash of every
 * input of the template: an edit makes a new Job instead of an update the API server refuses.
 */
import { canonicalJson, sha256Hex } from '../canonical-json';
import { truncateName } from '../names';

/** Seconds a Job may run before Kubernetes stops it (practices C-05). */
export const JOB_ACTIVE_DEADLINE_SECONDS = 1800;
/** Length of the pod-template hash in a Job's name (`<service>-<hash>`). */
export const JOB_HASH_LENGTH = 8;

/**
 * `<name>-<hash>`: the name (truncated so the whole stays within 63 characters) and the first
 * JOB_HASH_LENGTH hex digits of the SHA-256 of the canonical JSON of `template` (everything the
 * Job's template is made of: the pod, its annotations and labels, version, service, project, component).
 */
export function jobName(name: string, template: unknown): string {
  return `${truncateName(name, 63 - JOB_HASH_LENGTH - 1)}-${sha256Hex(canonicalJson(template)).slice(0, JOB_HASH_LENGTH)}`;
}
