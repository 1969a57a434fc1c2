/** compose `pull_policy` → the container's `imagePullPolicy`. */
import { ComposeService } from '../../compose';
import { Diagnostics, show } from '../../diagnostics';

/**
 * compose `pull_policy` → `imagePullPolicy`: always → Always, never → Never, missing /
 * if_not_present / build / not set → IfNotPresent; refresh, daily, weekly and every_<duration>
 * (periodic checks Kubernetes does not have) → Always, its nearest, with a warning.
 */
export function pullPolicyOf(s: ComposeService, d: Diagnostics): string {
  const p = s.pullPolicy;
  switch (p) {
    case 'always':
      return 'Always';
    case 'never':
      return 'Never';
    case undefined:
    case 'missing':
    case 'if_not_present':
    case 'build':
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
