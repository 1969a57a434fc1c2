/** Command-line parsing for `cdk8s-compose` (no dependency: the grammar is small and the errors are ours). */
import { didYouMean } from '../compose';
import { GATEWAY_REF } from '../model/extensions';
import { isDnsLabel } from '../model/names';
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
  /** `synth --stdout` or `-o -`: every object as one multi-document YAML stream on stdout; nothing is written. */
  readonly stdout: boolean;
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
const BOOLEAN_FLAGS = ['-h', '--help', '--version', '-v', '-q', '--quiet', '--allow-insecure-secrets', '--strict', '--stdout'];
const COMMANDS = ['synth', 'check', 'graph', 'help'];
const LIST_FIELDS = new Set(['files', 'envFiles', 'profiles']);
const CHECK_FLAGS = new Set(['files', 'envFiles', 'profiles', 'projectName', 'namespace', 'imageRegistry', 'imageTag', 'secrets', 'secretStore', 'gateway', 'output']);

/**
 * `; did you mean "--output"?` for a misspelled or shortened long option (`--outptu`, `-output`,
 * `--out`) of the command, else nothing.
 */
function optionHint(option: string, command: string | undefined): string {
  if (option.length <= 2) return '';
  const valid = Object.entries(VALUE_FLAGS)
    .filter(([, field]) => command !== 'check' && command !== 'graph' ? true : CHECK_FLAGS.has(field) && !(command === 'graph' && field === 'output'))
    .map(([flag]) => flag);
  const booleans = BOOLEAN_FLAGS.filter((f) => (f !== '--strict' || command !== 'graph') && (f !== '--stdout' || command === 'synth' || command === undefined));
  const longs = [...valid, ...booleans].filter((f) => f.startsWith('--'));
  const long = option.startsWith('--') ? option : `-${option}`;
  // A prefix of exactly one option (`--out`, `--env`) means that option.
  const extending = longs.filter((f) => f.startsWith(long));
  if (extending.length === 1) return `; did you mean ${JSON.stringify(extending[0])}?`;
  return didYouMean(long, longs, '');
}

/** Compose's rule for a project name given on the command line (compose-go refuses any other). */
const PROJECT_NAME = /^[a-z0-9][a-z0-9_-]*$/;

/** Bad option values: usage errors (exit 2), like an unknown option. */
function checkValues(out: Record<string, unknown>, command: string): void {
  const projectName = out.projectName as string | undefined;
  if (projectName !== undefined && projectName !== '' && !PROJECT_NAME.test(projectName)) {
    throw new UsageError(
      `-p ${JSON.stringify(projectName)}: invalid project name; it must consist only of lowercase letters, digits, "-" and "_", and start with a letter or a digit (as docker compose requires)`,
      command,
    );
  }
  const namespace = out.namespace as string | undefined;
  if (namespace !== undefined && !isDnsLabel(namespace)) {
    throw new UsageError(`--namespace ${JSON.stringify(namespace)}: invalid namespace; expected a DNS label (lowercase letters, digits and "-", at most 63, starting with a letter and ending with a letter or a digit)`, command);
  }
  if (out.secrets !== undefined && !(SECRET_PROVIDERS as readonly string[]).includes(out.secrets as string)) {
    throw new UsageError(`--secrets ${JSON.stringify(out.secrets)}: expected external, external-secrets or inline${didYouMean(out.secrets as string, SECRET_PROVIDERS, '')}`, command);
  }
  const gateway = out.gateway as string | undefined;
  if (gateway !== undefined && !GATEWAY_REF.test(gateway)) {
    throw new UsageError(`--gateway ${JSON.stringify(gateway)}: expected NAMESPACE/NAME of a Gateway, e.g. envoy-gateway-system/eg`, command);
  }
  if ((out.imageRegistry === undefined) !== (out.imageTag === undefined)) {
    throw new UsageError('--image-registry and --image-tag go together', command);
  }
  if (out.stdout === true && out.outputGiven === true && out.output !== '-') throw new UsageError(`--stdout and -o ${out.output as string} exclude each other: the objects go to stdout, or to a folder`, command);
  if (out.stdout === true && out.report === '-') throw new UsageError('--report - with --stdout: stdout holds the objects; write the report to a file', command);
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const out: Record<string, unknown> = { files: [], envFiles: [], profiles: [], output: DEFAULT_OUTPUT, outputGiven: false, quiet: false, help: false, allowInsecureSecrets: false, strict: false, stdout: false };
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
    if (a === '--stdout') {
      if (command !== undefined && command !== 'synth') throw new UsageError(`--stdout is an option of synth, not of ${command}`, command);
      out.stdout = true;
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
  if (out.stdout === true && command !== 'synth') throw new UsageError(`--stdout is an option of synth, not of ${command}`, command);
  if (command === 'synth' && out.output === '-') out.stdout = true;
  else if (out.output === '-') throw new UsageError(`-o - (stdout) is for synth; ${command} --output takes a folder`, command);
  checkValues(out, command);
  return { ...(out as object), command } as ParsedArgs;
}
