import * as fs from 'fs';
import * as path from 'path';
import { MAX_FILE_BYTES } from '../../src/compose/read';
import { errors, load, service, writeProject } from './helpers';
import { loadProject } from '../../src/compose';
import { UserError, formatDiagnostic } from '../../src/diagnostics';

describe('reading compose files', () => {
  test('a YAML syntax error names the file, line and column', () => {
    expect(errors({ 'compose.yaml': 'services:\n  web:\n    image: [nginx\n    ports: 80\n' })).toEqual([
      'error: compose.yaml: line 4, column 5: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  test('a document that is not a mapping is an error', () => {
    expect(errors({ 'compose.yaml': '- web\n- db\n' })).toEqual([
      'error: compose.yaml: invalid document a list; expected a mapping with top-level keys such as "services"',
    ]);
  });

  test('an empty file is an error', () => {
    const expected = ['error: compose.yaml: the file is empty; expected a mapping with top-level keys such as "services"'];
    expect(errors({ 'compose.yaml': '' })).toEqual(expected);
    expect(errors({ 'compose.yaml': '# nothing yet\n\n' })).toEqual(expected);
  });

  test('several YAML documents are an error', () => {
    expect(errors({ 'compose.yaml': 'name: a\n---\nname: b\n' })).toEqual([
      'error: compose.yaml: the file holds 2 YAML documents; expected a single document',
    ]);
  });

  test('a file over the size limit is refused before it is read', () => {
    const dir = writeProject({});
    const file = path.join(dir, 'compose.yaml');
    fs.writeFileSync(file, `# ${'x'.repeat(MAX_FILE_BYTES)}\nservices: {}\n`);
    const size = fs.statSync(file).size;
    try {
      loadProject({ files: ['compose.yaml'], cwd: dir, environment: {} });
      throw new Error('expected a failure');
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      expect((e as UserError).diagnostics.map(formatDiagnostic)).toEqual([
        `error: compose.yaml: file too large (${size} bytes); the limit is 5 MiB (5242880 bytes)`,
      ]);
    }
  });

  test('a missing -f file is an error', () => {
    expect(errors({ 'compose.yaml': 'services: {}\n' }, { files: ['other.yaml'] })).toEqual([
      'error: other.yaml: file not found; check the path given with -f or COMPOSE_FILE',
    ]);
  });

  test('a billion-laughs alias bomb is an error, quickly and without a crash', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 12; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const yaml = `x-bomb:\n${levels.map((l) => `  ${l}`).join('\n')}\nservices:\n  web:\n    image: nginx:1.27\n    command: *l\n`;
    const started = Date.now();
    expect(errors({ 'compose.yaml': yaml })).toEqual([
      'error: compose.yaml: the document expands to more than 1000000 values (YAML aliases); expected a compose file without alias bombs',
    ]);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('aliases nested very deep are an error, not a stack overflow', () => {
    const lines = ['l0: &l0 [[[[[[[[[[1]]]]]]]]]]'];
    for (let i = 1; i <= 150; i++) lines.push(`l${i}: &l${i} [[[[[[[[[[*l${i - 1}]]]]]]]]]]`);
    const yaml = `x-deep:\n${lines.map((l) => `  ${l}`).join('\n')}\nservices: {}\n`;
    expect(errors({ 'compose.yaml': yaml })).toEqual([
      'error: compose.yaml: the document nests deeper than 1000 levels (YAML aliases); expected a compose file without alias bombs',
    ]);
  });

  test('an alias that refers to itself is an error, not a crash', () => {
    const lines = errors({ 'compose.yaml': 'a: &a [*a]\n' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error: compose\.yaml: /);
  });

  test('a huge number of problems is answered quickly, the rest counted', () => {
    // Distinct entries: compose (and we) keep one of identical list entries.
    const ports = Array.from({ length: 20000 }, (_, i) => `      - ${99999 + i}`).join('\n');
    const started = Date.now();
    const lines = errors({ 'compose.yaml': `services:\n  web:\n    image: nginx:1.27\n    ports:\n${ports}\n` });
    expect(lines).toHaveLength(201);
    expect(lines[200]).toBe('error: 19800 more errors not shown; fix the ones above and run again');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('YAML merge keys work', () => {
    const web = service(
      'x-common: &common\n  image: nginx:1.27\n  environment:\n    A: "1"\nservices:\n  web:\n    <<: *common\n    restart: always\n',
      'web',
    );
    expect(web.image).toBe('nginx:1.27');
    expect(web.restart).toBe('always');
    expect(web.environment.map((e) => [e.name, e.value])).toEqual([['A', ['1']]]);
  });

  test('integers written with a leading zero are octal, as compose reads them (file modes)', () => {
    const { project } = load({
      'compose.yaml':
        'services:\n  web:\n    image: nginx:1.27\n    secrets:\n      - source: key\n        mode: 0440\n      - source: cert\n        mode: "0644"\nsecrets:\n  key:\n    file: ./key.pem\n  cert:\n    file: ./cert.pem\n',
    });
    expect(project.services.web.secrets.map((s) => s.mode)).toEqual([0o440, 0o644]);
  });

  test('keys such as __proto__ stay ordinary keys', () => {
    const web = service('services:\n  web:\n    image: nginx:1.27\n    labels:\n      __proto__: polluted\n', 'web');
    expect(Object.keys(web.labels)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
