/**
 * Markdown documents of the output folder (kubectl ignores them): SECRETS.md, the list of Secrets
 * the manifests reference, one `Secret: NAME` line and one `- KEY (required|optional)` line per key
 * so that a script can read it, and the `kubectl create secret` command for each.
 */
import { AppModel, describeSource } from '../model/types';

export function secretsDocument(model: AppModel): string {
  const lines: string[] = ['# Secrets', ''];
  if (model.secrets.length === 0) {
    lines.push('The manifests reference no Secret.', '', ...existingClaimLines(model));
    return lines.join('\n');
  }
  const p = model.secretProvider;
  const ns = model.namespace !== undefined ? ` --namespace ${model.namespace}` : '';
  if (p.kind === 'external') {
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
  lines.push(...existingClaimLines(model));
  return lines.join('\n');
}

/** The claims the manifests mount but do not create (external volumes): prerequisites like external Secrets. */
function existingClaimLines(model: AppModel): string[] {
  const claims = model.existingClaims ?? [];
  if (claims.length === 0) return [];
  const lines = ['# Existing claims', '', 'The manifests mount these PersistentVolumeClaims but never create them (`external: true` or', '`x-k8s.existingClaim`): they must exist in the namespace before the pods can start.', ''];
  for (const c of claims) lines.push(`- PersistentVolumeClaim: ${model.namespace !== undefined ? `${model.namespace}/` : ''}${c.name} (compose volume ${c.volume}; mounted by ${c.usedBy.join(', ')})`);
  lines.push('', 'Check one with `kubectl get pvc NAME`.', '');
  return lines;
}
