import { NO_SECRETS, interpolateString, isExtensionPath, modeAt, type InterpolationMode, parseTemplate, referencedVariables, MapLookup } from '../../src/compose/interpolate';
import { errors, load, service } from './helpers';

/** Interpolates with non-secret variables; returns the value and what was reported. */
function run(input: string, vars: Record<string, string>, mode: InterpolationMode = 'plain') {
  const reported: string[] = [];
  const value = interpolateString(
    input,
    mode,
    { variables: new MapLookup(new Map(Object.entries(vars))), secrets: NO_SECRETS },
    { error: (m) => reported.push(`error: ${m}`), warn: (m) => reported.push(`warning: ${m}`) },
  );
  return { value, reported };
}

const value = (input: string, vars: Record<string, string> = {}) => run(input, vars).value;

describe('interpolation operators', () => {
  test('$VAR and ${VAR}', () => {
    expect(value('a-$X-${X}-b', { X: 'x' })).toBe('a-x-x-b');
    expect(value('$X_Y', { X: 'x', X_Y: 'xy' })).toBe('xy');
    expect(value('${X}', { X: '' })).toBe('');
  });

  test('an unset variable is empty, with a warning', () => {
    expect(run('[${X}]', {})).toEqual({ value: '[]', reported: ['warning: variable X is not set; using an empty string'] });
  });

  test('${VAR:-default}: default when unset or empty', () => {
    expect(value('${X:-d}', { X: 'x' })).toBe('x');
    expect(value('${X:-d}', { X: '' })).toBe('d');
    expect(value('${X:-d}', {})).toBe('d');
    expect(value('${X:-}', {})).toBe('');
  });

  test('${VAR-default}: default when unset only', () => {
    expect(value('${X-d}', { X: 'x' })).toBe('x');
    expect(value('${X-d}', { X: '' })).toBe('');
    expect(value('${X-d}', {})).toBe('d');
  });

  test('${VAR:?err}: error when unset or empty', () => {
    expect(value('${X:?need X}', { X: 'x' })).toBe('x');
    expect(run('${X:?need X}', { X: '' })).toEqual({ value: undefined, reported: ['error: required variable X is missing a value: need X'] });
    expect(run('${X:?need X}', {})).toEqual({ value: undefined, reported: ['error: required variable X is missing a value: need X'] });
    expect(run('${X:?}', {}).reported).toEqual(['error: required variable X is missing a value']);
  });

  test('${VAR?err}: error when unset only', () => {
    expect(value('${X?need X}', { X: '' })).toBe('');
    expect(run('${X?need X}', {}).reported).toEqual(['error: required variable X is missing a value: need X']);
  });

  test('${VAR:+replacement}: replacement when set and not empty', () => {
    expect(value('${X:+r}', { X: 'x' })).toBe('r');
    expect(value('${X:+r}', { X: '' })).toBe('');
    expect(value('${X:+r}', {})).toBe('');
  });

  test('${VAR+replacement}: replacement when set', () => {
    expect(value('${X+r}', { X: 'x' })).toBe('r');
    expect(value('${X+r}', { X: '' })).toBe('r');
    expect(value('${X+r}', {})).toBe('');
  });

  test('$$ is a literal $', () => {
    expect(value('echo $$HOME $${X} 100$$', { X: 'x' })).toBe('echo $HOME ${X} 100$');
  });

  test('nested defaults', () => {
    expect(value('${A:-${B:-c}}', {})).toBe('c');
    expect(value('${A:-${B:-c}}', { B: 'b' })).toBe('b');
    expect(value('${A:-${B:-c}}', { A: 'a', B: 'b' })).toBe('a');
    expect(value('${A:-x${B}y}z', { B: 'b' })).toBe('xbyz');
    expect(value('${A:?missing ${B}}', { B: 'b' })).toBe(undefined);
    expect(run('${A:?missing ${B}}', { B: 'b' }).reported).toEqual(['error: required variable A is missing a value: missing b']);
  });

  test('a default is only evaluated when used', () => {
    expect(run('${A:-${B:?never}}', { A: 'a' })).toEqual({ value: 'a', reported: [] });
  });

  test('invalid syntax is an error', () => {
    expect(run('${', {}).reported).toEqual(['error: invalid interpolation "${": expected a variable name after "${"; write "$$" for a literal "$"']);
    expect(run('${X', {}).reported).toEqual(['error: invalid interpolation "${X": missing closing "}"; write "$$" for a literal "$"']);
    expect(run('${X:-a', {}).reported).toEqual(['error: invalid interpolation "${X:-a": missing closing "}"; write "$$" for a literal "$"']);
    expect(run('cost $ 5', {}).reported).toEqual([
      'error: invalid interpolation "cost $ 5": a "$" must be followed by a variable name, "{" or another "$"; write "$$" for a literal "$"',
    ]);
    expect(run('${X!}', {}).reported).toEqual([
      'error: invalid interpolation "${X!}": unexpected "!" after the variable name; expected "}", ":-", "-", ":?", "?", ":+" or "+"; write "$$" for a literal "$"',
    ]);
  });

  test('strings holding NUL are refused', () => {
    expect(run('a\u0000b', {}).reported).toEqual(['error: invalid character U+0000 in "a\\u0000b"; remove it']);
  });

  test('environment mode notes the variables used', () => {
    expect(value('x')).toBe('x');
    expect(run('${A}-${B:-b}', { A: 'a' }, 'environment').value).toBe('\u0000V:A\u0000a-\u0000V:B\u0000b');
  });
});

