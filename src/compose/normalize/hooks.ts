/**
 * Lifecycle hooks (`post_start`, `pre_stop`): lists of `{command, user, privileged, working_dir,
 * environment}`, each command split like `command:` (a string is split like a shell would), each
 * `environment` read like a service's (secret variables stay references).
 */
import { scalarText, splitShellWords, parseBoolean } from '../syntax';
import { serviceEnvironment, type EnvironmentContext } from './environment';
import { toTemplate } from '../interpolate';
import type { LifecycleHook, Template } from '../types';
import { getKey, indexPath, isMap, untag, type YamlValue } from '../yaml-value';

function words(value: YamlValue): Template[] {
  if (typeof value === 'string') {
    const split = splitShellWords(value);
    return 'words' in split ? split.words.map((w) => toTemplate(w).template) : [];
  }
  return Array.isArray(value) ? value.map((v) => toTemplate(scalarText(untag(v))).template) : [];
}

/** The hooks of `services.<name>.<key>` in order; entries without a command are left out (the schema reported them). */
export function lifecycleHooks(value: YamlValue | undefined, key: 'post_start' | 'pre_stop', ctx: EnvironmentContext): LifecycleHook[] {
  const list = untag(value ?? null);
  if (!Array.isArray(list)) return [];
  return list.flatMap((item, i): LifecycleHook[] => {
    const hook = untag(item);
    if (!isMap(hook)) return [];
    const at = indexPath(`services.${ctx.name}.${key}`, i);
    const command = words(untag(getKey(hook, 'command') ?? null));
    if (command.length === 0) return [];
    const user = untag(getKey(hook, 'user') ?? null);
    const workingDir = untag(getKey(hook, 'working_dir') ?? null);
    return [
      {
        command,
        ...(typeof user === 'string' || typeof user === 'number' ? { user: String(user) } : {}),
        privileged: parseBoolean(untag(getKey(hook, 'privileged') ?? null)) ?? false,
        ...(typeof workingDir === 'string' ? { workingDir } : {}),
        environment: serviceEnvironment(hook, ctx, at),
        source: { file: ctx.origins.fileOf(at), path: at },
      },
    ];
  });
}
