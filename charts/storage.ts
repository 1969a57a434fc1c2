/** Claims and ConfigMaps. */
// The L1 classes only: loading all of cdk8s-plus-28 (its L2 constructs) costs ~100 ms per run.
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { ObjectSink } from './sink';
import { KEEP_STATE_ANNOTATIONS } from '../src/model/gitops';
import { AppModel, Claim, ConfigMapModel } from '../src/model/types';
import { metadata, projectLabels } from './labels';

export function claimSpec(c: Claim): k8s.PersistentVolumeClaimSpec {
  return {
    accessModes: [...c.accessModes],
    resources: { requests: { storage: k8s.Quantity.fromString(c.size) } },
    ...(c.storageClassName !== undefined ? { storageClassName: c.storageClassName } : {}),
  };
}

export function addClaim(out: ObjectSink, app: AppModel, c: Claim): void {
  out.add(k8s.KubePersistentVolumeClaim, `pvc-${c.name}`, {
    metadata: metadata(app, 'PersistentVolumeClaim', c.name, projectLabels(app), undefined, { ...KEEP_STATE_ANNOTATIONS }),
    spec: claimSpec(c),
  });
}

export function addConfigMap(out: ObjectSink, app: AppModel, cm: ConfigMapModel): void {
  out.add(k8s.KubeConfigMap, `configmap-${cm.name}`, {
    metadata: metadata(app, 'ConfigMap', cm.name, projectLabels(app)),
    data: { ...cm.data },
    ...(cm.binaryData ? { binaryData: { ...cm.binaryData } } : {}),
  });
}
