import { mergeCompose } from '../../src/compose/merge';
import { loadProject } from '../../src/compose';
import { UserError } from '../../src/diagnostics';
import { load, writeProject } from './helpers';

const BASE = [
  'services:',
  '  web:',
  '    image: nginx:1.26',
  '    command: ["nginx", "-g", "daemon off;"]',
  '    environment:',
  '      - A=1',
  '      - B=1',
  '    labels:',
  '      team: web',
  '    ports:',
  '      - "8080:80"',
  '      - "8443:443"',
  '    volumes:',
  '      - data:/data',
  '      - ./conf:/etc/nginx/conf.d:ro',
  '    dns: 1.1.1.1',
  '    cap_add: [NET_ADMIN]',
  '    depends_on: [db]',
  '    healthcheck:',
  '      test: ["CMD", "true"]',
  '      interval: 10s',
  '    secrets: [token]',
  '  db:',
  '    image: postgres:16',
  'volumes:',
  '  data:',
  '  other:',
  'secrets:',
  '  token:',
  '    file: ./token.txt',
  '',
].join('\n');

describe('merging -f files', () => {
  const { project, warnings } = load(
    {
      'compose.yaml': BASE,
      'compose.prod.yaml': [
        'services:',
        '  web:',
        '    image: nginx:1.27',
        '    command: nginx',
        '    environment:',
        '      B: 2',
        '      C: 3',
        '    labels:',
        '      - tier=front',
        '    ports:',
        '      - "8080:80"',
        '      - target: 443',
        '        published: 8443',
        '      - "9090:90"',
        '    volumes:',
        '      - other:/data',
        '    dns: [8.8.8.8, 1.1.1.1]',
        '    cap_add: [NET_ADMIN, SYS_TIME]',
        '    depends_on:',
        '      db:',
        '        condition: service_healthy',
        '    healthcheck:',
        '      test: ["CMD", "curl", "-f", "http://localhost"]',
        '    secrets:',
        '      - source: token',
        '        target: /run/secrets/token',
        '        mode: 0400',
        '',
      ].join('\n'),
    },
    { files: ['compose.yaml', 'compose.prod.yaml'] },
  );
  const web = project.services.web;

  test('scalars: the later file wins', () => {
    expect(web.image).toBe('nginx:1.27');
    expect(warnings).toEqual([]);
    expect(project.files).toEqual(['compose.yaml', 'compose.prod.yaml']);
  });

  test('command and healthcheck.test are replaced; other healthcheck keys merge', () => {
    expect(web.command).toEqual([['nginx']]);
    expect(web.healthcheck).toMatchObject({ test: [['curl'], ['-f'], ['http://localhost']], interval: 10000 });
  });

  test('environment and labels merge as maps across list and map forms', () => {
    expect(web.environment.map((e) => [e.name, e.value, e.source.file])).toEqual([
      ['A', ['1'], 'compose.yaml'],
      ['B', ['2'], 'compose.prod.yaml'],
      ['C', ['3'], 'compose.prod.yaml'],
    ]);
    expect(web.labels).toEqual({ team: 'web', tier: 'front' });
  });

  test('ports are unique by host IP, published port, target and protocol', () => {
    expect(web.ports).toEqual([
      { target: 80, published: 8080, protocol: 'tcp' },
      { target: 443, published: 8443, protocol: 'tcp' },
      { target: 90, published: 9090, protocol: 'tcp' },
    ]);
  });

  test('volumes are merged by target', () => {
    expect(web.volumes.map((v) => [v.type, 'source' in v ? v.source : undefined, v.target])).toEqual([
      ['volume', 'other', '/data'],
      ['bind', expect.stringMatching(/\/conf$/), '/etc/nginx/conf.d'],
    ]);
  });

  test('lists of names are appended without duplicates', () => {
    expect(web.dns).toEqual(['1.1.1.1', '8.8.8.8']);
    expect(web.capAdd).toEqual(['NET_ADMIN', 'SYS_TIME']);
  });

  test('depends_on merges as a map', () => {
    expect(web.dependsOn).toEqual({ db: { condition: 'service_healthy', required: true, restart: false } });
  });

  test('secrets are merged by target', () => {
    expect(web.secrets).toEqual([{ source: 'token', target: '/run/secrets/token', mode: 0o400 }]);
  });
});

