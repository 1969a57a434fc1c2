/**
 * Compose lifecycle hooks → container `lifecycle.postStart.exec` / `lifecycle.preStop.exec`.
 *
 * - One hook with a plain command and neither `environment` nor `working_dir` is its command as
 *   exec argv. Anything else runs through one `sh -c` script: each hook in order, as
 *   `(cd DIR && NAME='value' 'word' …)`, the hooks joined with `&&` (a failing hook stops the rest).
 * - The kubelet expands `$(VAR)` in env values, command, args and exec probes, but not in lifecycle
 *   hooks: nothing is `$$(`-escaped here. A secret variable (in the command or in the hook's
 *   `environment`) is read by the shell as `"${VAR}"` from the container's env, where it is a
 *   `secretKeyRef` entry; its value is never written. A secret value written literally in the hook's
 *   `environment` (or a URL's password) is a key of the project's Secret like a literal in the
 *   service's environment (literal-secrets.ts: identical values share one key, a `literal-secret`
 *   warning), read the same way: `NAME="${KEY}"`. Non-secret `environment` entries are set for
 *   the hook's command only, as compose sets them for the hook's process only.
 * - Kubernetes runs a hook in the container, as the container's user and with its security
 *   context: a hook `user` other than the container's, or `privileged: true`, is a warning.
 */
import { EnvEntry, LifecycleHook, SecretVarRef, Template } from '../../compose';
import { Diagnostics, show } from '../../diagnostics';
import type { LiteralContext } from '../values';
import { ExecAction, SecretSource } from '../types';

/** Seconds Kubernetes gives a pod to stop when `stop_grace_period` is not set. */
export const DEFAULT_GRACE_SECONDS = 30;

export interface HookPlan {
  readonly postStart?: ExecAction;
  readonly preStop?: ExecAction;
  /** Secret variables the hooks read: the container's env must hold them. */
  readonly refs: readonly SecretVarRef[];
  /** The keys of literal secrets among `refs`, with where their values come from (for SECRETS.md). */
  readonly literalKeys: readonly { readonly key: string; readonly source: SecretSource }[];
}

export interface HookContext {
  readonly service: string;
  readonly file: string;
  /** The container's compose `user`, when written. */
  readonly user?: string;
  /** The UID the container runs as. */
  readonly uid: number;
  /** Whether the image is known to have `sh` (an image profile). */
  readonly imageHasShell: boolean;
  /** `stop_grace_period` in milliseconds, when written. */
  readonly stopGracePeriod?: number;
  /** The project's literal secrets (the Secret's name is for the warning's text). */
  readonly literals: LiteralContext & { readonly secretName: string };
  readonly d: Diagnostics;
}

const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

/** A template as one shell word: text single-quoted, secret references `"${NAME}"`. */
function shellWord(t: Template): string {
  return t.map((p) => (typeof p === 'string' ? (p === '' ? '' : quote(p)) : `"\${${p.secretVariable}}"`)).join('') || "''";
}

function refsOf(t: Template): SecretVarRef[] {
  return t.filter((p): p is SecretVarRef => typeof p !== 'string');
}

/** The entry's value, with a literal secret (whole, or a URL's passwords) as references to its keys. */
function hookValue(e: EnvEntry, ctx: HookContext, literalKeys: string[]): Template {
  const { service, literals, allowed, secretName } = ctx.literals;
  const whole = literals.wholeKey(service, e);
  const url = whole === undefined ? literals.urlTemplate(service, e) : undefined;
  if (whole === undefined && url === undefined) return e.value ?? [];
  if (!allowed(e.name)) literals.warn(service, e, secretName, ctx.d);
  if (whole !== undefined) {
    literalKeys.push(whole);
    return [{ secretVariable: whole, required: true, defaultIgnored: false }];
  }
  literalKeys.push(...url!.keys);
  return url!.template;
}

