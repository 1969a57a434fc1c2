/**
 * What planning a service's mounts needs to know (volumes.ts, binds.ts, image-fill.ts): its own
 * file, so that binds and image-fill, which volumes.ts calls, need not import volumes.ts back.
 */
import type { ComposeProject, ComposeService } from '../../compose';
import type { Diagnostics } from '../../diagnostics';
import type { HostAccess } from '../security';
import type { Claim } from '../types';

export interface MountContext {
  readonly project: ComposeProject;
  readonly service: ComposeService;
  /** DNS name of the workload. */
  readonly name: string;
  /** Named volumes become volumeClaimTemplates (a StatefulSet of more than one replica: claim-templates.ts). */
  readonly statefulSet: boolean;
  readonly claims: ReadonlyMap<string, Claim>;
  /** Paths the container must be able to write (read-only root filesystem). */
  readonly writablePaths: readonly string[];
  /** Secret that holds the project's secret variables. */
  readonly variableSecret: string;
  /** The image profile's data paths (a bind there is data, not configuration). */
  readonly dataPaths?: readonly string[];
  /** An image profile describes the image (its volumes need no filling). */
  readonly profileKnown?: boolean;
  /** `x-k8s.fillFromImage`: mount paths whose volumes are filled from the image. */
  readonly fillFromImage?: readonly string[];
  /** The service's host-access opt-in (system paths and devices need "privileged"). */
  readonly access: HostAccess;
  readonly d: Diagnostics;
}
