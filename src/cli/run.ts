/**
 * The CLI: parse arguments, compile, write, print diagnostics. The only module (with main.ts and
 * bin/) that prints or chooses an exit status.
 */
import * as fs from 'fs';
import * as path from 'path';
import { compile } from '../compile';
import { Diagnostic, failureSummary, formatDiagnostic, plural, UserError } from '../diagnostics';
import { writeYamlStream } from '../output/render';
import { checkOutputDir, WriteOutcome, writeOutputDir } from '../output/write';
import { takeTimings, timed, timingsWanted } from '../timings';
import { readManifests, serviceSwitches, switchLine, withSwitches } from '../output/service-switch';
import { reportJson, reportTable } from '../report/render';
import { verifyFolder } from '../verify';
import { parseArgs, ParsedArgs } from './args';
import { runDeployCommand } from './deploy';
import { deployCommandOf } from './deploy-args';
import { helpFor, shortUsageFor, UsageError } from './usage';
import { warningSummary } from './warning-summary';

// The repository's cdk8s app (main.ts) runs from the command's bundle too.
export { synthExampleApp } from './cdk8s-app';

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Colors on stderr (a terminal, and NO_COLOR unset). */
  readonly color?: boolean;
  /** stderr is a terminal (up's live progress). */
  readonly tty?: boolean;
  /** The terminal's width, when stderr is one (up's progress lines are cut to it). */
  readonly columns?: number;
  /** How long loading the command took, and whether V8's code cache served it (bin/cdk8s-compose.js; for timings). */
  readonly startup?: { readonly ms: number; readonly codeCache: string };
}

export const EXIT = { ok: 0, invalid: 1, usage: 2, internal: 3 } as const;

function printDiagnostics(io: Io, ds: readonly Diagnostic[], quiet: boolean): void {
  for (const d of ds) if (!quiet || d.severity === 'error') io.stderr(`${formatDiagnostic(d)}\n`);
}


/** What every command reads the compose project with. */
function loadOptions(a: ParsedArgs, io: Io) {
  return {
    files: a.files,
    cwd: io.cwd,
    envFiles: a.envFiles,
    profiles: a.profiles,
    ...(a.projectName !== undefined ? { projectName: a.projectName } : {}),
    environment: io.env,
  };
}

function compileOptions(a: ParsedArgs, io: Io) {
  return {
    ...loadOptions(a, io),
    ...(a.namespace !== undefined ? { namespace: a.namespace } : {}),
    ...(a.imageRegistry !== undefined ? { imageRegistry: a.imageRegistry, imageTag: a.imageTag } : {}),
    ...(a.secrets !== undefined ? { secrets: a.secrets } : {}),
    ...(a.secretStore !== undefined ? { secretStore: a.secretStore } : {}),
    ...(a.gateway !== undefined ? { gateway: a.gateway } : {}),
    allowInsecureSecrets: a.allowInsecureSecrets,
    strict: a.strict,
    ...(a.lockFile !== undefined ? { lockFile: a.lockFile } : {}),
    locked: a.locked,
    pinDigests: a.pinDigests,
    timings: timingsWanted(io.env),
  };
}

/** `check --output DIR`: the reference check on a folder of manifests; each problem names its file, and the last line counts them. */
function checkFolder(dir: string, args: ParsedArgs, io: Io): number {
  const secretsDoc = path.join(dir, 'SECRETS.md');
  const secrets = fs.existsSync(secretsDoc) ? [...fs.readFileSync(secretsDoc, 'utf8').matchAll(/^Secret: (.+)$/gm)].map((m) => m[1].trim()) : [];
  const problems = verifyFolder(dir, { secrets }).map((d) => (d.file !== undefined ? { ...d, file: inFolder(args.output, d.file) } : d));
  printDiagnostics(io, problems, args.quiet);
  if (problems.length > 0) {
    io.stderr(`${args.output}: ${plural(problems.length, 'problem')}\n`);
    return EXIT.invalid;
  }
  if (!args.quiet) io.stderr(`ok: ${args.output}: every reference resolves\n`);
  return EXIT.ok;
}

