/**
 * Markdown documents of the output folder (kubectl ignores them): SECRETS.md, the list of Secrets
 * the manifests reference, one `Secret: NAME` line and one `- KEY (required|optional)` line per key
 * so that a script can read it, and the `kubectl create secret` command for each.
 */
import { AppModel } from '../model/types';

export function secretsDocument(model: AppModel): string {
  const lines: string[] = ['# Secrets', ''];
  if (model.secrets.length === 0) {
    lines.push('The manifests reference no Secret.', '');
    return lines.join('\n');
  }
  const ns = model.namespace !== undefined ? ` --namespace ${model.namespace}` : '';
  lines.push(
    'The manifests reference these Secrets but never contain their values. Create them before (or right',
    'after) applying the manifests; pods wait in `CreateContainerConfigError` until every required key exists.',
    '',
  );
  for (const s of model.secrets) {
    lines.push(`## ${s.name}`, '', `Secret: ${model.namespace !== undefined ? `${model.namespace}/` : ''}${s.name}`, '');
    for (const k of s.keys) lines.push(`- ${k.key} (${k.required ? 'required' : 'optional'}; from ${k.from})`);
    lines.push('', `Used by: ${s.usedBy.join(', ') || '(no workload)'}`, '', '```sh', `kubectl create secret generic ${s.name}${ns} \\`);
    s.keys.forEach((k, i) => lines.push(`  --from-literal=${k.key}='<${k.key}>'${i < s.keys.length - 1 ? ' \\' : ''}`));
    lines.push('```', '');
  }
  return lines.join('\n');
}