describe('interpolation syntax', () => {
  test('referenced variables include defaults and messages', () => {
    expect(referencedVariables('${A:-${B}} $C ${D:?${E}} $$F')).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(referencedVariables('${')).toEqual([]);
  });

  test('the parse tree keeps the expression as written', () => {
    expect(parseTemplate('x${A:-d}')).toEqual({
      nodes: [
        { kind: 'text', text: 'x' },
        { kind: 'variable', name: 'A', operator: ':-', argument: [{ kind: 'text', text: 'd' }], source: '${A:-d}' },
      ],
    });
  });
});

describe('where secrets may appear', () => {
  test('modes by path', () => {
    expect(modeAt(['services', 'web', 'environment', 'A'])).toBe('environment');
    expect(modeAt(['services', 'web', 'environment', 0])).toBe('environment');
    expect(modeAt(['services', 'web', 'command'])).toBe('secret-ref');
    expect(modeAt(['services', 'web', 'entrypoint', 1])).toBe('secret-ref');
    expect(modeAt(['services', 'web', 'healthcheck', 'test', 2])).toBe('secret-ref');
    expect(modeAt(['services', 'web', 'image'])).toBe('plain');
    expect(modeAt(['x-common', 'environment', 'A'])).toBe('extension');
    expect(modeAt(['services', 'web', 'x-k8s', 'gate'])).toBe('extension');
  });

  test('x- keys inside free-form maps and resource names are not extensions', () => {
    expect(isExtensionPath(['services', 'web', 'labels', 'x-team'])).toBe(false);
    expect(isExtensionPath(['services', 'x-web', 'image'])).toBe(false);
    expect(isExtensionPath(['volumes', 'data', 'x-k8s', 'size'])).toBe(true);
  });
});

describe('interpolation in compose files', () => {
  test('values are interpolated per file from .env and the environment; the environment wins', () => {
    const web = service(
      'services:\n  web:\n    image: "nginx:${TAG}"\n    environment:\n      MODE: ${MODE:-dev}\n      HOST: $HOST\n',
      'web',
      { environment: { HOST: 'from-env' } },
    );
    expect(web.image).toBe('nginx:');
    const { project } = load(
      {
        'compose.yaml': 'services:\n  web:\n    image: "nginx:${TAG}"\n    environment:\n      MODE: ${MODE:-dev}\n',
        '.env': 'TAG=1.27\nMODE=from-dotenv\n',
      },
      { environment: { MODE: 'from-env' } },
    );
    expect(project.services.web.image).toBe('nginx:1.27');
    expect(project.services.web.environment[0]).toMatchObject({ name: 'MODE', value: ['from-env'], fromVariables: ['MODE'] });
  });

  test('keys are not interpolated', () => {
    const web = service('services:\n  web:\n    image: nginx:1.27\n    labels:\n      ${KEY}: v\n', 'web', { environment: { KEY: 'k' } });
    expect(web.labels).toEqual({ '${KEY}': 'v' });
  });

  test('an unset required variable is an error with its message and path', () => {
    expect(errors({ 'compose.yaml': 'services:\n  web:\n    image: nginx:${TAG:?msg}\n' })).toEqual([
      'error: compose.yaml: services.web.image: required variable TAG is missing a value: msg',
    ]);
  });

  test('invalid interpolation is reported with its path', () => {
    expect(errors({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    command: echo ${\n' })).toEqual([
      'error: compose.yaml: services.web.command: invalid interpolation "echo ${": expected a variable name after "${"; write "$$" for a literal "$"',
    ]);
  });

  test('an unset variable warns with its path', () => {
    const { warnings } = load({ 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    hostname: ${HOST}\n' });
    expect(warnings).toEqual(['warning: compose.yaml: services.web.hostname: variable HOST is not set; using an empty string']);
  });
});