/** `NAME` inside the folder `dir` as the user wrote it (`out`, `out/`, `./deploy`): one separator, nothing normalized away. */
export function inFolder(dir: string, name: string): string {
  return dir.endsWith('/') || dir.endsWith(path.sep) ? `${dir}${name}` : `${dir}/${name}`;
}

/**
 * The version in the package's own package.json, read when asked (importing the JSON would make tsc
 * copy package.json into lib/).
 */
function packageVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${__dirname}`);
  }
}

/** One line each for the files a write kept and removed (nothing when there are none). */
function outcomeLines(o: WriteOutcome, shown: string): string {
  const lines = [
    ...(o.kept.length > 0 ? [`kept ${plural(o.kept.length, 'file')} in ${shown} that cdk8s-compose did not write (not in kustomization.yaml): ${o.kept.join(', ')}`] : []),
    ...(o.removed.length > 0 ? [`removed ${plural(o.removed.length, 'file')} from ${shown} that an earlier run wrote and this one does not: ${o.removed.join(', ')}`] : []),
  ];
  return lines.map((l) => `${l}\n`).join('');
}

/** Parsed arguments, or the exit status of wrong usage (printed). */
function parse(argv: readonly string[], io: Io): ParsedArgs | number {
  try {
    return parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`error: ${e.message}\n\n${shortUsageFor(e.command)}`);
      return EXIT.usage;
    }
    throw e;
  }
}

/** `cdk8s-compose lock`: its code (the registry client) is loaded for this command only. */
async function runLock(args: ParsedArgs, io: Io): Promise<number> {
  const { lock } = require('../lock') as typeof import('../lock');
  try {
    return await lock({
      ...loadOptions(args, io),
      ...(args.platform !== undefined ? { platform: args.platform } : {}),
      ...(args.lockFile !== undefined ? { lockFile: args.lockFile } : {}),
      insecureRegistries: args.insecureRegistries,
      stderr: io.stderr,
      quiet: args.quiet,
    });
  } catch (e) {
    if (e instanceof UserError) {
      printDiagnostics(io, e.diagnostics, args.quiet);
      io.stderr(`${failureSummary(e.diagnostics, 'lock')}\n`);
      return EXIT.invalid;
    }
    io.stderr(`internal error: ${e instanceof Error ? e.message : String(e)}\nThis is a bug in cdk8s-compose; please report it with the compose file that caused it.\n`);
    return EXIT.internal;
  }
}

/** The command line, every command (`lock` is asynchronous: it waits for registries). */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  if (deployCommandOf(argv) === undefined) {
    const args = parse(argv, io);
    if (typeof args === 'number') return args;
    if (args.command === 'lock' && !args.help) return runLock(args, io);
  }
  return run(argv, io);
}

/** Every command but `lock` (up, ps and down answer with a promise; {@link main} runs them all). */
export function run(argv: readonly string[], io: Io): number | Promise<number> {
  // up, ps and down (src/deploy, loaded only by them).
  if (deployCommandOf(argv) !== undefined) return runDeployCommand(argv, { ...io, tty: io.tty ?? false }, (a) => compileOptions(a, io), packageVersion());
  const args = parse(argv, io);
  if (typeof args === 'number') return args;
  if (args.command === 'lock' && !args.help) throw new Error('cdk8s-compose lock is asynchronous: call main(), not run()');
  if (args.help || args.command === 'help') {
    io.stdout(helpFor(args.command === 'help' ? undefined : args.command));
    return EXIT.ok;
  }
  if (args.command === 'version') {
    io.stdout(`${packageVersion()}\n`);
    return EXIT.ok;
  }
  if (args.command === 'check' && args.outputGiven) return checkFolder(path.resolve(io.cwd, args.output), args, io);
  // A refused output folder is one more problem of the run: the compose files are checked too.
  let outputProblem: UserError | undefined;
  try {
    if (args.command === 'synth' && !args.stdout) checkOutputDir(path.resolve(io.cwd, args.output));
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    outputProblem = e;
  }
  try {
    let result: ReturnType<typeof compile>;
    try {
      // Only synth into a folder writes the files; --stdout streams the objects' YAML itself.
      result = compile({ ...compileOptions(args, io), outputFiles: args.command === 'synth' && !args.stdout });
    } catch (e) {
      if (outputProblem && e instanceof UserError) throw new UserError([...outputProblem.diagnostics, ...e.diagnostics]);
      throw e;
    }
    if (outputProblem) throw new UserError([...outputProblem.diagnostics, ...result.warnings]);
    if (!args.quiet) {
      // Warnings of one kind in one line; the output's README.md and --report list each one.
      const where = args.command !== 'synth' ? 'synth\'s README.md' : args.stdout ? (args.report ?? 'synth -o DIR\'s README.md') : inFolder(args.output, 'README.md');
      for (const line of warningSummary(result.warnings, where)) io.stderr(`${line}\n`);
    }
    if (args.command === 'check') {
      if (!args.quiet) io.stderr(`ok: ${plural(Object.keys(result.project.services).length, 'service')}, ${plural(result.warnings.length, 'warning')}\n`);
      return EXIT.ok;
    }
    if (args.command === 'graph') {
      io.stdout(result.diagram);
      return EXIT.ok;
    }
    const reportFile = args.report !== undefined ? path.resolve(io.cwd, args.report) : undefined;
    const t = timingsWanted(io.env);
    if (args.stdout) {
      const objects = result.objects;
      timed(t, 'yaml+write', () => writeYamlStream(objects, io.stdout));
      if (t) io.stderr(takeTimings(io.startup));
      if (reportFile !== undefined) fs.writeFileSync(reportFile, reportJson(result.report));
      if (!args.quiet) {
        io.stderr(reportTable(result.report, io.color ?? false));
        io.stderr(`wrote ${plural(result.objects.length, 'object')} to stdout${result.report.secrets.length > 0 ? '; create the Secrets it references first (synth -o DIR writes SECRETS.md with the commands)' : ''}\n`);
      }
      return EXIT.ok;
    }
    const out = path.resolve(io.cwd, args.output);
    if (reportFile !== undefined && (reportFile === out || reportFile.startsWith(`${out}${path.sep}`))) {
      io.stderr(`error: --report ${args.report} is inside the output folder; kubectl apply -f reads every .json there: write it elsewhere\n`);
      return EXIT.usage;
    }
    // A Service that switches between headless and ClusterIP must be replaced: say so (src/output/service-switch.ts).
    const switches = timed(t, 'switches', () => serviceSwitches(readManifests(out), result.objects, result.files));
    for (const sw of switches) io.stderr(`warning: ${switchLine(sw)}
