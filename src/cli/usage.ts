/** Help texts of the CLI (the README's CLI reference quotes them). */

export const MAIN_HELP = `Usage: cdk8s-compose <command> [options]

Compile a Docker Compose application into Kubernetes manifests.

Commands:
  synth   write manifests, kustomization.yaml and SECRETS.md to a folder
  check   validate the compose files and report every problem; writes nothing
  graph   print a Mermaid diagram of the application (services, init order, networks,
          volumes, Secrets)
  lock    read the configuration of every pulled image from its registry (user, ports,
          volumes, healthcheck) into cdk8s-compose.lock.json; the only command that uses
          the network
  up      deploy to the cluster without Helm (Secrets, server-side apply, wait, prune)
  ps      list the project's workloads in the cluster and why any is not ready
  down    remove the project's objects from the cluster (claims, Secrets kept)

Run "cdk8s-compose <command> --help" for the options of a command.
Exit status: 0 success (warnings on stderr), 1 invalid input, 2 wrong usage.
`;

export const INPUT_OPTIONS = `  -f, --file FILE          compose file; repeat to merge several (default: compose.yaml,
                           compose.yml, docker-compose.yaml or docker-compose.yml, plus the
                           override file, or COMPOSE_FILE)
      --env-file FILE      variables file instead of the project's .env; repeatable
      --profile NAME       enable a compose profile; repeatable (default: COMPOSE_PROFILES)
  -p, --project-name NAME  project name (default: COMPOSE_PROJECT_NAME, the file's name:, or
                           the project folder's name)
  -n, --namespace NS       put every object in namespace NS and emit the Namespace with
                           Pod Security "restricted" labels
      --image-registry REG with --image-tag TAG: a service with build: and no image: gets
      --image-tag TAG      REG/<project>-<service>:TAG
      --secrets MODE       where Secret values come from: external (default: created out of
                           band, listed in SECRETS.md), external-secrets (an ExternalSecret per
                           Secret), inline (development only: values from .env in the output)
      --secret-store REF   store of external-secrets: NAME (a SecretStore) or
                           ClusterSecretStore/NAME
      --allow-insecure-secrets
                           confirm --secrets inline
      --gateway NS/NAME    Gateway API: attach HTTPRoutes to Gateway NAME in namespace NS
                           (default: top-level x-k8s.gateway); x-k8s.ingress and
                           kompose.service.expose become HTTPRoutes instead of Ingresses
  -q, --quiet              print errors only
  -h, --help               show this help`;

export const SYNTH_HELP = `Usage: cdk8s-compose synth [options]

Write Kubernetes manifests for the compose application: one YAML file per object,
a kustomization.yaml (kubectl apply -k DIR), and SECRETS.md listing the Secrets to create.
The output folder is replaced atomically and keeps its mode; a failed run leaves it as it
was. Files in it that cdk8s-compose did not write (not in its kustomization.yaml) are kept;
files an earlier run wrote and this one does not are removed; both are named. A non-empty
folder that cdk8s-compose did not write is refused.

Options:
${INPUT_OPTIONS}
      --strict             make every warning that needs attention (literal secrets, untagged
                           images, missing files ...: the table in the README) an error
  -o, --output DIR         output folder (default: dist); - is --stdout
      --stdout             write every object to stdout as one multi-document YAML stream
                           (the files' bytes, in kustomization.yaml's order; e.g. | kubectl
                           apply -f -) instead of a folder; the report goes to stderr
      --report FILE        also write the conversion report as JSON to FILE (outside DIR)
      --lock-file PATH     image facts from PATH (default: cdk8s-compose.lock.json beside the
                           first compose file, when it exists; written by cdk8s-compose lock)
      --locked             fail when the lock file is missing or does not match the images
      --pin-digests        write locked images as name:tag@sha256:DIGEST (default: top-level
                           x-k8s.pinDigests)

At the end, synth prints each service with the objects made for it and the Secrets to
create (stderr; colors only on a terminal; counts only above 20 services). Warnings of one
kind are one line naming the services, those that need attention first, with their code.
The full report, every warning and the diagram are in DIR/README.md (and --report FILE).
`;

