/**
 * Init containers that turn `depends_on` into real startup ordering:
 * - `service_healthy` → wait until the dependency's Service accepts TCP connections (it has ready
 *   endpoints only once its readiness probe passes);
 * - `service_completed_successfully` on an init Job → wait until that Job reports a success,
 *   polling the API for that one Job with `get` only (a Role limited to its name), the token
 *   mounted into the gate container only; or, when the service sets `x-k8s.migrationGate`, run
 *   that command (e.g. `alembic current --check-heads`) with the service's own image and env.
 */
import { escapeKubernetesVars } from '../values';
import { truncateName } from '../names';
import { GATE_RESOURCES } from './resources';
import { Container, Resources } from '../types';

/** Small pinned images with a shell, overridable with top-level `x-k8s.gateImages`. */
export const DEFAULT_GATE_IMAGES = {
  /** `nc -z` for service_healthy. */
  wait: 'busybox:1.36.1',
  /** `curl` to poll one Job through the API (the official kubectl image has no shell). */
  jobWait: 'curlimages/curl:8.11.1',
} as const;

/** Seconds between two checks of a gate. */
export const GATE_POLL_SECONDS = { service: 2, job: 5 } as const;

/** Where the gate container finds its token, the cluster CA and its namespace. */
export const TOKEN_DIR = '/var/run/secrets/cdk8s-compose/api';
export const TOKEN_VOLUME = 'api-token';

/** A gate container that runs `escapedScript` (the script as escapeKubernetesVars writes it) with sh. */
function gateContainer(name: string, image: string, escapedScript: string, resources: Resources = GATE_RESOURCES): Container {
  return {
    name,
    image,
    imagePullPolicy: 'IfNotPresent',
    command: ['sh', '-c', escapedScript],
    env: [],
    envFrom: [],
    ports: [],
    resources,
    securityContext: { readOnlyRootFilesystem: true, capabilitiesAdd: [] },
    volumeMounts: [],
  };
}

export function waitForService(dependency: string, port: number, image: string): Container {
  const target = `${dependency}:${port}`;
  return gateContainer(
    truncateName(`wait-for-${dependency}`),
    image,
    escapeKubernetesVars(`until nc -z -w 2 ${dependency} ${port}; do echo "waiting for ${target}"; sleep ${GATE_POLL_SECONDS.service}; done`),
  );
}

/**
 * The script of a Job gate around the Job's name, each piece escaped once (escapeKubernetesVars):
 * escaping the pieces and the name apart gives the text escaping the whole script gives, since no
 * piece ends with "$" nor starts with "$" or "(" (a service waits for hundreds of Jobs in a large
 * project, and the escape is a regular expression over the whole script).
 * NotFound (the Job is not created yet) and a Job still running both mean "not yet"; the token is
 * read on every try because the kubelet rotates it.
 */
const JOB_GATE_SCRIPT = [
  `url="https://kubernetes.default.svc/apis/batch/v1/namespaces/$(cat ${TOKEN_DIR}/namespace)/jobs/`,
  `"; until curl -sf --cacert ${TOKEN_DIR}/ca.crt -H "Authorization: Bearer $(cat ${TOKEN_DIR}/token)" "$url" | grep -Eq '"succeeded": *[1-9]'; do echo "waiting for job `,
  `"; sleep ${GATE_POLL_SECONDS.job}; done`,
].map((piece) => escapeKubernetesVars(piece));

export function waitForJob(service: string, job: string, image: string): Container {
  const name = escapeKubernetesVars(job);
  const script = `${JOB_GATE_SCRIPT[0]}${name}${JOB_GATE_SCRIPT[1]}${name}${JOB_GATE_SCRIPT[2]}`;
  const c = gateContainer(truncateName(`wait-for-${service}`), image, script);
  return { ...c, volumeMounts: [{ name: TOKEN_VOLUME, mountPath: TOKEN_DIR, readOnly: true }] };
}

/** Runs the user's gate command with the main container's image, env, mounts and resources. */
export function migrationGate(command: readonly string[], main: Container): Container {
  return {
    ...main,
    name: 'wait-for-migrations',
    command: command.map((c) => escapeKubernetesVars(c)),
    args: undefined,
    ports: [],
    startupProbe: undefined,
    readinessProbe: undefined,
    livenessProbe: undefined,
    tty: undefined,
    stdin: undefined,
  };
}
