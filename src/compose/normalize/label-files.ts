/**
 * `label_file` (a path or a list): files of `KEY=VALUE` lines read like env files, in order
 * (later files win), under the service's `labels` (which win over them). Relative paths start at
 * the project directory (or the folder of an extended or included file, made absolute before).
 * A missing file is an error, as in compose.
 */
import * as fs from 'fs';
import { show } from '../../diagnostics';
import { dictionary, sortedRecord } from '../syntax';
import type { EnvironmentContext } from './environment';
import { parseEnvFile } from '../interpolate';
import { hostPath } from '../host-paths';
import { displayName, readTextFile } from '../read';
import { getKey, indexPath, untag, type YamlMap } from '../yaml-value';

export function serviceLabels(service: YamlMap, ctx: EnvironmentContext): Record<string, string> {
  const at = `services.${ctx.name}.label_file`;
  const value = untag(getKey(service, 'label_file') ?? null);
  const paths: [string, string][] = typeof value === 'string' ? [[value, at]] : Array.isArray(value) ? value.map((p, i) => [String(untag(p)), indexPath(at, i)]) : [];
  const labels = new Map<string, string>();
  for (const [p, where] of paths) {
    const absPath = hostPath(p, ctx.projectDir);
    if (!fs.existsSync(absPath)) {
      ctx.diags.error(ctx.origins.fileOf(where), where, `file not found ${show(p)}; expected a file of KEY=VALUE lines`);
      continue;
    }
    const display = displayName(absPath, ctx.cwd);
    const text = readTextFile(absPath, display, ctx.diags);
    if (text === undefined) continue;
    for (const e of parseEnvFile(text, display, ctx.diags)) labels.set(e.key, e.value ?? '');
  }
  for (const [k, v] of Object.entries(dictionary(getKey(service, 'labels')))) labels.set(k, v);
  return sortedRecord([...labels]);
}
