/**
 * The locked image's `Volumes` (its VOLUME paths, from the lock file's configuration): Docker makes an
 * anonymous volume at each unless compose mounts something there, and the data the image keeps there
 * survives a container's replacement. On Kubernetes each becomes a claim (DESIGN "Storage": anonymous
 * volumes over data paths are claims), named from the service and the path (`app` + `/data` →
 * `app-data`), of {@link IMAGE_VOLUME_CLAIM_SIZE}, with a warning that says how to size it.
 */
import { show, type Diagnostics } from '../../diagnostics';
import { toDnsLabel, truncateName } from '../names';
import type { Claim, PodVolume, VolumeMount } from '../types';
import { isInside } from './project-path';

/** Size of the claim behind an image VOLUME that compose does not mount. */
export const IMAGE_VOLUME_CLAIM_SIZE = '1Gi';

interface PlanParts {
  readonly volumes: PodVolume[];
  readonly mounts: VolumeMount[];
  readonly claimTemplates: Claim[];
  readonly claims: Claim[];
  readonly mountPaths: Set<string>;
}

/** The claim that holds the image VOLUME `target` of workload `workload`. */
export function imageVolumeClaim(workload: string, target: string): Claim {
  const name = truncateName(`${workload}-${toDnsLabel(target.replace(/^\/+/, '')) || 'root'}`);
  return { name, volume: name, size: IMAGE_VOLUME_CLAIM_SIZE, accessModes: ['ReadWriteOnce'], external: false, labels: {} };
}

/**
 * Adds a claim for every locked VOLUME path that no mount of the service covers; `at` locates the
 * warning (the service's image key).
 */
export function planImageVolumes(
  ctx: { readonly name: string; readonly statefulSet: boolean; readonly imageVolumes?: readonly string[]; readonly d: Diagnostics },
  plan: PlanParts,
  skip: (target: string) => boolean,
  volName: (base: string) => string,
  at: { readonly file: string; readonly path: string; readonly service: string },
): void {
  for (const v of ctx.imageVolumes ?? []) {
    if (skip(v) || [...plan.mountPaths].some((m) => isInside(v, m) || isInside(m, v))) continue;
    const claim = imageVolumeClaim(ctx.name, v);
    const name = volName(`image${v}`);
    if (ctx.statefulSet) plan.claimTemplates.push({ ...claim, name });
    else {
      plan.claims.push(claim);
      plan.volumes.push({ name, persistentVolumeClaim: { claimName: claim.name } });
    }
    plan.mounts.push({ name, mountPath: v });
    plan.mountPaths.add(v);
    ctx.d.warn(
      at.file,
      at.path,
      `the image keeps data at ${show(v)} (VOLUME, in the lock file), where Docker makes an anonymous volume; it becomes the claim ${show(claim.name)} (${IMAGE_VOLUME_CLAIM_SIZE}), which starts empty: to choose its name and size, mount a named volume there, or set x-k8s: {mounts: {${v}: {claim: ${claim.name}, size: 10Gi}}}`,
      undefined,
      at.service,
    );
  }
}
