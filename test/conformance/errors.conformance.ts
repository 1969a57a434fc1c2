/**
 * The error side of conformance: for every invalid fixture (test/fixtures/invalid), docker compose
 * must refuse what we refuse. The exceptions are deliberate refusals for Kubernetes, listed in
 * {@link KUBERNETES_REFUSALS} with their reason: compose accepts those files, we do not.
 */
import * as fs from 'fs';
import * as path from 'path';
import { readProject } from '../../src/compose';
import { pool, referenceBinary, runReference } from './reference';

const INVALID = path.resolve(__dirname, '..', 'fixtures', 'invalid');

/** Invalid fixtures compose accepts, and why we refuse them anyway. */
export const KUBERNETES_REFUSALS: Readonly<Record<string, string>> = {
  'docker-socket.yaml': 'the Docker API socket cannot be mounted on Kubernetes (nodes run containerd); refused by the model after loading',
  'privileged.yaml': 'a privileged container fails Pod Security "restricted"; refused by the model unless the service opts out by name',
  'network-mode-host.yaml': 'host networking fails Pod Security "restricted"; refused by the model after loading',
  'bind-missing-source.yaml': '`docker compose up` refuses a long-syntax bind whose source is missing (create_host_path false); `config` does not look at the host, we do',
  'alias-bomb.yaml': 'compose has no alias limit: it expands the 9×9 alias bomb (it took 23 GB before being killed here), so the reference is not run on it; we bound aliases (DESIGN.md)',
};

const binary = referenceBinary();
const available = fs.existsSync(binary);
(available ? describe : describe.skip)('invalid fixtures: compose refuses what we refuse', () => {
  const files = fs.readdirSync(INVALID).filter((f) => f.endsWith('.yaml')).sort();

  test('every listed Kubernetes refusal is an invalid fixture', () => {
    expect(Object.keys(KUBERNETES_REFUSALS).filter((f) => !files.includes(f))).toEqual([]);
  });

  test('compose refuses every invalid fixture that is not a deliberate Kubernetes refusal', async () => {
    const outcomes = await pool(files, 3, async (file) => {
      const ours = readProject({ files: [file], cwd: INVALID, environment: {} });
      const oursRefused = ours.diagnostics.some((d) => d.severity === 'error');
      if (file === 'alias-bomb.yaml') return { file, oursRefused, composeRefused: false };
      const theirs = await runReference(binary, { name: file, cwd: INVALID, files: [file], env: {} });
      return { file, oursRefused, composeRefused: theirs.error !== undefined };
    });
    const problems = outcomes.flatMap((o) => {
      if (KUBERNETES_REFUSALS[o.file] !== undefined) return o.composeRefused ? [`${o.file}: listed as a Kubernetes refusal, but compose refuses it too: drop it from the list`] : [];
      if (!o.composeRefused) return [`${o.file}: compose accepts it${o.oursRefused ? ', our front end refuses it' : ''}`];
      return [];
    });
    expect(problems).toEqual([]);
    // What our front end refuses and compose accepts must be listed (the rest is refused later, by the model).
    expect(outcomes.filter((o) => o.oursRefused && !o.composeRefused && KUBERNETES_REFUSALS[o.file] === undefined).map((o) => o.file)).toEqual([]);
  }, 5 * 60_000);
});
