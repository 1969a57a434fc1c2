/** compose `pull_policy` → the container's `imagePullPolicy`. */
import { ComposeService } from '../../compose';
import { Diagnostics, show } from '../../diagnostics';

/**
 * compose `pull_policy` → `imagePullPolicy`: always → Always; missing / if_not_present / not set →
 * IfNotPresent; never and build → IfNotPresent too, never `Never` (a node has no image compose built
 * or loaded on the developer's machine: `Never` fails with ErrImageNeverPull), with an
 * `unpushed-image` warning unless `--image-registry` names where a build is pushed; refresh, daily,
 * weekly and every_<duration> (periodic checks Kubernetes does not have) → Always, its nearest, with a warning.
 */
export function pullPolicyOf(s: ComposeService, d: Diagnostics, imageRegistry?: string): string {
  const p = s.pullPolicy;
  switch (p) {
    case 'always':
      return 'Always';
    case 'never':
    case 'build':
      if (!(s.build && imageRegistry)) {
        d.warn(
          s.source.file,
          `services.${s.name}.pull_policy`,
          `pull_policy ${show(p)}: compose uses an image it ${p === 'build' ? 'builds' : 'finds'} on this machine, which the cluster's nodes do not have; it becomes imagePullPolicy IfNotPresent (never Never, which fails with ErrImageNeverPull): push the image to a registry${s.build ? ' (--image-registry REG --image-tag TAG)' : ''}, or load it into every node (kind load docker-image)`,
          'unpushed-image',
          s.name,
        );
      }
      return 'IfNotPresent';
    case undefined:
    case 'missing':
    case 'if_not_present':
      return 'IfNotPresent';
    default:
      d.warn(
        s.source.file,
        `services.${s.name}.pull_policy`,
        `pull_policy ${show(p)} becomes imagePullPolicy Always: Kubernetes has no periodic pull, and Always checks the registry at every container start (pulling only a changed digest); pin a tag or digest to control updates`,
      );
      return 'Always';
  }
}
