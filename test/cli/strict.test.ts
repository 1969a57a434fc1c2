/**
 * `--strict` and "Needs your attention": each fixture in test/fixtures/strict renders in the default
 * mode with one coded warning (its first line: `# expect: CODE: text`), and `--strict` makes that
 * warning an error: exit 1, the same text as an `error:` line, nothing written.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ATTENTION } from '../../src/attention';
import { attentionTable } from '../../src/attention-table';
import { run } from '../../src/cli/run';
import { ROOT } from '../helpers';

const STRICT = path.join(ROOT, 'test/fixtures/strict');

function cli(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = run(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env: {} });
  return { code, stdout, stderr };
}

describe('strict fixtures: a warning by default, an error with --strict', () => {
  for (const f of fs.readdirSync(STRICT).filter((x) => x.endsWith('.yaml')).sort()) {
    test(f, () => {
      const m = /^# expect: ([a-z-]+): (.*)$/m.exec(fs.readFileSync(path.join(STRICT, f), 'utf8'));
      expect(m).not.toBeNull();
      const [, code, text] = m!;
      expect(Object.keys(ATTENTION)).toContain(code);
      const out = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-strict-'));
      const plain = cli(['synth', '-f', f, '-o', path.join(out, 'plain'), '--report', path.join(out, 'report.json')], STRICT);
      expect(plain.code).toBe(0);
      const line = plain.stderr.split('\n').find((l) => l.startsWith(`warning: ${f}: ${text}`));
      expect(line).toBeDefined();
      // The terminal line carries the attention code; README.md and the report have it apart.
      expect(line!.endsWith(` [${code}]`)).toBe(true);
      const warning = line!.slice(0, -` [${code}]`.length);
      expect(plain.stderr).toMatch(/\n\d+ warnings? needs? attention before production \(README\.md: "Needs your attention"; --strict refuses (it|them)\)\n/);
      // Listed at the top of README.md and in the JSON report, under its service (or the project).
      const readme = fs.readFileSync(path.join(out, 'plain', 'README.md'), 'utf8');
      expect(readme.indexOf('## Needs your attention')).toBeLessThan(readme.indexOf('## The application'));
      expect(readme).toContain(`- **${code}**: ${warning!.slice('warning: '.length)}\n`);
      const report = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8')) as { attention: { service?: string; items: { code: string; text: string }[] }[] };
      expect(report.attention.flatMap((g) => g.items.filter((i) => i.code === code).map((i) => i.text))).toContain(warning!.slice('warning: '.length));

      for (const command of ['check', 'synth']) {
        const strict = cli([command, '--strict', '-f', f, ...(command === 'synth' ? ['-o', path.join(out, 'strict')] : [])], STRICT);
        expect(strict.code).toBe(1);
        expect(strict.stderr.split('\n')).toContain(`error: ${warning!.slice('warning: '.length)} [${code}: an error with --strict]`);
      }
      expect(fs.existsSync(path.join(out, 'strict'))).toBe(false);
    });
  }
});

test('--strict leaves informational warnings (no code) as warnings', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-strict-info-'));
  fs.writeFileSync(path.join(dir, 'compose.yaml'), 'name: shop\nservices:\n  web:\n    image: nginx:1.27\n    user: "101:101"\n    stop_signal: SIGQUIT\n');
  const r = cli(['check', '--strict'], dir);
  expect(r.code).toBe(0);
  expect(r.stderr).toContain('warning: compose.yaml: services.web.stop_signal: not translated: Kubernetes 1.28 has no stop signal setting');
});

test('--strict is an option of synth and check, not of graph', () => {
  const r = cli(['graph', '--strict'], ROOT);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('error: --strict is an option of synth and check, not of graph\n');
});

test('the README shows the attention table of src/attention.ts, row for row (node scripts/update-readme-help.js)', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  expect(readme).toContain(`<!-- attention-table -->\n${attentionTable()}\n<!-- /attention-table -->`);
  expect(attentionTable().split('\n')).toHaveLength(Object.keys(ATTENTION).length + 2);
});
