/**
 * The objects of the secret provider: nothing for `external`, one ExternalSecret per Secret for
 * `external-secrets`, a Secret with the values for the insecure `inline` mode. Secrets the compose
 * file declares `external: true` exist already and get nothing.
 */
// The L1 classes only: loading all of cdk8s-plus-28 (its L2 constructs) costs ~100 ms per run.
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { ObjectSink } from './sink';
import { ExternalSecret, ExternalSecretSpecSecretStoreRefKind, ExternalSecretSpecTargetCreationPolicy } from '../imports/external-secrets.io';
import { AppModel } from '../src/model/types';
import { metadata, projectLabels } from './labels';

export function addSecretProviderObjects(out: ObjectSink, app: AppModel): void {
  const p = app.secretProvider;
  for (const c of app.secrets) {
    if (c.external) continue;
    if (p.kind === 'external-secrets') {
      out.add(ExternalSecret, `externalsecret-${c.name}`, {
        metadata: metadata(app, 'ExternalSecret', c.name, projectLabels(app)),
        spec: {
          refreshInterval: p.refreshInterval,
          secretStoreRef: { kind: p.store.kind as ExternalSecretSpecSecretStoreRefKind, name: p.store.name },
          target: { name: c.name, creationPolicy: ExternalSecretSpecTargetCreationPolicy.OWNER },
          // One entry per key: a key missing in the store is an error, not a silently absent key.
          data: c.keys.map((k) => ({ secretKey: k.key, remoteRef: { key: c.name, property: k.key } })),
        },
      });
    } else if (p.kind === 'inline') {
      out.add(k8s.KubeSecret, `secret-${c.name}`, {
        metadata: metadata(app, 'Secret', c.name, projectLabels(app)),
        type: 'Opaque',
        stringData: { ...(p.values[c.name] ?? {}) },
      });
    }
  }
}