`);
    const outcome = timed(t, 'write', () => writeOutputDir(out, withSwitches(result.files, switches), args.output));
    if (t) io.stderr(takeTimings(io.startup));
    if (reportFile !== undefined) fs.writeFileSync(reportFile, reportJson(result.report));
    if (!args.quiet) {
      io.stderr(reportTable(result.report, io.color ?? false));
      io.stderr(outcomeLines(outcome, args.output));
      io.stderr(`wrote ${plural(result.files.size, 'file')} to ${args.output}${result.report.secrets.length > 0 ? `; create the Secrets listed in ${inFolder(args.output, 'SECRETS.md')}` : ''}\n`);
    }
    return EXIT.ok;
  } catch (e) {
    if (e instanceof UserError) {
      // Every error in full; the warnings that came with them grouped by kind, as on success.
      printDiagnostics(io, e.diagnostics.filter((d) => d.severity === 'error'), args.quiet);
      if (!args.quiet) for (const line of warningSummary(e.diagnostics.filter((d) => d.severity === 'warning'), undefined)) io.stderr(`${line}\n`);
      io.stderr(`${failureSummary(e.diagnostics, args.command)}\n`);
      return EXIT.invalid;
    }
    const msg = e instanceof Error ? e.message : String(e);
    io.stderr(`internal error: ${msg}\nThis is a bug in cdk8s-compose; please report it with the compose file that caused it.\n`);
    return EXIT.internal;
  }
}