export const CHECK_HELP = `Usage: cdk8s-compose check [options]
       cdk8s-compose check --output DIR

Validate the compose application exactly as synth does, without writing anything.
Prints one line per problem: "error: FILE: PATH: message".

With --output DIR, check a folder of manifests instead (e.g. one edited by hand): every
Service selects pods and reaches declared ports, probes target declared ports, and every
claim, ConfigMap, Secret, ServiceAccount and Role referenced exists in the folder (Secrets
listed in its SECRETS.md count as created out of band).

Options:
${INPUT_OPTIONS}
      --strict             make every warning that needs attention (literal secrets, untagged
                           images, missing files ...: the table in the README) an error
      --lock-file PATH     image facts from PATH (default: cdk8s-compose.lock.json beside the
                           first compose file, when it exists)
      --locked             fail when the lock file is missing or does not match the images
  -o, --output DIR         check the manifests in DIR
`;

export const GRAPH_HELP = `Usage: cdk8s-compose graph [options]

Print a Mermaid flowchart of the application to stdout: workloads, the init order (migration
Job before the app, databases before their clients), compose networks, claims and Secrets.
GitHub and GitLab render it in Markdown (a \`\`\`mermaid block).

Options:
${INPUT_OPTIONS}
`;

export const LOCK_HELP = `Usage: cdk8s-compose lock [options]

Resolve every image of the project that it does not build (services with image: and no
build:) through its registry: the tag's digest, the platform's manifest and the image
configuration (User, ExposedPorts, Volumes, WorkingDir, Env, Entrypoint, Cmd,
Healthcheck, labels). A user given by name is turned into numbers from the image's
/etc/passwd and /etc/group. Writes cdk8s-compose.lock.json beside the first compose file,
sorted and without timestamps, to commit; synth then reads it without the network.
An entry whose tag still points at the same digest is kept (one HEAD request).
Credentials: $DOCKER_CONFIG/config.json (default ~/.docker/config.json): auths, or a
docker-credential-* helper on PATH; anonymous otherwise.

Options:
  -f, --file FILE          compose file; repeat to merge several (as for synth)
      --env-file FILE      variables file instead of the project's .env; repeatable
      --profile NAME       enable a compose profile; repeatable
  -p, --project-name NAME  project name
      --platform OS/ARCH   platform whose configuration is read (default: linux/amd64);
                           --pin-digests in synth pins the multi-platform index
      --lock-file PATH     lock file to write (default: cdk8s-compose.lock.json beside the
                           first compose file)
      --insecure-registry HOST:PORT
                           speak plain HTTP to this registry (e.g. localhost:5000); repeatable
  -q, --quiet              print errors only
  -h, --help               show this help

Progress: one line per image on stderr. Exit status: 0 every image resolved, 1 an image
could not be resolved (the others are still written), 2 wrong usage.
`;

export function helpFor(command: string | undefined): string {
  if (command === 'lock') return LOCK_HELP;
  if (command === 'synth') return SYNTH_HELP;
  if (command === 'graph') return GRAPH_HELP;
  if (command === 'check') return CHECK_HELP;
  return MAIN_HELP;
}

/**
 * What wrong usage prints after its one-line error: the command's "Usage:" lines and where the
 * options are, not the whole help.
 */
export function shortUsageFor(command: string | undefined): string {
  const lines = helpFor(command).split('\n');
  const usage = lines.slice(0, lines.findIndex((l) => l === ''));
  const helpCommand = command === 'synth' || command === 'check' || command === 'graph' || command === 'lock' ? `cdk8s-compose ${command} --help` : 'cdk8s-compose --help';
  return `${usage.join('\n')}\nRun "${helpCommand}" for the ${helpCommand === 'cdk8s-compose --help' ? 'commands' : 'options'}.\n`;
}

/** Wrong usage: the CLI prints the message and the command's short usage, and exits 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
