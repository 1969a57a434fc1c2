/**
 * Volumes filled from the image, as Docker fills an empty volume with what the image holds at its
 * mount path: an init container on the service's own image copies that content into the volume
 * (mounted elsewhere) on the first start, and leaves a marker file so that it never copies again.
 *
 * What the image holds is known for a `build:` service from its Dockerfile (src/compose/build-image.ts);
 * for other images it is not known (an image profile tells their data paths, which start empty),
 * except where `x-k8s.fillFromImage` lists the path.
 */
import { imageContentAt, lacksShell } from '../../compose';
import type { Source } from '../../compose';
import { show } from '../../diagnostics';
import type { Container } from '../types';
import { truncateName } from '../names';
import type { MountContext } from './mount-context';

/** Where the fill container mounts the volume it fills. */
export const FILL_MOUNT = '/cdk8s-compose-fill';
/** File the fill container leaves in a volume it has filled (the volume is never filled again). */
export const FILL_MARKER = '.cdk8s-compose-filled';

/** A volume of the pod to fill from the image's content at `path`. */
export interface Fill {
  readonly volume: string;
  readonly path: string;
  readonly subPath?: string;
}

/**
 * True when the volume mounted at `target` must be filled from the image. `what` names the mount
 * for messages (`named volume "data"`, `anonymous volume`).
 */
export function fillsFromImage(ctx: MountContext, target: string, what: string, where: Source): boolean {
  const { service: s, d } = ctx;
  if (ctx.fillFromImage?.includes(target)) return true;
  const image = s.build?.image;
  if (s.build) {
    // Without a readable Dockerfile the front end has said so already.
    if (!image || imageContentAt(image, target) === 'none') return false;
    if (lacksShell(image.baseImage)) {
      d.warn(
        where.file,
        where.path,
        `${what} at ${show(target)}: the image has files there (Dockerfile ${show(image.dockerfile)}), which Docker copies into an empty volume, but its base ${show(image.baseImage)} has no shell to copy them with on Kubernetes; the volume starts empty: fill it with a kustomize patch (an init container on an image with sh), or mount nothing there`,
        'data-copy',
        s.name,
      );
      return false;
    }
    return true;
  }
  if (ctx.profileKnown) return false;
  d.warn(
    where.file,
    where.path,
    `${what} at ${show(target)}: it cannot be known here whether the image ${show(s.image ?? '')} has files there; Docker copies them into an empty volume, Kubernetes starts it empty: if the service needs them, set x-k8s: {fillFromImage: [${target}]} (the image needs sh and cp)`,
  );
  return false;
}

/** Single-quoted for sh; `$(` doubled so that Kubernetes does not expand it. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`).replace(/\$\(/g, '$$$$(')}'`;
}

/** One init container per filled volume, on the main container's image, user and resources. */
export function fillContainers(main: Container, fills: readonly Fill[]): Container[] {
  return fills.map((f) => {
    const marker = shellQuote(`${FILL_MOUNT}/${FILL_MARKER}`);
    const script = [
      `if [ -e ${marker} ]; then exit 0; fi`,
      `if [ -d ${shellQuote(f.path)} ]; then cp -a ${shellQuote(`${f.path.replace(/\/+$/, '')}/.`)} ${shellQuote(`${FILL_MOUNT}/`)}; fi`,
      `touch ${marker}`,
    ].join('; ');
    return {
      name: truncateName(`fill-${f.volume}`),
      image: main.image,
      imagePullPolicy: main.imagePullPolicy,
      command: ['sh', '-c', `set -e; ${script}`],
      env: [],
      envFrom: [],
      ports: [],
      resources: main.resources,
      securityContext: { readOnlyRootFilesystem: true, capabilitiesAdd: [] },
      volumeMounts: [{ name: f.volume, mountPath: FILL_MOUNT, ...(f.subPath ? { subPath: f.subPath } : {}) }],
    };
  });
}
