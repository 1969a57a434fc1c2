/**
 * The report's storage list: per object (claim, ConfigMap or Secret of files, existing claim) its
 * source and every (service, path) that mounts it, so that one source shared by several services
 * reads as one object with several mounts.
 */
import type { AppModel, Workload } from '../model/types';

export interface StorageLine {
  readonly kind: 'PersistentVolumeClaim' | 'ConfigMap' | 'Secret';
  readonly name: string;
  readonly source: string;
  readonly mounts: readonly { readonly service: string; readonly path: string }[];
}

function objectOf(v: Workload['pod']['volumes'][number]): { kind: StorageLine['kind']; name: string } | undefined {
  if ('persistentVolumeClaim' in v) return { kind: 'PersistentVolumeClaim', name: v.persistentVolumeClaim.claimName };
  if ('configMap' in v) return { kind: 'ConfigMap', name: v.configMap.name };
  if ('secret' in v) return { kind: 'Secret', name: v.secret.secretName };
  return undefined;
}

export function storageLines(model: AppModel): StorageLine[] {
  const sources = new Map<string, string>();
  for (const c of model.claims) sources.set(`PersistentVolumeClaim/${c.name}`, c.source ?? `volume ${c.volume}`);
  for (const c of model.existingClaims ?? []) sources.set(`PersistentVolumeClaim/${c.name}`, `existing claim (volume ${c.volume})`);
  for (const c of model.configMaps) sources.set(`ConfigMap/${c.name}`, c.origin);
  for (const n of model.outOfBandConfigMaps ?? []) sources.set(`ConfigMap/${n}`, 'created out of band (a missing file)');
  for (const s of model.secrets) {
    const files = s.keys.flatMap((k) => (k.source.kind === 'file' ? [k.source.path] : []));
    if (files.length > 0) sources.set(`Secret/${s.name}`, files.length === 1 ? files[0] : `${files.length} files (${files[0]}, …)`);
  }
  const lines = new Map<string, { kind: StorageLine['kind']; name: string; mounts: { service: string; path: string }[] }>();
  for (const w of model.workloads) {
    const volumes = new Map(w.pod.volumes.map((v) => [v.name, objectOf(v)]));
    for (const m of w.pod.containers[0]?.volumeMounts ?? []) {
      const o = volumes.get(m.name);
      if (!o || !sources.has(`${o.kind}/${o.name}`)) continue;
      const key = `${o.kind}/${o.name}`;
      const line = lines.get(key) ?? { ...o, mounts: [] };
      line.mounts.push({ service: w.service, path: m.mountPath });
      lines.set(key, line);
    }
  }
  return [...lines.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, l]) => ({ kind: l.kind, name: l.name, source: sources.get(key)!, mounts: l.mounts.sort((a, b) => (`${a.service} ${a.path}` < `${b.service} ${b.path}` ? -1 : 1)) }));
}
