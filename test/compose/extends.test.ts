import { errors, load } from './helpers';

describe('extends', () => {
  test('same file, string and mapping forms, with merge rules', () => {
    const { project } = load({
      'compose.yaml': [
        'services:',
        '  base:',
        '    image: app:1',
        '    environment: [A=1, B=1]',
        '    ports: ["8080:80"]',
        '    command: ["serve"]',
        '    depends_on: [db]',
        '  web:',
        '    extends: base',
        '    environment:',
        '      B: 2',
        '    ports: ["9090:90"]',
        '    command: ["serve", "--debug"]',
        '  worker:',
        '    extends:',
        '      service: base',
        '    command: work',
        '  db:',
        '    image: postgres:16',
        '',
      ].join('\n'),
    });
    const web = project.services.web;
    expect(web.image).toBe('app:1');
    expect(web.environment.map((e) => [e.name, e.value])).toEqual([
      ['A', ['1']],
      ['B', ['2']],
    ]);
    expect(web.ports.map((p) => p.published)).toEqual([8080, 9090]);
    expect(web.command).toEqual([['serve'], ['--debug']]);
    expect(web.dependsOn).toEqual({});
    expect(project.services.base.dependsOn).toEqual({ db: { condition: 'service_started', required: true, restart: false } });
    expect(project.services.worker.command).toEqual([['work']]);
    expect(web.keys).not.toContain('extends');
  });

  test('another file: its relative paths start at its own directory', () => {
    const { project, dir } = load({
      'compose.yaml': 'services:\n  web:\n    extends:\n      file: common/services.yaml\n      service: webapp\n    image: web:2\n',
      'common/services.yaml': [
        'services:',
        '  webapp:',
        '    image: web:1',
        '    build: ./app',
        '    env_file: web.env',
        '    volumes:',
        '      - ./static:/static:ro',
        '',
      ].join('\n'),
      'common/web.env': 'FROM_FILE=yes\n',
    });
    const web = project.services.web;
    expect(web.image).toBe('web:2');
    expect(web.build?.context).toBe(`${dir}/common/app`);
    expect(web.volumes[0]).toMatchObject({ type: 'bind', source: `${dir}/common/static`, target: '/static', readOnly: true });
    expect(web.environment).toEqual([
      { name: 'FROM_FILE', value: ['yes'], fromVariables: [], origin: 'env_file', source: { file: 'common/web.env', path: 'FROM_FILE' } },
    ]);
    expect(web.source.file).toBe('compose.yaml');
  });

  test('chains across files', () => {
    const { project } = load({
      'compose.yaml': 'services:\n  web:\n    extends: {file: b.yaml, service: b}\n    labels: {c: "3"}\n',
      'b.yaml': 'services:\n  b:\n    extends: {file: a.yaml, service: a}\n    labels: {b: "2"}\n',
      'a.yaml': 'services:\n  a:\n    image: app:1\n    labels: {a: "1"}\n',
    });
    expect(project.services.web.labels).toEqual({ a: '1', b: '2', c: '3' });
    expect(Object.keys(project.services)).toEqual(['web']);
  });

  test('a cycle is an error', () => {
    expect(
      errors({ 'compose.yaml': 'services:\n  a:\n    image: x:1\n    extends: b\n  b:\n    extends: c\n  c:\n    extends: a\n' }),
    ).toEqual(['error: compose.yaml: services.c.extends: circular extends a -> b -> c -> a; remove one of these extends']);
  });

  test('a missing file is an error naming the file and path', () => {
    expect(errors({ 'compose.yaml': 'services:\n  web:\n    extends:\n      file: base.yaml\n      service: web\n' })).toEqual([
      'error: compose.yaml: services.web.extends.file: file not found "base.yaml"; expected a compose file path relative to compose.yaml',
    ]);
  });

  test('an unknown service is an error', () => {
    expect(errors({ 'compose.yaml': 'services:\n  base:\n    image: x:1\n  web:\n    extends: bsae\n' })).toEqual([
      'error: compose.yaml: services.web.extends: unknown service "bsae"; did you mean "base"?',
    ]);
    expect(
      errors({
        'compose.yaml': 'services:\n  web:\n    extends: {file: other.yaml, service: nothing}\n',
        'other.yaml': 'services:\n  api:\n    image: x:1\n',
      }),
    ).toEqual(['error: compose.yaml: services.web.extends.service: unknown service "nothing" in other.yaml; expected one of: api']);
  });

  test('problems in the extended file are reported with its name', () => {
    expect(
      errors({
        'compose.yaml': 'services:\n  web:\n    extends: {file: other.yaml, service: api}\n',
        'other.yaml': 'services:\n  api:\n    image: x:1\n    replicaz: 2\n',
      }),
    ).toEqual(['error: other.yaml: services.api: unknown key "replicaz"; expected a key of the Compose specification or an "x-" extension']);
  });
});
