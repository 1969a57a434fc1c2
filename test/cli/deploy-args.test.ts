/** Arguments of up, ps and down: their own options, every synth option, and wrong usage. */
import { DEFAULT_TIMEOUT_MS, deployCommandOf, parseDeployArgs, parseDuration } from '../../src/cli/deploy-args';
import { UsageError } from '../../src/cli/usage';

test('the command is the first word that is not an option', () => {
  expect(deployCommandOf(['up', '-f', 'x.yaml'])).toBe('up');
  expect(deployCommandOf(['--kubeconfig=k', 'down'])).toBe('down');
  expect(deployCommandOf(['synth', 'up'])).toBeUndefined();
  expect(deployCommandOf(['ps', '--json'])).toBe('ps');
  expect(deployCommandOf(['-f', 'compose.yaml', 'up'])).toBe('up');
  expect(deployCommandOf(['-f', 'up', 'synth'])).toBeUndefined();
});

test('up: defaults, its own options and every synth option', () => {
  const d = parseDeployArgs(['up']);
  expect(d).toMatchObject({ command: 'up', wait: true, timeoutMs: DEFAULT_TIMEOUT_MS, dryRun: false, createSecrets: true, pruneVolumes: false });
  const a = parseDeployArgs(['up', '-f', 'a.yaml', '-f', 'b.yaml', '--profile', 'debug', '-n', 'prod', '--context', 'kind-x', '--kubeconfig=/k', '--wait=false', '--timeout', '5m', '--dry-run', '--no-create-secrets', '--prune-volumes', '--secrets', 'external', '-p', 'shop', '--image-registry', 'r.io', '--image-tag', '1', '-o', 'out']);
  expect(a).toMatchObject({ context: 'kind-x', kubeconfig: '/k', wait: false, timeoutMs: 300_000, dryRun: true, createSecrets: false, pruneVolumes: true });
  expect(a.synth).toMatchObject({ files: ['a.yaml', 'b.yaml'], profiles: ['debug'], namespace: 'prod', secrets: 'external', projectName: 'shop', imageRegistry: 'r.io', output: 'out', outputGiven: true });
});

test('down --secrets is a flag (not the provider); ps --json', () => {
  expect(parseDeployArgs(['down', '--volumes', '--secrets', '-n', 'x'])).toMatchObject({ volumes: true, secrets: true });
  expect(parseDeployArgs(['ps', '--json'])).toMatchObject({ json: true });
  expect(parseDeployArgs(['up', '--secrets', 'inline', '--allow-insecure-secrets']).synth.secrets).toBe('inline');
});

test('wrong usage: options of another command, bad values', () => {
  const err = (argv: string[]) => {
    try {
      parseDeployArgs(argv);
    } catch (e) {
      expect(e).toBeInstanceOf(UsageError);
      return (e as Error).message;
    }
    throw new Error(`no error for ${argv.join(' ')}`);
  };
  expect(err(['ps', '--dry-run'])).toBe('--dry-run is an option of up, not of ps');
  expect(err(['up', '--volumes'])).toBe('--volumes is an option of down, not of up');
  expect(err(['up', '--timeout', 'soon'])).toMatch(/--timeout "soon": expected a duration/);
  expect(err(['up', '--wait=maybe'])).toBe('--wait=maybe: expected true or false');
  expect(err(['up', '--context'])).toBe('--context needs a value');
  expect(err(['up', '--stdout'])).toMatch(/--stdout is an option of synth/);
  expect(err(['up', '-n', 'Bad_NS'])).toMatch(/invalid namespace/);
  expect(err(['down', '--bogus'])).toMatch(/unknown option --bogus/);
});

test('durations as kubectl writes them', () => {
  expect(parseDuration('90s')).toBe(90_000);
  expect(parseDuration('1h30m')).toBe(5_400_000);
  expect(parseDuration('500ms')).toBe(500);
  expect(parseDuration('1.5m')).toBe(90_000);
  expect(parseDuration('0')).toBe(0);
  expect(parseDuration('5')).toBeUndefined();
  expect(parseDuration('5 m')).toBeUndefined();
  expect(parseDuration('')).toBeUndefined();
});
