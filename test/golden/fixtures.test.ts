/**
 * The fixture corpus through the CLI: every real-world-style project in test/fixtures/valid passes
 * `check` and `synth` without leaking a fake secret; every file in test/fixtures/invalid fails with
 * exit 1 and a message that names the problem (its first line: `# expect: TEXT`).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from '../../src/cli/run';
import { ROOT } from '../helpers';

const VALID = path.join(ROOT, 'test/fixtures/valid');
const INVALID = path.join(ROOT, 'test/fixtures/invalid');

function cli(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = run(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env: {} });
  return { code, stdout, stderr };
}

describe('invalid fixtures: exit 1, one clear line per problem', () => {
  for (const f of fs.readdirSync(INVALID).filter((x) => x.endsWith('.yaml')).sort()) {
    test(f, () => {
      const expected = /^# expect: (.*)$/m.exec(fs.readFileSync(path.join(INVALID, f), 'utf8'))?.[1];
      expect(expected).toBeDefined();
      const r = cli(['check', '-f', f], INVALID);
      expect(r.code).toBe(1);
      const errors = r.stderr.split('\n').filter((l) => l.startsWith('error: '));
      expect(errors.some((l) => l.startsWith(`error: ${f}: `) && l.includes(expected!))).toBe(true);
      const lines = r.stderr.trimEnd().split('\n');
      // Every error on its own line; the warnings that come with them grouped by kind (one line may hold several).
      const last = new RegExp(`^${errors.length} errors?, (\\d+) warnings?$`).exec(lines.pop() ?? '');
      expect(last).not.toBeNull();
      const warningLines = lines.length - errors.length;
      expect(Number(last![1])).toBeGreaterThanOrEqual(warningLines);
      if (Number(last![1]) > 0) expect(warningLines).toBeGreaterThan(0);
      for (const line of lines) expect(line).toMatch(/^(error|warning): /);
    });
  }
});

describe('valid fixtures: check and synth accept them; no fake secret reaches the output', () => {
  for (const name of fs.readdirSync(VALID).sort()) {
    test(name, () => {
      const dir = path.join(VALID, name);
      const c = cli(['check', '-q'], dir);
      expect(c).toEqual({ code: 0, stdout: '', stderr: '' });
      const out = fs.mkdtempSync(path.join(os.tmpdir(), `c8c-fx-${name}-`));
      const s = cli(['synth', '-q', '-o', path.join(out, 'o')], dir);
      expect(s.code).toBe(0);
      for (const file of fs.readdirSync(path.join(out, 'o'))) {
        expect([file, fs.readFileSync(path.join(out, 'o', file), 'utf8').match(/fixture-secret-[0-9]+/g)]).toEqual([file, null]);
      }
    });
  }
});
