import * as path from 'path';
import { errors, load } from './helpers';

const lines = (...l: string[]) => [...l, ''].join('\n');

describe('include', () => {
  test('short syntax: the included project resolves its paths in its own folder and reads its own .env', () => {
    const { project, dir } = load({
      'compose.yaml': lines('include:', '  - db/compose.yaml', 'services:', '  web:', '    image: app:${APP_TAG}', '    depends_on: [db]'),
      '.env': 'APP_TAG=1.0\nDB_TAG=override-from-root\n',
      'db/compose.yaml': lines(
        'services:',
        '  db:',
        '    image: postgres:${DB_TAG}',
        '    build: ./image',
        '    env_file: db.env',
        '    environment: [DB_ONLY, REGION]',
        '    volumes: ["./init.sql:/docker-entrypoint-initdb.d/init.sql:ro", "data:/var/lib/postgresql/data"]',
        '    secrets: [pw]',
        'volumes:',
        '  data: {}',
        'secrets:',
        '  pw:',
        '    file: ./pw.txt',
        'name: ignored',
      ),
      'db/.env': 'DB_TAG=16\nDB_ONLY=from-db-env\nREGION=${REGION:-eu}\n',
      'db/db.env': 'POSTGRES_DB=app\n',
      'db/init.sql': 'select 1;\n',
      'db/image/Dockerfile': 'FROM postgres:16\n',
    });
    const db = project.services.db;
    // The including project's variables win over the included .env.
    expect(db.image).toBe('postgres:override-from-root');
    expect(db.build?.context).toBe(path.join(dir, 'db/image'));
    const bind = db.volumes.find((v) => v.type === 'bind');
    expect(bind).toMatchObject({ type: 'bind', source: path.join(dir, 'db/init.sql'), target: '/docker-entrypoint-initdb.d/init.sql', readOnly: true });
    expect(db.environment.map((e) => [e.name, e.value, e.source.file])).toEqual([
      ['POSTGRES_DB', ['app'], 'db/db.env'],
      ['DB_ONLY', ['from-db-env'], 'db/compose.yaml'],
      ['REGION', ['eu'], 'db/compose.yaml'],
    ]);
    expect(project.secrets.pw.file).toBe(path.join(dir, 'db/pw.txt'));
    expect(project.volumes.data.source).toEqual({ file: 'db/compose.yaml', path: 'volumes.data' });
    expect(db.source).toEqual({ file: 'db/compose.yaml', path: 'services.db' });
    expect(project.name).not.toBe('ignored');
    expect(project.files).toEqual(['compose.yaml', 'db/compose.yaml']);
    expect(project.services.web.image).toBe('app:1.0');
  });

  test('long syntax: a list path merges like -f, project_directory and env_file replace the defaults', () => {
    const { project, dir } = load({
      'compose.yaml': lines(
        'include:',
        '  - path: [stack/base.yaml, stack/override.yaml]',
        '    project_directory: stack/root',
        '    env_file: stack/settings.env',
        'services: {}',
      ),
      'stack/base.yaml': lines('services:', '  api:', '    image: api:${API_TAG}', '    ports: ["8080:8080"]', '    volumes: ["./conf:/etc/api:ro"]'),
      'stack/override.yaml': lines('services:', '  api:', '    ports: ["9090:9090"]', '    environment: {MODE: prod}'),
      'stack/settings.env': 'API_TAG=2.1\n',
      'stack/root/.env': 'API_TAG=never-read\n',
      'stack/root/conf/api.yaml': 'a: 1\n',
    });
    const api = project.services.api;
    expect(api.image).toBe('api:2.1');
    expect(api.ports.map((p) => p.target)).toEqual([8080, 9090]);
    expect(api.environment.map((e) => [e.name, e.value])).toEqual([['MODE', ['prod']]]);
    expect(api.volumes[0]).toMatchObject({ type: 'bind', source: path.join(dir, 'stack/root/conf') });
    expect(project.files).toEqual(['compose.yaml', 'stack/base.yaml', 'stack/override.yaml']);
  });

  test('nested includes resolve each level in its own folder; a diamond include (the same definition twice) is accepted', () => {
    const { project, dir } = load({
      'compose.yaml': lines('include: [a/compose.yaml, b/compose.yaml]', 'services:', '  web: {image: "web:1"}'),
      'a/compose.yaml': lines('include: [../shared/compose.yaml]', 'services:', '  a: {image: "a:1"}'),
      'b/compose.yaml': lines('include: [../shared/compose.yaml]', 'services:', '  b: {image: "b:1"}'),
      'shared/compose.yaml': lines('services:', '  cache:', '    image: redis:${REDIS_TAG}', '    env_file: cache.env'),
      'shared/.env': 'REDIS_TAG=7.4\n',
      'shared/cache.env': 'X=1\n',
    });
    expect(Object.keys(project.services)).toEqual(['a', 'b', 'cache', 'web']);
    expect(project.services.cache.image).toBe('redis:7.4');
    expect(project.services.cache.environment.map((e) => [e.name, e.source.file])).toEqual([['X', 'shared/cache.env']]);
    expect(project.files).toEqual(['compose.yaml', 'a/compose.yaml', 'shared/compose.yaml', 'b/compose.yaml']);
    expect(dir).toBeTruthy();
  });

  test('a resource defined twice with different definitions is an error naming both files', () => {
    expect(
      errors({
        'compose.yaml': lines('include: [db/compose.yaml]', 'services:', '  db: {image: "postgres:15"}'),
        'db/compose.yaml': lines('services:', '  db: {image: "postgres:16"}'),
      }),
    ).toEqual([
      'error: compose.yaml: include[0]: services.db is defined in compose.yaml and again, differently, in db/compose.yaml; a resource may be defined once (identical definitions are accepted): rename one, or change it in an override file listed with it in "path"',
    ]);
    expect(
      errors({
        'compose.yaml': lines('include: [a/compose.yaml, b/compose.yaml]', 'services:', '  web: {image: "web:1"}'),
        'a/compose.yaml': lines('services: {}', 'volumes:', '  data: {driver: local}'),
        'b/compose.yaml': lines('services: {}', 'volumes:', '  data: {driver: nfs}'),
      }),
    ).toEqual([
      'error: compose.yaml: include[1]: volumes.data is defined in a/compose.yaml and again, differently, in b/compose.yaml; a resource may be defined once (identical definitions are accepted): rename one, or change it in an override file listed with it in "path"',
    ]);
  });

  test('an include cycle is an error with the chain', () => {
    expect(
      errors({
        'compose.yaml': lines('include: [a/compose.yaml]', 'services:', '  web: {image: "web:1"}'),
        'a/compose.yaml': lines('include: [../b/compose.yaml]', 'services:', '  a: {image: "a:1"}'),
        'b/compose.yaml': lines('include: [../a/compose.yaml]', 'services:', '  b: {image: "b:1"}'),
      }),
    ).toEqual(['error: b/compose.yaml: include[0]: include cycle compose.yaml -> a/compose.yaml -> b/compose.yaml -> a/compose.yaml; remove one of these includes']);
  });

  test('remote includes, missing files and malformed entries are errors', () => {
    expect(
      errors({
        'compose.yaml': lines(
          'include:',
          '  - oci://docker.io/acme/stack:1',
          '  - path: git@github.com:acme/stack.git',
          '  - env_file: x.env',
          'services: {}',
        ),
      }),
    ).toEqual([
      'error: compose.yaml: include[0]: invalid include path "oci://docker.io/acme/stack:1"; remote includes (git repositories, OCI artifacts) are not supported; clone or copy the project and include it by a local path',
      'error: compose.yaml: include[1].path: invalid include path "git@github.com:acme/stack.git"; remote includes (git repositories, OCI artifacts) are not supported; clone or copy the project and include it by a local path',
      'error: compose.yaml: include[2]: missing key "path"; it is required here',
    ]);
    expect(
      errors({
        'compose.yaml': lines('include:', '  - path: [sub/a.yaml, missing.yaml]', '  - nope.yaml', '  - path: gone.yaml', 'services: {}'),
        'sub/a.yaml': lines('services: {}'),
      }),
    ).toEqual([
      'error: compose.yaml: include[0].path[1]: file not found "missing.yaml"; expected a compose file, relative to .',
      'error: compose.yaml: include[1]: file not found "nope.yaml"; expected a compose file, relative to .',
      'error: compose.yaml: include[2].path: file not found "gone.yaml"; expected a compose file, relative to .',
    ]);
  });

  test('an included .env value with credentials makes the variable secret: never resolved', () => {
    const { project } = load({
      'compose.yaml': lines('include: [api/compose.yaml]'),
      'api/compose.yaml': lines('services:', '  api:', '    image: api:1', '    environment: {DATABASE_URL: "${DB_URL}"}'),
      'api/.env': 'DB_URL=postgres://app:hunter2@db/app\n',
    });
    expect(project.services.api.environment[0].value).toEqual([{ secretVariable: 'DB_URL', required: true, defaultIgnored: false }]);
  });
});
