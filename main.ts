/**
 * The cdk8s app behind `npx cdk8s synth`: synthesizes the example application
 * (examples/seed/compose.yaml) into the folder cdk8s-cli gives (CDK8S_OUTDIR, default dist/), with
 * the same files as `cdk8s-compose synth -f examples/seed/compose.yaml -o dist`.
 */
import * as path from 'path';
import { compile } from './src/compile';
import { failureSummary, formatDiagnostic, UserError } from './src/diagnostics';
import { writeIntoDir } from './src/output/write';

/** The compose file `npx cdk8s synth` compiles. */
const EXAMPLE = path.join('examples', 'seed', 'compose.yaml');

function main(): number {
  const root = path.resolve(__dirname, __dirname.endsWith(path.join('lib')) ? '..' : '.');
  const outdir = process.env.CDK8S_OUTDIR ?? path.join(root, 'dist');
  try {
    const result = compile({ files: [path.join(root, EXAMPLE)], cwd: root, environment: process.env });
    for (const w of result.warnings) process.stderr.write(`${formatDiagnostic(w)}\n`);
    writeIntoDir(outdir, result.files);
    return 0;
  } catch (e) {
    if (e instanceof UserError) {
      for (const d of e.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
      process.stderr.write(`${failureSummary(e.diagnostics, 'synth')}\n`);
      return 1;
    }
    throw e;
  }
}

process.exitCode = main();
