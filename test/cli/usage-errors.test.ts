/** What the CLI says when people mistype: one line with a hint, then the short usage; and the paths it prints. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { inFolder, run } from '../../src/cli/run';
import { SYNTH_HELP } from '../../src/cli/usage';

function cli(argv: string[], cwd = os.tmpdir()) {
  let stdout = '';
  let stderr = '';
  const code = run(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env: {} });
  return { code, stdout, stderr };
}

const MAIN_SHORT = 'Usage: cdk8s-compose <command> [options]\nRun "cdk8s-compose --help" for the commands.\n';
const SYNTH_SHORT = 'Usage: cdk8s-compose synth [options]\nRun "cdk8s-compose synth --help" for the options.\n';

describe('misspelled commands and options', () => {
  test('a misspelled command gets "did you mean" and the main usage', () => {
    expect(cli(['snyth'])).toEqual({ code: 2, stdout: '', stderr: `error: unknown command "snyth"; did you mean "synth"?\n\n${MAIN_SHORT}` });
    expect(cli(['chekc']).stderr).toBe(`error: unknown command "chekc"; did you mean "check"?\n\n${MAIN_SHORT}`);
    expect(cli(['grpah', '-f', 'x.yaml']).stderr.split('\n')[0]).toBe('error: unknown command "grpah"; did you mean "graph"?');
  });

  test('a word far from every command lists the commands instead', () => {
    expect(cli(['deploy']).stderr).toBe(`error: unknown command "deploy"; expected synth, check, graph or lock\n\n${MAIN_SHORT}`);
  });

  test('a misspelled option gets "did you mean" among the options of its command, then that command\'s usage', () => {
    expect(cli(['synth', '--outptu', 'out'])).toEqual({ code: 2, stdout: '', stderr: `error: unknown option --outptu; did you mean "--output"?\n\n${SYNTH_SHORT}` });
    expect(cli(['synth', '--outptu=out']).stderr.split('\n')[0]).toBe('error: unknown option --outptu; did you mean "--output"?');
    expect(cli(['synth', '-output', 'out']).stderr.split('\n')[0]).toBe('error: unknown option -output; did you mean "--output"?');
    expect(cli(['synth', '--namepsace', 'shop']).stderr.split('\n')[0]).toBe('error: unknown option --namepsace; did you mean "--namespace"?');
    expect(cli(['synth', '--quite']).stderr.split('\n')[0]).toBe('error: unknown option --quite; did you mean "--quiet"?');
    expect(cli(['--verison']).stderr).toBe(`error: unknown option --verison; did you mean "--version"?\n\n${MAIN_SHORT}`);
    // graph takes no -o: no hint towards it.
    expect(cli(['graph', '--otput', 'x']).stderr).toBe('error: unknown option --otput\n\nUsage: cdk8s-compose graph [options]\nRun "cdk8s-compose graph --help" for the options.\n');
    // short options get no guess
    expect(cli(['synth', '-x']).stderr.split('\n')[0]).toBe('error: unknown option -x');
  });

  test('the short usage of check shows both forms; no usage error prints the whole help', () => {
    expect(cli(['check', '--bogus']).stderr).toBe(
      'error: unknown option --bogus\n\nUsage: cdk8s-compose check [options]\n       cdk8s-compose check --output DIR\nRun "cdk8s-compose check --help" for the options.\n',
    );
    for (const argv of [['snyth'], ['synth', '--outptu'], ['synth', '-o'], [], ['synth', '--image-tag', '1']]) {
      const r = cli(argv);
      expect(r.code).toBe(2);
      expect(r.stderr).not.toContain('Options:');
      expect(r.stderr).not.toContain(SYNTH_HELP.split('\n')[2]);
    }
  });
});

describe('paths in messages are the ones the user gave', () => {
  test('inFolder adds one separator, keeps ./ and a trailing slash', () => {
    expect(inFolder('out', 'SECRETS.md')).toBe('out/SECRETS.md');
    expect(inFolder('out/', 'SECRETS.md')).toBe('out/SECRETS.md');
    expect(inFolder('./deploy/prod', 'SECRETS.md')).toBe('./deploy/prod/SECRETS.md');
  });

  test('synth -o out/ says "wrote N files to out/" and names out/SECRETS.md without a double slash', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-usage-'));
    fs.writeFileSync(
      path.join(dir, 'compose.yaml'),
      'name: shop\nservices:\n  web:\n    image: nginxinc/nginx-unprivileged:1.27.3\n    environment:\n      API_TOKEN: ${API_TOKEN:?set it}\n',
    );
    for (const out of ['out/', './out']) {
      const r = cli(['synth', '-f', 'compose.yaml', '-o', out], dir);
      expect(r.code).toBe(0);
      const last = r.stderr.trimEnd().split('\n').pop();
      const n = fs.readdirSync(path.join(dir, 'out')).length;
      expect(last).toBe(`wrote ${n} files to ${out}; create the Secrets listed in ${out.replace(/\/$/, '')}/SECRETS.md`);
      expect(r.stderr).not.toContain('//');
    }
  });
});
