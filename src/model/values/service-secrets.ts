/** The compose `secrets:` a service mounts, as Secret contracts (what the cluster must hold). */
import { ComposeProject, ComposeService } from '../../compose';
import { SecretKeys } from './env';
import { toDnsLabel } from '../names';
import { projectRelative } from '../storage';
import { SecretContract } from '../types';

/**
 * Records the secrets service `s` mounts. A secret from an environment variable (not external) is a
 * key of the project's variable Secret (`secretKeys`); any other is a Secret of its own in
 * `otherSecrets` (its external name, else `<project>-<secret>`), with one key named after the
 * secret, read from its file or supplied out of band. Secrets the project does not define are skipped.
 */
export function recordServiceSecrets(project: ComposeProject, s: ComposeService, secretKeys: SecretKeys, otherSecrets: Map<string, SecretContract>): void {
  for (const g of s.secrets) {
    const def = project.secrets[g.source];
    if (!def) continue;
    if (def.environment !== undefined && !def.external) secretKeys.use(def.environment, true, { kind: 'variable', variable: def.environment });
    else {
      const sname = def.external ? def.externalName ?? def.name : toDnsLabel(`${project.name}-${def.name}`);
      const prev = otherSecrets.get(sname);
      otherSecrets.set(sname, {
        name: sname,
        keys: [{ key: g.source.replace(/[^-._a-zA-Z0-9]/g, '_'), required: true, source: def.external || def.file === undefined ? { kind: 'external', name: def.name } : { kind: 'file', path: projectRelative(project.workingDir, def.file) } }],
        external: def.external,
        usedBy: prev?.usedBy ?? [],
      });
    }
  }
}
