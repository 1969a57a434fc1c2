/** Command-line parsing for `cdk8s-compose` (no dependency: the grammar is small and the errors are ours). */
import { didYouMean } from '../compose';
import { SECRET_PROVIDERS } from '../model/values';
import { UsageError } from './usage';

export interface ParsedArgs {
  readonly command: 'synth' | 'check' | 'graph' | 'help' | 'version';
  readonly help: boolean;
  readonly files: string[];
  readonly envFiles: string[];
  readonly profiles: string[];
  readonly projectName?: string;
  readonly output: string;
  /** `-o` was given (for check: verify that folder instead of compiling). */
  readonly outputGiven: boolean;
  readonly namespace?: string;
  readonly imageRegistry?: string;
  readonly imageTag?: string;
  readonly quiet: boolean;
  readonly secrets?: 'external' | 'external-secrets' | 'inline';
  readonly secretStore?: string;
  readonly allowInsecureSecrets: boolean;
  /** `--gateway NAMESPACE/NAME`: parent Gateway of the routes; Ingress settings become routes. */
  readonly gateway?: string;
  /** `--strict` (synth and check): warnings with an attention code are errors. */
  readonly strict: boolean;
  /** `--report FILE`: the conversion report as JSON (outside the output folder). */
  readonly report?: string;
}

/** Default output folder of `synth`. */
export const DEFAULT_OUTPUT = 'dist';

const VALUE_FLAGS: Readonly<Record<string, string>> = {
  '-f': 'files',
  '--file': 'files',
  '--env-file': 'envFiles',
  '--profile': 'profiles',
  '-p': 'projectName',
  '--project-name': 'projectName',
  '-o': 'output',
  '--output': 'output',
  '--namespace': 'namespace',
  '-n': 'namespace',
  '--image-registry': 'imageRegistry',
  '--image-tag': 'imageTag',
  '--secrets': 'secrets',
  '--secret-store': 'secretStore',
  '--report': 'report',
  '--gateway': 'gateway',
};
/** Flags without a value. */
const BOOLEAN_FLAGS = ['-h', '--help', '--version', '-v', '-q', '--quiet', '--allow-insecure-secrets'];
const COMMANDS = ['synth', 'check', 'graph', 'help'];
const LIST_FIELDS = new Set(['files', 'envFiles', 'profiles']);
const CHECK_FLAGS = new Set(['files', 'envFiles', 'profiles', 'projectName', 'namespace', 'imageRegistry', 'imageTag', 'secrets', 'secretStore', 'gateway', 'output']);

/** `; did you mean "--output"?` for a misspelled long option (`--outptu`, `-output`) of the command, else nothing. */
function optionHint(option: string, command: string | undefined): string {
  if (option.length <= 2) return '';
  const valid = Object.entries(VALUE_FLAGS)
    .filter(([, field]) => command !== 'check' && command !== 'graph' ? true : CHECK_FLAGS.has(field) && !(command === 'graph' && field === 'output'))
    .map(([flag]) => flag);
  const longs = [...valid, ...BOOLEAN_FLAGS].filter((f) => f.startsWith('--'));
  return didYouMean(option, longs, '');
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const out: Record<string, unknown> = { files: [], envFiles: [], profiles: [], output: DEFAULT_OUTPUT, outputGiven: false, quiet: false, help: false, allowInsecureSecrets: false, strict: false };
  let command: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    let inline: string | undefined;
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 0) {
      inline = a.slice(eq + 1);
      a = a.slice(0, eq);
    }
    if (a === '-h' || a === '--help') {
      out.help = true;
      continue;
    }
    if (a === '--version' || a === '-v') {
      command ??= 'version';
      continue;
    }
    if (a === '-q' || a === '--quiet') {
      out.quiet = true;
      continue;
    }
    if (a === '--strict') {
      if (command === 'graph') throw new UsageError('--strict is an option of synth and check, not of graph', command);
      out.strict = true;
      continue;
    }
    if (a === '--allow-insecure-secrets') {
      out.allowInsecureSecrets = true;
      continue;
    }
    const field = VALUE_FLAGS[a];
    if (field) {
      const value = inline ?? argv[++i];
      if (value === undefined || (inline === undefined && value.startsWith('-') && value !== '-')) throw new UsageError(`${a} needs a value`, command);
      if ((command === 'check' || command === 'graph') && !CHECK_FLAGS.has(field)) throw new UsageError(`${a} is an option of synth, not of ${command}`, command);
      if (command === 'graph' && field === 'output') throw new UsageError(`${a} is an option of synth and check, not of graph`, command);
      if (field === 'output') out.outputGiven = true;
      if (LIST_FIELDS.has(field)) (out[field] as string[]).push(value);
      else out[field] = value;
      continue;
    }
    if (a.startsWith('-')) throw new UsageError(`unknown option ${a}${optionHint(a, command)}`, command);
    if (command === undefined) {
      if (!COMMANDS.includes(a)) throw new UsageError(`unknown command ${JSON.stringify(a)}${didYouMean(a, COMMANDS, '; expected synth, check or graph')}`);
      command = a;
      continue;
    }
    throw new UsageError(`unexpected argument ${JSON.stringify(a)}; compose files are given with -f`, command);
  }
  if (command === undefined) {
    if (out.help) command = 'help';
    else throw new UsageError('missing command; expected synth, check or graph');
  }
  if (out.secrets !== undefined && !(SECRET_PROVIDERS as readonly string[]).includes(out.secrets as string)) {
    throw new UsageError(`--secrets ${JSON.stringify(out.secrets)}: expected external, external-secrets or inline`, command);
  }
  if ((out.imageRegistry === undefined) !== (out.imageTag === undefined)) {
    throw new UsageError('--image-registry and --image-tag go together', command);
  }
  return { ...(out as object), command } as ParsedArgs;
}
