import { parseEnvFile } from '../../src/compose/interpolate';
import { Diagnostics, formatDiagnostic } from '../../src/diagnostics';
import { errors, load } from './helpers';

function parse(text: string) {
  const diags = new Diagnostics();
  const entries = parseEnvFile(text, '.env', diags);
  return { entries: entries.map((e) => [e.key, e.value, e.interpolate]), problems: diags.all.map(formatDiagnostic) };
}

describe('env file format', () => {
  test('KEY=VAL, export, comments and blank lines', () => {
    expect(parse('# comment\n\nA=1\nexport B=two\n  C = three  \n').entries).toEqual([
      ['A', '1', true],
      ['B', 'two', true],
      ['C', 'three', true],
    ]);
  });

  test('KEY= is empty; KEY alone has no value of its own', () => {
    expect(parse('A=\nB\nC # comment\n').entries).toEqual([
      ['A', '', true],
      ['B', null, false],
      ['C', null, false],
    ]);
  });

  test('inline comments need a blank before #', () => {
    expect(parse('A=VAL # comment\nB=VAL# not a comment\nC=a #b #c\n').entries).toEqual([
      ['A', 'VAL', true],
      ['B', 'VAL# not a comment', true],
      ['C', 'a', true],
    ]);
  });

  test('single quotes are literal', () => {
    expect(parse("A='$OTHER ${X} \\t'\nB='Let\\'s go!'\nC='a # b' # comment\n").entries).toEqual([
      ['A', '$OTHER ${X} \\t', false],
      ['B', "Let's go!", false],
      ['C', 'a # b', false],
    ]);
  });

  test('double quotes understand escapes and may span lines', () => {
    expect(parse('A="a\\nb\\tc\\\\d\\"e"\nB="{\\"k\\": 1}"\nC="line1\nline2"\nD="$$\\$HOME"\n').entries).toEqual([
      ['A', 'a\nb\tc\\d"e', true],
      ['B', '{"k": 1}', true],
      ['C', 'line1\nline2', true],
      ['D', '$$$$HOME', true],
    ]);
  });

  test('errors name the file and line', () => {
    expect(parse('A=1\nB="open\n').problems).toEqual(['error: .env: line 2: unterminated quoted value for B; expected a closing "']);
    expect(parse('1A=x\n').problems).toEqual([
      'error: .env: line 1: invalid variable name "1A"; expected letters, digits and "_" (not starting with a digit), then "="',
    ]);
    expect(parse('A="x" y\n').problems).toEqual([
      'error: .env: line 1: unexpected text after the closing " of A; expected the end of the line or a # comment',
    ]);
    expect(parse('A B=1\n').problems).toEqual(['error: .env: line 1: invalid line for A: unexpected "B"; expected KEY=VALUE']);
  });
});

describe('.env and --env-file', () => {
  test('.env values interpolate earlier entries and the environment; single quotes do not', () => {
    const { project } = load(
      {
        'compose.yaml': 'services:\n  web:\n    image: nginx:${TAG}\n    environment:\n      A: ${A}\n      B: ${B}\n      C: ${C}\n',
        '.env': "TAG=1.27\nBASE=/srv\nA=${BASE}/a\nB='${BASE}/b'\nC=${HOME_DIR}/c\n",
      },
      { environment: { HOME_DIR: '/home/u' } },
    );
    expect(project.services.web.image).toBe('nginx:1.27');
    expect(project.services.web.environment.map((e) => e.value)).toEqual([['/srv/a'], ['${BASE}/b'], ['/home/u/c']]);
  });

  test('--env-file replaces .env; later files win; the environment wins over all', () => {
    const { project } = load(
      {
        'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    environment:\n      A: ${A}\n      B: ${B}\n      C: ${C}\n',
        '.env': 'A=dotenv\n',
        'one.env': 'A=one\nB=one\nC=one\n',
        'two.env': 'B=two\nC=two\n',
      },
      { envFiles: ['one.env', 'two.env'], environment: { C: 'env' } },
    );
    expect(project.services.web.environment.map((e) => e.value)).toEqual([['one'], ['two'], ['env']]);
  });

  test('a missing --env-file is an error; a missing .env is not', () => {
    expect(errors({ 'compose.yaml': 'services: {}\n' }, { envFiles: ['nope.env'] })).toEqual(['error: nope.env: file not found; check the path']);
    expect(load({ 'compose.yaml': 'services: {}\n' }).warnings).toEqual([]);
  });

  test('errors in .env name the file and line', () => {
    expect(errors({ 'compose.yaml': 'services: {}\n', '.env': 'A=1\nB="x\n' })).toEqual([
      'error: .env: line 2: unterminated quoted value for B; expected a closing "',
    ]);
  });
});

