/**
 * The CLI side of up, ps and down: arguments, the in-memory synth (its diagnostics as synth
 * prints them), then src/deploy, required only here so that synth never loads the Kubernetes
 * client.
 */
import * as path from 'path';
import { compile, CompileOptions } from '../compile';
import { failureSummary, formatDiagnostic, UserError } from '../diagnostics';
import { writeOutputDir } from '../output/write';
import { DeployArgs, deployCommandOf, parseDeployArgs } from './deploy-args';
import { deployHelp } from './deploy-usage';
import { ParsedArgs } from './args';
import { shortUsageFor, UsageError } from './usage';
import { warningSummary } from './warning-summary';

export interface DeployCliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly tty?: boolean;
  readonly columns?: number;
}

export async function runDeployCommand(argv: readonly string[], io: DeployCliIo, options: (a: ParsedArgs) => CompileOptions, version: string): Promise<number> {
  let args: DeployArgs;
  try {
    args = parseDeployArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    const command = deployCommandOf(argv);
    io.stderr(`error: ${e.message}\n\n${command ? `${deployHelp(command).split('\n')[0]}\nRun "cdk8s-compose ${command} --help" for the options.\n` : shortUsageFor(e.command)}`);
    return 2;
  }
  if (args.synth.help) {
    io.stdout(deployHelp(args.command));
    return 0;
  }
  // ps and down with -p NAME need no compose file (as `docker compose -p NAME down`).
  const byName = args.command !== 'up' && args.synth.projectName !== undefined && args.synth.files.length === 0;
  let result: ReturnType<typeof compile> | undefined;
  try {
    if (!byName) result = compile(options(args.synth));
    if (result && args.command === 'up' && !args.synth.quiet) for (const line of warningSummary(result.warnings, 'synth\'s README.md')) io.stderr(`${line}\n`);
    if (result && args.command === 'up' && args.synth.outputGiven) writeOutputDir(path.resolve(io.cwd, args.synth.output), result.files, args.synth.output);
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    for (const d of e.diagnostics) if (d.severity === 'error') io.stderr(`${formatDiagnostic(d)}\n`);
    io.stderr(`${failureSummary(e.diagnostics, args.command)}; nothing was applied\n`);
    return 1;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const deploy = require('../deploy') as typeof import('../deploy');
  return deploy.runDeploy(
    {
      command: args.command,
      ...(args.kubeconfig !== undefined ? { kubeconfig: path.resolve(io.cwd, args.kubeconfig) } : {}),
      ...(args.context !== undefined ? { context: args.context } : {}),
      ...(args.synth.namespace !== undefined ? { namespace: args.synth.namespace } : {}),
      timeoutMs: args.timeoutMs,
      wait: args.wait,
      dryRun: args.dryRun,
      createSecrets: args.createSecrets,
      pruneVolumes: args.pruneVolumes,
      volumes: args.volumes,
      secrets: args.secrets,
      json: args.json,
      version,
    },
    result ? { project: result.project, model: result.model, objects: result.objects } : { name: args.synth.projectName as string },
    { stdout: io.stdout, stderr: io.stderr, env: io.env, tty: io.tty ?? false, ...(io.columns ? { columns: io.columns } : {}) },
  );
}
