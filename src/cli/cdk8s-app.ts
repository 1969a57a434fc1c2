/**
 * The cdk8s app behind `npx cdk8s synth` (main.ts, which cdk8s.yaml runs as lib/main.js): synthesizes
 * the example application (examples/seed/compose.yaml) into the folder cdk8s-cli gives
 * (CDK8S_OUTDIR, default dist/), with the same files as `cdk8s-compose synth -f
 * examples/seed/compose.yaml -o dist`. It lives here, in the command's bundle, so that the app
 * starts as fast as the command (bin/load-bundle.js).
 */
import * as path from 'path';
import { compile } from '../compile';
import { failureSummary, formatDiagnostic, UserError } from '../diagnostics';
import { writeIntoDir } from '../output/write';

/** The compose file `npx cdk8s synth` compiles, relative to the repository. */
const EXAMPLE = path.join('examples', 'seed', 'compose.yaml');

/** Synthesizes the example of the repository at `root` into `outdir`; the exit status. */
export function synthExampleApp(root: string, outdir: string, environment: Readonly<Record<string, string | undefined>>, stderr: (text: string) => void): number {
  try {
    const result = compile({ files: [path.join(root, EXAMPLE)], cwd: root, environment });
    for (const w of result.warnings) stderr(`${formatDiagnostic(w)}\n`);
    writeIntoDir(outdir, result.files);
    return 0;
  } catch (e) {
    if (e instanceof UserError) {
      for (const d of e.diagnostics) stderr(`${formatDiagnostic(d)}\n`);
      stderr(`${failureSummary(e.diagnostics, 'synth')}\n`);
      return 1;
    }
    throw e;
  }
}
