/** Help texts of up, ps and down (the README's CLI reference quotes them). */
import { INPUT_OPTIONS } from './usage';

const CLUSTER_OPTIONS = `      --kubeconfig FILE    kubeconfig to use (default: KUBECONFIG, else ~/.kube/config);
                           contexts and exec credential plugins as kubectl reads them
      --context NAME       kubeconfig context (default: the current context)
  -n, --namespace NS       namespace of the project (default: the context's namespace, else
                           default)`;

export const UP_HELP = `Usage: cdk8s-compose up [options]

Deploy the compose application to the cluster, without Helm: synthesize it in memory, create
the namespace (with the Pod Security labels the output needs) and the project's Secrets from
the values compose would use (.env, the environment, env files, secret files; never written
or printed), then server-side apply everything as one ApplySet in wave order and wait: migration
Jobs complete, rollouts available, claims bound. Then prune what left the project (claims only
with --prune-volumes). A changed Secret value restarts the workloads that read it.

Options:
${CLUSTER_OPTIONS}
      --wait=false         return after the apply (default: wait)
      --timeout DURATION   how long to wait, e.g. 90s, 5m (default: 10m)
      --dry-run            server-side dry run: what would be created, changed, pruned
      --no-create-secrets  leave the Secrets to you (SECRETS.md of synth lists them)
      --prune-volumes      also delete claims that left the project
  -o, --output DIR         also write the manifests to DIR (as synth)
${INPUT_OPTIONS.replace(/  -n, --namespace NS[^\n]*\n[^\n]*\n/, '')}

Exit status: 0 ready, 1 invalid input or not ready (with the diagnosis per service), 2 wrong usage.
`;

export const PS_HELP = `Usage: cdk8s-compose ps [options]

List the project's workloads in the cluster: per service the workload, ready/desired, restarts,
age, image and the reason it is not ready.

Options:
${CLUSTER_OPTIONS}
      --json               the rows as JSON on stdout
  -f, --file FILE          compose file (for the project's name)
  -p, --project-name NAME  project name; without -f, no compose file is read
  -h, --help               show this help
`;

export const DOWN_HELP = `Usage: cdk8s-compose down [options]

Delete the project's objects from the cluster (its ApplySet) and wait for them to go. Claims
and the Secrets up created stay unless --volumes / --secrets; the namespace stays; objects that
are not the project's are never touched.

Options:
${CLUSTER_OPTIONS}
      --volumes            also delete the project's claims (their data is lost)
      --secrets            also delete the Secrets up created
      --timeout DURATION   how long to wait for the objects to go (default: 10m)
  -f, --file FILE          compose file (for the project's name)
  -p, --project-name NAME  project name; without -f, no compose file is read
  -h, --help               show this help
`;

export function deployHelp(command: 'up' | 'ps' | 'down'): string {
  return command === 'up' ? UP_HELP : command === 'ps' ? PS_HELP : DOWN_HELP;
}