describe('!reset and !override', () => {
  test('!reset removes an attribute, !override replaces it', () => {
    const { project } = load(
      {
        'compose.yaml': BASE,
        'compose.override.yaml': [
          'services:',
          '  web:',
          '    ports: !override',
          '      - "9443:443"',
          '    volumes: !reset []',
          '    environment:',
          '      A: !reset null',
          '    labels: !reset {}',
          '    healthcheck: !reset',
          '',
        ].join('\n'),
      },
      { files: ['compose.yaml', 'compose.override.yaml'] },
    );
    const web = project.services.web;
    expect(web.ports).toEqual([{ target: 443, published: 9443, protocol: 'tcp' }]);
    expect(web.volumes).toEqual([]);
    expect(web.environment.map((e) => e.name)).toEqual(['B']);
    expect(web.labels).toEqual({});
    expect(web.healthcheck).toBeUndefined();
  });

  test('in a single file, !reset drops the key and !override is its value', () => {
    const { project } = load({ 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    ports: !override ["80"]\n    dns: !reset []\n' });
    expect(project.services.web.ports).toEqual([{ target: 80, protocol: 'tcp' }]);
    expect(project.services.web.keys).toEqual(['image', 'ports']);
  });
});

describe('which files', () => {
  test('default files: compose.yaml plus compose.override.yaml', () => {
    const { project } = load({
      'compose.yaml': 'services:\n  web:\n    image: nginx:1.26\n',
      'compose.override.yaml': 'services:\n  web:\n    image: nginx:1.27\n',
      'docker-compose.yml': 'services:\n  other:\n    image: x:1\n',
    }, { files: [] });
    expect(project.files).toEqual(['compose.yaml', 'compose.override.yaml']);
    expect(project.services.web.image).toBe('nginx:1.27');
  });

  test('docker-compose.yml with docker-compose.override.yml', () => {
    const { project } = load({
      'docker-compose.yml': 'services:\n  web:\n    image: nginx:1.26\n',
      'docker-compose.override.yml': 'services:\n  web:\n    image: nginx:1.27\n',
    });
    expect(project.files).toEqual(['docker-compose.yml', 'docker-compose.override.yml']);
    expect(project.services.web.image).toBe('nginx:1.27');
  });

  test('COMPOSE_FILE lists the files (from the environment or .env)', () => {
    const files = {
      'a.yaml': 'services:\n  web:\n    image: nginx:1.26\n',
      'b.yaml': 'services:\n  web:\n    image: nginx:1.27\n',
    };
    expect(load(files, { environment: { COMPOSE_FILE: 'a.yaml:b.yaml' } }).project.services.web.image).toBe('nginx:1.27');
    expect(load({ ...files, '.env': 'COMPOSE_FILE=b.yaml;a.yaml\nCOMPOSE_PATH_SEPARATOR=;\n' }).project.files).toEqual(['b.yaml', 'a.yaml']);
  });

  test('no compose file is an error', () => {
    const dir = writeProject({ 'README.md': 'nothing here' });
    expect(() => loadProject({ files: [], cwd: dir, environment: {} })).toThrow(
      new UserError(`no compose file found in ${dir}; expected one of compose.yaml, compose.yml, docker-compose.yaml, docker-compose.yml, or pass the files with -f`),
    );
  });

  test('relative paths of every -f file start at the project directory (the first file\'s)', () => {
    const { project, dir } = load(
      {
        'app/compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n',
        'overrides/dev.yaml': 'services:\n  web:\n    volumes:\n      - ./src:/src\n',
      },
      { files: ['app/compose.yaml', 'overrides/dev.yaml'] },
    );
    expect(project.workingDir).toBe(`${dir}/app`);
    expect(project.services.web.volumes[0]).toMatchObject({ type: 'bind', source: `${dir}/app/src`, sourceAsWritten: './src' });
  });
});

describe('merge rules (unit)', () => {
  test('x- keys are replaced whole; mappings merge recursively; other lists append', () => {
    expect(
      mergeCompose(
        { 'x-a': { k: 1, j: 2 }, services: { web: { deploy: { replicas: 1, labels: ['a=1'] }, external_links: ['x'], security_opt: ['a'] } } },
        { 'x-a': { k: 3 }, services: { web: { deploy: { labels: { b: '2' } }, external_links: ['x', 'y'], security_opt: ['b'] } } },
      ),
    ).toEqual({
      'x-a': { k: 3 },
      services: { web: { deploy: { replicas: 1, labels: { a: '1', b: '2' } }, external_links: ['x', 'y'], security_opt: ['a', 'b'] } },
    });
  });

  test('build: PATH is read as {context: PATH}; logging merges only with the same driver', () => {
    expect(
      mergeCompose(
        { services: { web: { build: '.', logging: { driver: 'json-file', options: { a: '1' } } } } },
        { services: { web: { build: { dockerfile: 'Dockerfile.prod' }, logging: { driver: 'syslog' } } } },
      ),
    ).toEqual({ services: { web: { build: { context: '.', dockerfile: 'Dockerfile.prod' }, logging: { driver: 'syslog' } } } });
  });

  test('a network listed again without settings keeps its settings', () => {
    expect(
      mergeCompose({ services: { web: { networks: { front: { aliases: ['w'] } } } } }, { services: { web: { networks: ['front', 'back'] } } }),
    ).toEqual({ services: { web: { networks: { front: { aliases: ['w'] }, back: null } } } });
  });
});
