/** synth never loads the Kubernetes client: only up, ps and down require src/deploy (built command, as installed). */
import { execFileSync } from 'child_process';
import * as path from 'path';
import { ROOT } from '../helpers';

test('the bundled command runs synth without loading @kubernetes/client-node; up loads it', () => {
  const probe = (argv: string[]) =>
    execFileSync(
      process.execPath,
      [
        '-e',
        `const { run } = require(${JSON.stringify(path.join(ROOT, 'lib', 'cli.js'))});
         Promise.resolve(run(${JSON.stringify(argv)}, { stdout: () => {}, stderr: () => {}, cwd: ${JSON.stringify(ROOT)}, env: { KUBECONFIG: '/nonexistent' } }))
           .then(() => process.stdout.write(String(Object.keys(require.cache).some((k) => k.includes('@kubernetes')))));`,
      ],
      { encoding: 'utf8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' } },
    );
  expect(probe(['synth', '-f', 'examples/seed/compose.yaml', '--stdout', '-q'])).toBe('false');
  expect(probe(['ps', '-p', 'tutor'])).toBe('true');
});
