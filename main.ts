/**
 * The cdk8s app behind `npx cdk8s synth` (cdk8s.yaml runs lib/main.js): synthesizes the example
 * application (examples/seed/compose.yaml) into the folder cdk8s-cli gives (CDK8S_OUTDIR, default
 * dist/), with the same files as `cdk8s-compose synth -f examples/seed/compose.yaml -o dist`
 * (src/cli/cdk8s-app.ts). It runs the command's own code, the bundle with its code cache when it is
 * current (bin/load-bundle.js), which starts in about half the time of the tsc build's modules.
 */
import * as path from 'path';

const root = path.resolve(__dirname, __dirname.endsWith(path.join('lib')) ? '..' : '.');
const outdir = process.env.CDK8S_OUTDIR ?? path.join(root, 'dist');
// A path built at run time: bin/ is plain JavaScript, outside the TypeScript project.
const loader = path.join(root, 'bin', 'load-bundle.js');
const { loadCli } = require(loader) as { loadCli: (lib: string) => { exports: typeof import('./src/cli/run') } };
const { synthExampleApp } = loadCli(path.join(root, 'lib')).exports;
process.exitCode = synthExampleApp(root, outdir, process.env, (t) => process.stderr.write(t));
