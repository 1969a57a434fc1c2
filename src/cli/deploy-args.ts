/**
 * Arguments of `up`, `ps` and `down`: their own options (cluster access, waiting, pruning), and
 * every option of `synth` (parsed by parseArgs, so the two never disagree).
 */
import { parseArgs, ParsedArgs } from './args';
import { UsageError } from './usage';

export const DEPLOY_COMMANDS = ['up', 'ps', 'down'] as const;
export type DeployCommand = (typeof DEPLOY_COMMANDS)[number];

/** Default of `up --timeout`: how long `up` waits for the project to be ready. */
export const DEFAULT_TIMEOUT_MS = 10 * 60_000;

export interface DeployArgs {
  readonly command: DeployCommand;
  /** The synth options (files, profiles, namespace, secrets provider, -o ...). */
  readonly synth: ParsedArgs;
  readonly context?: string;
  readonly kubeconfig?: string;
  /** `--wait=false`: return after the apply. Default true. */
  readonly wait: boolean;
  readonly timeoutMs: number;
  readonly dryRun: boolean;
  /** `up --prune-volumes`: a claim that left the project is deleted too. */
  readonly pruneVolumes: boolean;
  /** `up --no-create-secrets`: the Secrets are the user's business. */
  readonly createSecrets: boolean;
  /** `down --volumes`: the claims go too. */
  readonly volumes: boolean;
  /** `down --secrets`: the Secrets `up` created go too. */
  readonly secrets: boolean;
  /** `ps --json`. */
  readonly json: boolean;
}

const VALUE_OPTIONS = ['--context', '--kubeconfig', '--timeout'];

/** The command of `argv` when it is up, ps or down (the first word that is not an option's). */
export function deployCommandOf(argv: readonly string[]): DeployCommand | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('-')) return (DEPLOY_COMMANDS as readonly string[]).includes(a) ? (a as DeployCommand) : undefined;
    // The value of an option given before the command (`-f compose.yaml up`).
    if (!a.includes('=') && (VALUE_OPTIONS.includes(a) || SYNTH_VALUE_OPTIONS.includes(a))) i++;
  }
  return undefined;
}

/** synth's options that take a value (src/cli/args.ts), for finding the command after them. */
const SYNTH_VALUE_OPTIONS = ['-f', '--file', '--env-file', '--profile', '-p', '--project-name', '-o', '--output', '--namespace', '-n', '--image-registry', '--image-tag', '--secrets', '--secret-store', '--report', '--gateway'];

/** `5m`, `90s`, `1h30m`, `500ms` (as kubectl and Go read a duration); milliseconds. */
export function parseDuration(text: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/y;
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  let at = 0;
  if (text === '' || text === '0') return text === '0' ? 0 : undefined;
  while (at < text.length) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) return undefined;
    total += Number(m[1]) * unit[m[2]];
    at = re.lastIndex;
  }
  return Math.round(total);
}

function parseBool(flag: string, value: string | undefined, command: string): boolean {
  if (value === undefined || value === 'true') return true;
  if (value === 'false') return false;
  throw new UsageError(`${flag}=${value}: expected true or false`, command);
}

/** Options of one command only: where they are valid. */
const ONLY: Readonly<Record<string, readonly DeployCommand[]>> = {
  '--wait': ['up', 'down'],
  '--timeout': ['up', 'down'],
  '--dry-run': ['up'],
  '--prune-volumes': ['up'],
  '--no-create-secrets': ['up'],
  '--volumes': ['down'],
  '--json': ['ps'],
};

export function parseDeployArgs(argv: readonly string[]): DeployArgs {
  const command = deployCommandOf(argv);
  if (command === undefined) throw new UsageError('expected up, ps or down');
  const rest: string[] = ['synth'];
  const out: Record<string, unknown> = { wait: true, timeoutMs: DEFAULT_TIMEOUT_MS, dryRun: false, pruneVolumes: false, createSecrets: true, volumes: false, secrets: false, json: false };
  let seenCommand = false;
  for (let i = 0; i < argv.length; i++) {
    const raw: string = argv[i];
    if (!seenCommand && raw === command) {
      seenCommand = true;
      continue;
    }
    const eq: number = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const flag: string = eq > 0 ? raw.slice(0, eq) : raw;
    const inline = eq > 0 ? raw.slice(eq + 1) : undefined;
    const only: readonly DeployCommand[] | undefined = ONLY[flag];
    if (only && !only.includes(command)) throw new UsageError(`${flag} is an option of ${only.join(' and ')}, not of ${command}`, command);
    if (VALUE_OPTIONS.includes(flag)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '' || (inline === undefined && value.startsWith('-'))) throw new UsageError(`${flag} needs a value`, command);
      if (flag === '--timeout') {
        const ms = parseDuration(value);
        if (ms === undefined) throw new UsageError(`--timeout ${JSON.stringify(value)}: expected a duration such as 90s, 5m or 1h`, command);
        out.timeoutMs = ms;
      } else out[flag.slice(2)] = value;
      continue;
    }
    if (flag === '--wait') out.wait = parseBool(flag, inline, command);
    else if (flag === '--dry-run') out.dryRun = parseBool(flag, inline, command);
    else if (flag === '--prune-volumes') out.pruneVolumes = parseBool(flag, inline, command);
    else if (flag === '--no-create-secrets') out.createSecrets = false;
    else if (flag === '--volumes') out.volumes = parseBool(flag, inline, command);
    else if (flag === '--json') out.json = parseBool(flag, inline, command);
    else if (flag === '--secrets' && command === 'down') out.secrets = parseBool(flag, inline, command);
    else rest.push(raw);
  }
  let synth: ParsedArgs;
  try {
    synth = parseArgs(rest);
  } catch (e) {
    if (e instanceof UsageError) throw new UsageError(e.message.replace(/ of synth\b/, ` of synth and ${command}`), command);
    throw e;
  }
  if (synth.stdout) throw new UsageError(`--stdout is an option of synth, not of ${command}`, command);
  return { ...(out as object), command, synth } as DeployArgs;
}