describe('env_file of a service', () => {
  test('string, list and long forms; environment wins; later files win', () => {
    const { project } = load({
      'compose.yaml': [
        'services:',
        '  a:',
        '    image: nginx:1.27',
        '    env_file: a.env',
        '  b:',
        '    image: nginx:1.27',
        '    env_file: [a.env, b.env]',
        '    environment:',
        '      SHARED: from-environment',
        '  c:',
        '    image: nginx:1.27',
        '    env_file:',
        '      - path: a.env',
        '      - path: missing.env',
        '        required: false',
        '',
      ].join('\n'),
      'a.env': 'ONLY_A=a\nSHARED=a\n',
      'b.env': 'SHARED=b\nONLY_B=b\n',
    });
    const view = (name: string) => project.services[name].environment.map((e) => [e.name, e.value, e.origin, e.source.file]);
    expect(view('a')).toEqual([
      ['ONLY_A', ['a'], 'env_file', 'a.env'],
      ['SHARED', ['a'], 'env_file', 'a.env'],
    ]);
    // Compose order: env_file entries in file order, an environment entry replaces one in place.
    expect(view('b')).toEqual([
      ['ONLY_A', ['a'], 'env_file', 'a.env'],
      ['SHARED', ['from-environment'], 'environment', 'compose.yaml'],
      ['ONLY_B', ['b'], 'env_file', 'b.env'],
    ]);
    expect(view('c')).toEqual(view('a'));
  });

  test('a missing required env_file is an error', () => {
    expect(errors({ 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    env_file: [web.env]\n' })).toEqual([
      'error: compose.yaml: services.web.env_file[0]: file not found "web.env"; expected an existing env file, or "required: false"',
    ]);
  });

  test('env_file values interpolate; secret variables and secret keys stay references', () => {
    const { project } = load(
      {
        'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    env_file: web.env\n',
        'web.env': 'HOST=${HOST}\nDB_PASSWORD=${PGPASS}\nAPI_TOKEN\nLOCAL=x\nREF=${LOCAL}-y\n',
      },
      { environment: { HOST: 'h', PGPASS: 'hunter2', API_TOKEN: 't0k3n' } },
    );
    expect(project.services.web.environment.map((e) => [e.name, e.value, e.fromVariables])).toEqual([
      ['HOST', ['h'], ['HOST']],
      ['DB_PASSWORD', [{ secretVariable: 'PGPASS', required: true, defaultIgnored: false }], []],
      ['API_TOKEN', [{ secretVariable: 'API_TOKEN', required: false, defaultIgnored: false }], []],
      ['LOCAL', ['x'], []],
      ['REF', ['x-y'], ['LOCAL']],
    ]);
    expect(JSON.stringify(project.services)).not.toMatch(/hunter2|t0k3n/);
  });

  test('environment: map and KEY=VAL list; KEY alone takes the variable or stays without a value', () => {
    const { project } = load(
      {
        'compose.yaml':
          'services:\n  a:\n    image: nginx:1.27\n    environment:\n      N: 3\n      B: true\n      E: ""\n      FROM_VAR:\n      UNSET:\n  b:\n    image: nginx:1.27\n    environment:\n      - X=1=2\n      - FROM_VAR\n      - UNSET\n',
      },
      { environment: { FROM_VAR: 'v' } },
    );
    expect(project.services.a.environment.map((e) => [e.name, e.value])).toEqual([
      ['N', ['3']],
      ['B', ['true']],
      ['E', ['']],
      ['FROM_VAR', ['v']],
      ['UNSET', null],
    ]);
    expect(project.services.b.environment.map((e) => [e.name, e.value])).toEqual([
      ['X', ['1=2']],
      ['FROM_VAR', ['v']],
      ['UNSET', null],
    ]);
  });
});
