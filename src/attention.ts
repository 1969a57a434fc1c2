/**
 * Warnings that need the user's attention before the output is fit for production. Each code is
 * listed under "Needs your attention" in the output's README.md and in the `--report` JSON, grouped
 * by service, and `--strict` (synth and check) turns each into an error: exit 1, nothing written.
 *
 * Warnings without a code are informational (what was dropped because Kubernetes does it another
 * way, development-only keys): they stay warnings in every mode.
 *
 * This table is the one place that decides what `--strict` refuses; the README shows it (after adding
 * a code: `npm run build && node scripts/update-readme-help.js`; test/cli/strict.test.ts checks it).
 */
export const ATTENTION = {
  'literal-secret': 'a secret value written literally in a compose or env file (rotate it and move it to .env)',
  'mutable-image': 'an image without a tag or with the tag latest (pin a version or a digest)',
  'unpushed-image': 'a build: image that the cluster cannot pull until it is pushed (--image-registry/--image-tag or image:)',
  'missing-file': 'a secret or config file that does not exist here (it must exist where the Secret or ConfigMap is made)',
  'file-prerequisite': 'a bind-mounted file that does not exist here (create it, then its Secret or ConfigMap, as the output says)',
  'writable-file': 'a bind-mounted file the application writes (acme.json, *.db) that a read-only ConfigMap cannot hold',
  'data-copy': 'data that must be copied into a claim by hand (a bind of a data folder, large files, a host folder)',
  'writable-root': 'a root filesystem left writable because the image\'s write paths are unknown (x-k8s.writablePaths)',
  'image-user': 'an image whose user could not be determined (set user: to a numeric UID:GID)',
  'project-name': 'a project name taken from the folder\'s name (set name: in the compose file)',
  'memory-limit': 'a memory limit set in compose below what the container needs (memory-backed volumes, a JVM heap): it will be OOM-killed',
  'probe-shell': 'a healthcheck that reads a secret (run through sh -c) on an image without a shell',
  'one-shot-server': 'a restart: "no"/on-failure service that serves ports, rendered as a Deployment',
  'undeclared-port': 'a service others reach by name on ports nobody declares: a headless Service without ports (declare them with expose:)',
  'network-alias': 'a network or link alias that cannot be a Service name, or that two services claim (rename it)',
  'renamed-host': 'a service renamed to a DNS label whose old name images or secret values may still use as a host',
} as const;

export type AttentionCode = keyof typeof ATTENTION;

export function isAttentionCode(code: string): code is AttentionCode {
  return Object.prototype.hasOwnProperty.call(ATTENTION, code);
}
