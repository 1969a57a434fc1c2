/**
 * Which image a container runs and its default pull policy (DESIGN "Render what people write"):
 * - `image:` with a tag or digest → as written, pulled `IfNotPresent`;
 * - `image:` without a tag or with `latest` → as written, pulled `Always` (the tag moves: every
 *   pod start must ask the registry), with a `mutable-image` warning;
 * - `build:` without `image:` and with `--image-registry REG --image-tag TAG` → `REG/<project>-<service>:TAG`;
 * - `build:` without `image:` otherwise → `<project>-<service>`, the name docker compose gives the
 *   image it builds, pulled `IfNotPresent` (so that an image loaded into the nodes, e.g. with
 *   `kind load docker-image`, is used), with an `unpushed-image` warning.
 */
import { ComposeService } from '../../compose';
import { Diagnostics, show } from '../../diagnostics';
import { parseImage } from './images';
import { Container } from '../types';

export interface ImageChoice {
  readonly image: string;
  /** Pull policy when neither compose `pull_policy` nor x-k8s/kompose says. */
  readonly pullPolicy: Container['imagePullPolicy'];
}

export function resolveImage(
  s: ComposeService,
  projectName: string,
  options: { readonly imageRegistry?: string; readonly imageTag?: string },
  d: Diagnostics,
): ImageChoice {
  const at = `services.${s.name}`;
  const built = `${projectName}-${s.name}`;
  if (s.image === undefined) {
    if (s.build && options.imageRegistry && options.imageTag) {
      return { image: `${options.imageRegistry.replace(/\/+$/, '')}/${built}:${options.imageTag}`, pullPolicy: 'IfNotPresent' };
    }
    if (!s.build) {
      d.error(s.source.file, at, 'has no image:; add image: NAME:TAG');
      return { image: 'invalid', pullPolicy: 'IfNotPresent' };
    }
    d.warn(
      s.source.file,
      at,
      `has build: and no image:; the image is named ${show(built)} as docker compose names it, and the cluster cannot pull it until it is pushed to a registry: push it and add image: REGISTRY/${built}:TAG, or pass --image-registry REG --image-tag TAG to use REG/${built}:TAG`,
      'unpushed-image',
      s.name,
    );
    return { image: built, pullPolicy: 'IfNotPresent' };
  }
  const ref = parseImage(s.image);
  if (ref.digest === undefined && (ref.tag === undefined || ref.tag === 'latest')) {
    d.warn(
      s.source.file,
      `${at}.image`,
      `image ${show(s.image)} ${ref.tag === 'latest' ? 'uses the tag "latest"' : 'has no tag'}; it is written as given with imagePullPolicy: Always, so a restarted pod may run another version: pin a version (e.g. ${ref.repository}:1.2.3) or a digest`,
      'mutable-image',
      s.name,
    );
    return { image: s.image, pullPolicy: 'Always' };
  }
  return { image: s.image, pullPolicy: 'IfNotPresent' };
}
