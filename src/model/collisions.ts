/**
 * Two things of the compose file must never become one Kubernetes object: names are normalized
 * (`pg_data` and `pg-data` are both `pg-data`) and cut to 63 characters, and some objects get
 * derived names (`db-headless`, `<network>` policies). Every (kind, name) pair the charts will
 * create is listed here with where it comes from; a pair made twice is an error naming both.
 */
import { Diagnostics, show } from '../diagnostics';
import { truncateName } from './names';
import { AppModel, describeSource } from './types';

/** The headless Service of a StatefulSet. */
export function headlessName(service: string): string {
  return truncateName(`${service}-headless`);
}

interface Made {
  readonly kind: string;
  readonly name: string;
  readonly origin: string;
}

function objectsOf(m: Omit<AppModel, 'secretProvider' | 'podSecurity'>, headless: (s: string) => string): Made[] {
  const out: Made[] = [];
  for (const w of m.workloads) {
    const from = `service ${w.service}`;
    out.push({ kind: w.kind, name: w.name, origin: from }, { kind: 'ServiceAccount', name: w.pod.serviceAccountName, origin: from });
    if (w.exposure) {
      out.push({ kind: 'Service', name: w.service, origin: from });
      if (w.kind === 'StatefulSet') out.push({ kind: 'Service', name: headless(w.service), origin: `the headless Service of ${w.service}` });
      for (const a of w.exposure.aliases ?? []) out.push({ kind: 'Service', name: a, origin: `alias ${a} of ${w.service}` });
    }
    if (w.ingress) out.push({ kind: 'Ingress', name: w.service, origin: from });
    for (const t of w.claimTemplates) out.push({ kind: `claim template of ${w.name}`, name: t.name, origin: `volume ${t.volume}` });
  }
  for (const c of m.claims) out.push({ kind: 'PersistentVolumeClaim', name: c.name, origin: `volume ${c.volume}` });
  for (const c of m.configMaps) out.push({ kind: 'ConfigMap', name: c.name, origin: c.origin });
  for (const r of m.jobReaders) out.push({ kind: 'Role', name: r.name, origin: `the Job gate of ${r.serviceAccount}` });
  for (const p of m.networkPolicies) out.push({ kind: 'NetworkPolicy', name: p.name, origin: p.origin });
  for (const s of m.secrets) out.push({ kind: 'Secret', name: s.name, origin: s.keys[0] ? describeSource(s.keys[0].source) : s.name });
  return out;
}

/** Reports every (kind, name) made twice. */
export function checkCollisions(m: Omit<AppModel, 'secretProvider' | 'podSecurity'>, headless: (s: string) => string, file: string, d: Diagnostics): void {
  const seen = new Map<string, Made>();
  for (const o of objectsOf(m, headless)) {
    const key = `${o.kind}\u0000${o.name}`;
    const prev = seen.get(key);
    if (prev && prev.origin !== o.origin) {
      d.error(file, undefined, `${prev.origin} and ${o.origin} would both become ${o.kind} ${show(o.name)} on Kubernetes (names are normalized to DNS labels of at most 63 characters); rename one of them`);
    }
    if (!prev) seen.set(key, o);
  }
}
