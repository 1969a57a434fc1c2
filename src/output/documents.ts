/**
 * Markdown documents of the output folder (kubectl ignores them): SECRETS.md, the list of Secrets
 * the manifests reference, one `Secret: NAME` line and one `- KEY (required|optional)` line per key
 * so that a script can read it, and the `kubectl create secret` command for each.
 */
import { AppModel, describeSource } from '../model/types';
import { fileNameOf } from './render';

/** Whether cert-manager's ingress-shim makes an Ingress's TLS Secrets: an issuer annotation (or the legacy tls-acme). */
export function certManagerMakesTls(annotations: Readonly<Record<string, string>>): boolean {
  return annotations['cert-manager.io/issuer'] !== undefined || annotations['cert-manager.io/cluster-issuer'] !== undefined || annotations['kubernetes.io/tls-acme'] === 'true';
}

export interface TlsSecret {
  readonly name: string;
  readonly hosts: readonly string[];
  readonly usedBy: readonly string[];
}

/** The TLS Secrets the Ingresses reference and nobody in the output makes (no cert-manager annotation): created by hand. */
export function tlsSecretsOf(model: AppModel): TlsSecret[] {
  const byName = new Map<string, { hosts: Set<string>; usedBy: string[] }>();
  for (const w of model.workloads) {
    const i = w.ingress;
    if (i?.tlsSecret === undefined || certManagerMakesTls(i.annotations)) continue;
    const entry = byName.get(i.tlsSecret) ?? { hosts: new Set<string>(), usedBy: [] };
    for (const h of i.hosts) entry.hosts.add(h);
    entry.usedBy.push(w.service);
    byName.set(i.tlsSecret, entry);
  }
  return [...byName].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, e]) => ({ name, hosts: [...e.hosts].sort(), usedBy: e.usedBy }));
}

/** With --namespace, the first step: the Namespace (with its Pod Security labels) exists before anything is created in it. */
export function namespaceStep(model: AppModel): string[] {
  if (model.namespace === undefined) return [];
  const file = fileNameOf({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: model.namespace } });
  return [
    `First create the namespace \`${model.namespace}\` from its manifest (in this folder), so that the Secrets below can be created in it before the rest is applied:`,
    '',
    '```sh',
    `kubectl apply -f ${file}`,
    '```',
    '',
  ];
}

function tlsSection(t: TlsSecret, model: AppModel, ns: string): string[] {
  return [
    `## ${t.name}`,
    '',
    `Secret: ${model.namespace !== undefined ? `${model.namespace}/` : ''}${t.name}`,
    '',
    '- tls.crt (required; the certificate chain)',
    '- tls.key (required; its private key)',
    '',
    `Used by: the Ingress of ${t.usedBy.join(', ')} (TLS for ${t.hosts.join(', ')})`,
    '',
    'A Secret of type kubernetes.io/tls. Create it from the certificate and its key, or let cert-manager make it: give',
    'x-k8s.ingress the annotation `cert-manager.io/cluster-issuer: ISSUER` and synthesize again.',
    '',
    '```sh',
    `kubectl create secret tls ${t.name}${ns} --cert=PATH/TO/tls.crt --key=PATH/TO/tls.key`,
    '```',
    '',
  ];
}

export function secretsDocument(model: AppModel): string {
  const lines: string[] = ['# Secrets', ''];
  const tls = tlsSecretsOf(model);
  if (model.secrets.length === 0 && tls.length === 0) {
    lines.push('The manifests reference no Secret.', '');
    return lines.join('\n');
  }
  const p = model.secretProvider;
  const ns = model.namespace !== undefined ? ` --namespace ${model.namespace}` : '';
  lines.push(...namespaceStep(model));
  if (model.secrets.length === 0) {
    // Only TLS Secrets: the provider's paragraph is about the others.
  } else if (p.kind === 'external') {
    lines.push(
      'The manifests reference these Secrets but never contain their values. Create them before (or right',
      'after) applying the manifests; pods wait in `CreateContainerConfigError` until every required key exists.',
      '',
    );
  } else if (p.kind === 'external-secrets') {
    lines.push(
      `Each Secret is written by the External Secrets Operator from the ${p.store.kind} \`${p.store.name}\` (an`,
      '`ExternalSecret` of the same name is in this folder). Store every key below as a property of the',
      'secret named after the Kubernetes Secret, e.g. with Vault: `vault kv put secret/NAME KEY=...`.',
      'Optional keys must exist in the store too (an empty value is fine): the operator fails the whole',
      'Secret when one key is missing.',
      '',
    );
  } else {
    lines.push('INSECURE: the Secrets are in this folder with their values (inline mode). Never commit it.', '');
  }
  for (const s of model.secrets) {
    lines.push(`## ${s.name}`, '', `Secret: ${model.namespace !== undefined ? `${model.namespace}/` : ''}${s.name}`, '');
    for (const k of s.keys) {
      // A literal says where it is written and what to do ("literal in compose.yaml: rotate it …"); other sources say where the value comes from.
      const from = k.source.kind === 'literal' ? describeSource(k.source) : `from ${describeSource(k.source)}`;
      lines.push(`- ${k.key} (${k.required ? 'required' : 'optional'}; ${from})`);
    }
    lines.push('', `Used by: ${s.usedBy.join(', ') || '(no workload)'}`, '');
    if (p.kind === 'external') {
      const fromFile = s.keys.some((k) => k.source.kind === 'file');
      if (fromFile) lines.push('Run it in the project folder (file paths are relative to it):', '');
      lines.push('```sh', `kubectl create secret generic ${s.name}${ns} \\`);
      s.keys.forEach((k, i) =>
        lines.push(`  ${k.source.kind === 'file' ? `--from-file=${k.key}=${k.source.path}` : `--from-literal=${k.key}='<${k.key}>'`}${i < s.keys.length - 1 ? ' \\' : ''}`),
      );
      lines.push('```', '');
    }
  }
  for (const t of tls) lines.push(...tlsSection(t, model, ns));
  return lines.join('\n');
}
