/**
 * What planning a service's mounts needs to know (volumes.ts, binds.ts, image-fill.ts): its own
 * file, so that binds and image-fill, which volumes.ts calls, need not import volumes.ts back.
 */
import type { ComposeProject, ComposeService } from '../../compose';
import type { Diagnostics } from '../../diagnostics';
import type { HostAccess } from '../security';
import type { VolumeMountSpec } from '../../compose';
import type { Claim, ConfigMapModel, PodVolume, SecretContract, VolumeMount } from '../types';
import type { StorageNames } from './identity';

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
  /** The locked image's VOLUME paths (lock file): each is a claim unless compose mounts something there (image-volumes.ts); an anonymous volume there is data too (anon-volumes.ts). */
  readonly imageVolumes?: readonly string[];
  /** An image profile describes the image (its volumes need no filling). */
  readonly profileKnown?: boolean;
  /** `x-k8s.fillFromImage`: mount paths whose volumes are filled from the image. */
  readonly fillFromImage?: readonly string[];
  /** The service's host-access opt-in (system paths and devices need "privileged"). */
  readonly access: HostAccess;
  /** Bind sources (bindIdentity) that some service mounts over its data folder: a claim for every mount of them (binds.ts dataFolderBinds). */
  readonly dataFolderBinds?: ReadonlySet<string>;
  /** Object names taken by storage identities across the project (identity.ts). */
  readonly names?: StorageNames;
  /** What the image holds at a path beyond the Dockerfile (the image-facts lock, issue 26, plugs in here). */
  readonly imagePathKind?: ImagePathKind;
  readonly d: Diagnostics;
}

/** One bind mount of a service. */
export type Bind = Extract<VolumeMountSpec, { type: 'bind' }>;

/**
 * What the image holds at a path, from facts outside the compose file: the Dockerfile (file-binds.ts)
 * and, once the image-facts lock lands (issue 26), the lock's file list. Undefined: not known.
 */
export type ImagePathKind = (target: string) => 'file' | 'folder' | undefined;

/** What planBind adds to the pod. */
export interface BindResult {
  readonly volume?: PodVolume;
  readonly mount?: VolumeMount;
  readonly configMap?: ConfigMapModel;
  readonly claim?: Claim;
  /** A Secret made from the source's files (secret content), created out of band as SECRETS.md says. */
  readonly secret?: SecretContract;
  /** A ConfigMap the pods read but the output does not hold (a missing file-shaped source). */
  readonly outOfBandConfigMap?: { readonly name: string; readonly key: string; readonly path: string };
}
