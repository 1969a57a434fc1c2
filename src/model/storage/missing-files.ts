/**
 * Secret and config files that do not exist where synth runs (DESIGN "Input": secret files are
 * usually git-ignored, and a GitOps pipeline has none). The manifests are rendered all the same:
 * - a secret file: its Secret is referenced as usual and created out of band (SECRETS.md);
 * - a config file: its ConfigMap is not written (its data is unknown) and must be created out of
 *   band; the pods reference it as usual;
 * each with a `missing-file` warning. `--secrets inline` writes the values into the output and so
 * needs every file: there, a missing one is an error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ComposeFileObject, ComposeProject } from '../../compose';
import { Diagnostics, show } from '../../diagnostics';
import { toDnsLabel } from '../names';

function missing(def: ComposeFileObject): boolean {
  return !def.external && def.file !== undefined && !fs.existsSync(def.file);
}

/** The path as the project names it (`./secrets/db.txt`), never an absolute path of this machine. */
function projectPath(project: ComposeProject, file: string): string {
  const rel = path.relative(project.workingDir, file).split(path.sep).join('/');
  return rel.startsWith('../') ? rel : `./${rel}`;
}

/** The services that use each secret (or each config) by its name, sorted; one pass over the services. */
function usersByName(project: ComposeProject, kind: 'secrets' | 'configs'): Map<string, string[]> {
  const users = new Map<string, Set<string>>();
  for (const n of Object.keys(project.services)) {
    for (const g of project.services[n][kind]) {
      const set = users.get(g.source);
      if (set) set.add(n);
      else users.set(g.source, new Set([n]));
    }
  }
  return new Map([...users].map(([name, set]) => [name, [...set].sort()]));
}

/** The key of a file object in its Secret or ConfigMap (as volumes.ts names it). */
function keyOf(name: string): string {
  return name.replace(/[^-._a-zA-Z0-9]/g, '_');
}

/**
 * Warns (errors with `inline`) about every used secret and config file that does not exist, and
 * returns the names of the ConfigMaps that are therefore created out of band.
 */
export function checkMissingFiles(project: ComposeProject, inline: boolean, d: Diagnostics): Set<string> {
  const external = new Set<string>();
  for (const kind of ['secrets', 'configs'] as const) {
    const usersOf = usersByName(project, kind);
    for (const def of Object.values(project[kind])) {
      const users = usersOf.get(def.name) ?? [];
      if (users.length === 0 || !missing(def)) continue;
      const file = projectPath(project, def.file!);
      const at = `${def.source.path ?? `${kind}.${def.name}`}.file`;
      const noun = kind === 'secrets' ? 'secret' : 'config';
      if (inline) {
        d.error(def.source.file, at, `${noun} file ${show(file)} does not exist; --secrets inline writes its content into the output: create the file, or use --secrets external`);
        continue;
      }
      const service = users.length === 1 ? users[0] : undefined;
      const usedBy = users.length > 1 ? ` (used by ${users.join(', ')})` : '';
      if (kind === 'secrets') {
        const secret = toDnsLabel(`${project.name}-${def.name}`);
        d.warn(def.source.file, at, `secret file ${show(file)} does not exist here${usedBy}; the manifests reference the Secret ${secret} all the same: create it where the file exists, as SECRETS.md says`, 'missing-file', service);
      } else {
        const cm = toDnsLabel(def.name);
        external.add(cm);
        d.warn(
          def.source.file,
          at,
          `config file ${show(file)} does not exist here${usedBy}; the ConfigMap ${cm} is not written: create it where the file exists (kubectl create configmap ${cm} --from-file=${keyOf(def.name)}=${file}), or put the file in place and synth again`,
          'missing-file',
          service,
        );
      }
    }
  }
  return external;
}
