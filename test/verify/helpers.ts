/** Helpers of the output-check tests: compiled projects, external names, one-field mutations. */
import { CompileResult } from '../../src/compile';
import { K8sObject } from '../../src/output/render';
import { ExternalObjects } from '../../src/verify';
import { Any } from '../helpers';

export { compileProject, compileText, PROJECTS } from '../helpers';

/** The Secrets created out of band: compose secrets in external mode, and the Ingresses' TLS Secrets (SECRETS.md lists both). */
export function externalOf(r: CompileResult): ExternalObjects {
  const tls = (r.objects as Any[]).filter((o) => o.kind === 'Ingress').flatMap((o) => ((o.spec.tls ?? []) as Any[]).map((t) => t.secretName as string));
  return { secrets: [...(r.model.secretProvider.kind === 'external' ? r.model.secrets.map((s) => s.name) : []), ...tls] };
}

/**
 * A deep copy of `objects` in which the object of that kind whose name matches has been changed by
 * `edit` (exactly one object must match).
 */
export function mutate(objects: readonly K8sObject[], kind: string, name: string | RegExp, edit: (o: Any) => void): K8sObject[] {
  const copy = JSON.parse(JSON.stringify(objects)) as K8sObject[];
  const hits = copy.filter((o) => o.kind === kind && (typeof name === 'string' ? o.metadata.name === name : name.test(o.metadata.name)));
  if (hits.length !== 1) throw new Error(`expected one ${kind} ${String(name)}, found ${hits.length}`);
  edit(hits[0]);
  return copy;
}

/** `path: message` of each finding, for readable failures. */
export function show(ds: readonly { path?: string; message: string }[]): string[] {
  return ds.map((d) => `${d.path ?? ''}: ${d.message}`);
}
