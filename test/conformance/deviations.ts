/**
 * The deliberate deviations from `docker compose config`: where our front end reads a project
 * differently from compose on purpose. The conformance suite asserts that every difference it
 * meets is one of these (or fails), and that each one is really shown by its fixture.
 * Documented for users in README.md ("Held to `docker compose config`").
 */

export interface Deviation {
  readonly id: string;
  readonly title: string;
  readonly reason: string;
  /** The conformance case that shows it (test/conformance/fixtures/<name>). */
  readonly fixture: string;
}

export const SECRET_NOT_RESOLVED = 'secret-variable-not-resolved';
export const UNSET_SECRET_NOT_AN_ERROR = 'unset-secret-required-not-an-error';
export const SECRET_OUTSIDE_REFERENCES = 'secret-variable-where-no-reference-can-go';

export const DEVIATIONS: readonly Deviation[] = [
  {
    id: SECRET_NOT_RESOLVED,
    title: 'a variable classified as secret is never resolved',
    reason:
      'DESIGN.md: secret values never reach the manifests; a secret variable stays a reference that becomes a secretKeyRef, so its value (and any default such as ${POSTGRES_PASSWORD:-app}) is not read. Compared: the text around the reference must match compose\'s resolved value.',
    fixture: 'deviation/secret-variables',
  },
  {
    id: UNSET_SECRET_NOT_AN_ERROR,
    title: 'an unset secret ${X:?msg} is not an error',
    reason:
      'DESIGN.md: GitOps pipelines have no secret values and synth must work without a .env; `${X:?msg}` on a secret variable makes the Secret key required (optional: false) instead of failing. Compose refuses the project; the suite then gives compose a placeholder value for that variable and compares the rest.',
    fixture: 'deviation/secret-variables',
  },
  {
    id: SECRET_OUTSIDE_REFERENCES,
    title: 'a secret variable where no Secret reference can go is an error',
    reason:
      'Follows from the first: a secret variable is never resolved, and Kubernetes can only refer to a Secret from environment values, command, args and exec probes. In a label, an image, a port or a config\'s content the value would have to be written, so the front end refuses it and says where secret variables may go; compose resolves it.',
    fixture: 'deviation/secret-in-label',
  },
];
