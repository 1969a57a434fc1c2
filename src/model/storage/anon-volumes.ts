/**
 * Anonymous volumes (`- /var/lib/mysql`): Docker keeps one across `docker compose up` runs of the
 * same container, so a database's data survives a restart. On Kubernetes an emptyDir dies with the
 * pod: a rollout would lose the data. So an anonymous volume over a path that holds data — an
 * image profile's data path, a `VOLUME` of the service's Dockerfile, or (once the image-facts lock
 * lands, issue 26) a `VOLUME` the lock lists through {@link MountContext.imageVolumes} — becomes a
 * claim like a named volume, with the size warning. Its identity is the (service, path) pair, so
 * its name is `<workload>-<slug of the path>` (`db-var-lib-mysql`). Every other anonymous volume
 * stays an emptyDir, and a warning says so.
 */
import { show } from '../../diagnostics';
import { truncateName } from '../names';
import type { Claim } from '../types';
import { BIND_CLAIM_SIZE } from './binds';
import type { MountContext } from './mount-context';
import { isInside } from './project-path';

/** The data path an anonymous volume at `target` lies over, if any. */
export function anonymousDataPath(ctx: MountContext, target: string): string | undefined {
  const paths = [...(ctx.dataPaths ?? []), ...(ctx.service.build?.image?.volumes ?? []), ...(ctx.imageVolumes ?? [])];
  return paths.find((p) => isInside(target, p) || isInside(p, target));
}

/** The claim of an anonymous volume over a data path, with the size warning. */
export function anonymousClaim(ctx: MountContext, target: string, where: { file: string; path: string }): Claim {
  const slug = target.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'root';
  const name = truncateName(`${ctx.name}-${slug}`);
  ctx.names?.claim(name, `anonymous:${ctx.service.name}:${target}`, `the anonymous volume ${show(target)} of ${ctx.service.name}`, where.file, where.path);
  ctx.d.warn(
    where.file,
    where.path,
    `anonymous volume ${show(target)} holds the image's data; it becomes the claim ${name} (${BIND_CLAIM_SIZE}) so that the data survives a rollout; size it with x-k8s: {mounts: {${target}: {claim: ${name}, size: 10Gi}}}, or give it a named volume`,
  );
  return { name, volume: name, source: `anonymous volume ${target} of ${ctx.service.name}`, size: BIND_CLAIM_SIZE, accessModes: ['ReadWriteOnce'], external: false, labels: {} };
}

/** The warning of an anonymous volume that stays an emptyDir. */
export function warnAnonymousEmptyDir(ctx: MountContext, target: string, where: { file: string; path: string }): void {
  ctx.d.warn(
    where.file,
    where.path,
    `anonymous volume ${show(target)} becomes an emptyDir: what is written there is lost whenever the pod is replaced (Docker keeps it across restarts of one container); if it holds data, give it a named volume`,
  );
}