function plan(hooks: readonly LifecycleHook[], key: 'post_start' | 'pre_stop', ctx: HookContext, refs: SecretVarRef[], literalKeys: string[]): ExecAction | undefined {
  if (hooks.length === 0) return undefined;
  const at = `services.${ctx.service}.${key}`;
  for (const h of hooks) {
    if (h.user !== undefined && h.user !== ctx.user && h.user.split(':')[0] !== String(ctx.uid)) {
      ctx.d.warn(h.source.file, `${h.source.path}.user`, `the hook runs as the container's user (UID ${ctx.uid}), not as ${show(h.user)}: Kubernetes runs hooks inside the container with its security context; make the command work as that user`);
    }
    if (h.privileged) {
      ctx.d.warn(h.source.file, `${h.source.path}.privileged`, 'the hook runs unprivileged: Kubernetes runs hooks inside the container with its security context (all capabilities dropped); make the command work without privileges');
    }
    for (const w of h.command) refs.push(...refsOf(w));
  }
  const env = (h: LifecycleHook) => h.environment.filter((e) => e.value !== null);
  const only = hooks[0];
  if (hooks.length === 1 && only.workingDir === undefined && env(only).length === 0 && only.command.every((w) => refsOf(w).length === 0)) {
    return { command: only.command.map((w) => w.join('')) };
  }
  const parts = hooks.map((h) => {
    const assignments = env(h).map((e) => {
      const value = hookValue(e, ctx, literalKeys);
      refs.push(...refsOf(value));
      return `${e.name}=${shellWord(value)}`;
    });
    const command = [...assignments, ...h.command.map(shellWord)].join(' ');
    return `(${h.workingDir !== undefined ? `cd ${quote(h.workingDir)} && ` : ''}${command})`;
  });
  if (!ctx.imageHasShell) {
    ctx.d.warn(ctx.file, at, `runs through sh -c on Kubernetes (${hooks.length > 1 ? 'several hooks in one exec' : 'a working_dir, environment or secret variable needs a shell'}); the image must have sh (distroless and scratch images have none)`);
  }
  return { command: ['sh', '-c', parts.join(' && ')] };
}

/** The container lifecycle for the service's hooks, with the warnings each one needs. */
export function planHooks(postStart: readonly LifecycleHook[], preStop: readonly LifecycleHook[], ctx: HookContext): HookPlan {
  const refs: SecretVarRef[] = [];
  const literalKeys: string[] = [];
  const post = plan(postStart, 'post_start', ctx, refs, literalKeys);
  const pre = plan(preStop, 'pre_stop', ctx, refs, literalKeys);
  if (post) {
    ctx.d.warn(
      ctx.file,
      `services.${ctx.service}.post_start`,
      'lifecycle.postStart runs alongside the entrypoint; if it fails, the kubelet kills the container and restarts it according to restartPolicy, and the container is not Running until the hook returns: make it idempotent and quick',
    );
  }
  if (pre) {
    const seconds = ctx.stopGracePeriod !== undefined ? Math.max(0, Math.ceil(ctx.stopGracePeriod / 1000)) : DEFAULT_GRACE_SECONDS;
    const from = ctx.stopGracePeriod !== undefined ? 'stop_grace_period' : 'the default, stop_grace_period not set';
    ctx.d.warn(
      ctx.file,
      `services.${ctx.service}.pre_stop`,
      `lifecycle.preStop runs before the container gets SIGTERM, within terminationGracePeriodSeconds (${seconds}s, ${from}): the hook and the shutdown share that time, and a hook still running when it ends gets 2 seconds more before the container is killed; raise stop_grace_period if both need longer`,
    );
  }
  const unique = [...new Map(refs.map((r) => [r.secretVariable, r])).values()];
  const keys = [...new Set(literalKeys)].map((key) => ({ key, source: ctx.literals.literals.source(key) }));
  return { ...(post ? { postStart: post } : {}), ...(pre ? { preStop: pre } : {}), refs: unique, literalKeys: keys };
}
