import { toTemplate } from '../../src/compose/interpolate';
import type { EnvEntry } from '../../src/compose/types';
import { errors, load, service } from './helpers';

const env = (entries: readonly EnvEntry[], name: string) => entries.find((e) => e.name === name);

describe('secret variables', () => {
  test('a secret-looking variable stays a reference, never resolved even when set', () => {
    const { project, warnings } = load(
      { 'compose.yaml': 'services:\n  app:\n    image: app:1\n    environment:\n      URL: postgres://app:${DB_PASSWORD}@db/app\n' },
      { environment: { DB_PASSWORD: 'hunter2' } },
    );
    const url = env(project.services.app.environment, 'URL');
    expect(url?.value).toEqual(['postgres://app:', { secretVariable: 'DB_PASSWORD', required: true, defaultIgnored: false }, '@db/app']);
    expect(url?.fromVariables).toEqual([]);
    expect(JSON.stringify(project.services)).not.toContain('hunter2');
    expect(project.secretVariables).toEqual(['DB_PASSWORD']);
    expect(project.variables.get('DB_PASSWORD')).toBe('hunter2');
    expect(warnings).toEqual([]);
  });

  test('required flags: ${V}, ${V:?m}, ${V?m} and a non-empty default are required; ${V:-} and ${V-} are not', () => {
    const app = service(
      [
        'services:',
        '  app:',
        '    image: app:1',
        '    environment:',
        '      A: ${A_TOKEN}',
        '      B: ${B_TOKEN:?set it}',
        '      C: ${C_TOKEN?set it}',
        '      D: ${D_TOKEN:-}',
        '      E: ${E_TOKEN-}',
        '',
      ].join('\n'),
      'app',
    );
    expect(app.environment.map((e) => [e.name, e.value])).toEqual([
      ['A', [{ secretVariable: 'A_TOKEN', required: true, defaultIgnored: false }]],
      ['B', [{ secretVariable: 'B_TOKEN', required: true, defaultIgnored: false }]],
      ['C', [{ secretVariable: 'C_TOKEN', required: true, defaultIgnored: false }]],
      ['D', [{ secretVariable: 'D_TOKEN', required: false, defaultIgnored: false }]],
      ['E', [{ secretVariable: 'E_TOKEN', required: false, defaultIgnored: false }]],
    ]);
  });

  test('an unset secret variable with :? is not an error', () => {
    expect(service('services:\n  app:\n    image: app:1\n    environment:\n      K: ${API_KEY:?required}\n', 'app').environment).toHaveLength(1);
  });

  test('the default of a secret variable is ignored, with a warning', () => {
    const { project, warnings } = load({
      'compose.yaml': 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-app}\n      OTHER: ${SESSION_SECRET-x}\n',
    });
    expect(env(project.services.db.environment, 'POSTGRES_PASSWORD')?.value).toEqual([
      { secretVariable: 'POSTGRES_PASSWORD', required: true, defaultIgnored: true },
    ]);
    expect(env(project.services.db.environment, 'OTHER')?.value).toEqual([
      { secretVariable: 'SESSION_SECRET', required: true, defaultIgnored: true },
    ]);
    expect(warnings).toEqual([
      'warning: compose.yaml: services.db.environment.POSTGRES_PASSWORD: the default of secret variable POSTGRES_PASSWORD is ignored; its value must come from the Secret',
      'warning: compose.yaml: services.db.environment.OTHER: the default of secret variable SESSION_SECRET is ignored; its value must come from the Secret',
    ]);
  });

  test('${V:+r} with a secret V is treated as set, with a warning', () => {
    const { project, warnings } = load({
      'compose.yaml': 'services:\n  app:\n    image: app:1\n    environment:\n      AUTH: ${API_TOKEN:+enabled}\n',
    });
    expect(env(project.services.app.environment, 'AUTH')?.value).toEqual(['enabled']);
    expect(warnings).toEqual([
      'warning: compose.yaml: services.app.environment.AUTH: secret variable API_TOKEN is never resolved, so "${API_TOKEN:+enabled}" is treated as if it were set; its replacement is used',
    ]);
  });

  test('secret variables are allowed in command, entrypoint and healthcheck.test', () => {
    const app = service(
      [
        'services:',
        '  app:',
        '    image: app:1',
        '    command: ["serve", "--token=${API_TOKEN}"]',
        '    entrypoint: run --key $SIGNING_KEY',
        '    healthcheck:',
        '      test: ["CMD-SHELL", "check --password ${ADMIN_PASSWORD}"]',
        '',
      ].join('\n'),
      'app',
    );
    const ref = (secretVariable: string) => ({ secretVariable, required: true, defaultIgnored: false });
    expect(app.command).toEqual([['serve'], ['--token=', ref('API_TOKEN')]]);
    expect(app.entrypoint).toEqual([['run'], ['--key'], [ref('SIGNING_KEY')]]);
    expect(app.healthcheck?.test).toEqual([['sh'], ['-c'], ['check --password ', ref('ADMIN_PASSWORD')]]);
  });

  test('a secret variable anywhere else is an error', () => {
    expect(
      errors({
        'compose.yaml': 'services:\n  app:\n    image: registry/${API_TOKEN}:1\n    labels:\n      k: ${DB_PASSWORD:-x}\n',
      }),
    ).toEqual([
      'error: compose.yaml: services.app.image: secret variable API_TOKEN cannot be used here; secret variables are allowed in environment, command, entrypoint, healthcheck.test and the command and environment of post_start and pre_stop hooks',
      'error: compose.yaml: services.app.labels.k: secret variable DB_PASSWORD cannot be used here; secret variables are allowed in environment, command, entrypoint, healthcheck.test and the command and environment of post_start and pre_stop hooks',
    ]);
  });

  test('in x- extensions a secret reference is kept as written', () => {
    const { project } = load({
      'compose.yaml': 'x-env: &env\n  URL: db://u:${DB_PASS:?set it}@db\nservices:\n  app:\n    image: app:1\n    environment: *env\n',
    });
    expect(project.extensions).toEqual({ 'x-env': { URL: 'db://u:${DB_PASS:?set it}@db' } });
    expect(project.services.app.environment[0].value).toEqual(['db://u:', { secretVariable: 'DB_PASS', required: true, defaultIgnored: false }, '@db']);
  });

  test('a variable interpolated into a secret-named key is secret (DB_PASSWORD: ${PGPASS})', () => {
    const { project } = load(
      {
        'compose.yaml': 'services:\n  app:\n    image: app:1\n    environment:\n      DB_PASSWORD: ${PGPASS}\n    command: ["psql", "-W", "${PGPASS}"]\n',
      },
      { environment: { PGPASS: 'hunter2' } },
    );
    const app = project.services.app;
    expect(env(app.environment, 'DB_PASSWORD')?.value).toEqual([{ secretVariable: 'PGPASS', required: true, defaultIgnored: false }]);
    expect(app.command?.[2]).toEqual([{ secretVariable: 'PGPASS', required: true, defaultIgnored: false }]);
    expect(project.secretVariables).toEqual(['PGPASS']);
  });

  test('only the string values of secret-named keys are pre-scanned, in every service, tags read through', () => {
    const { project } = load(
      {
        'compose.yaml': [
          'services:',
          '  a:',
          '    image: app:1',
          '    environment:',
          '      PORT: ${P1}',
          '      DB_PASSWORD: 5',
          '      API_TOKEN: !override ${T1}',
          '      SESSION_SECRET: ~',
          '  b:',
          '    image: app:1',
          '    environment:',
          '      ADMIN_PASSWORD: pre-${T2}-${T3}',
          '      HOST: ${P2}',
          '',
        ].join('\n'),
      },
      { environment: { P1: '1', P2: 'h', T1: 'x', T2: 'y', T3: 'z' } },
    );
    expect(project.secretVariables).toEqual(['SESSION_SECRET', 'T1', 'T2', 'T3']);
    expect(env(project.services.a.environment, 'PORT')?.value).toEqual(['1']);
  });

  test('the list form of environment is pre-scanned too', () => {
    const app = service('services:\n  app:\n    image: app:1\n    environment:\n      - API_KEY=${UPSTREAM}\n', 'app', { environment: { UPSTREAM: 'x' } });
    expect(app.environment[0].value).toEqual([{ secretVariable: 'UPSTREAM', required: true, defaultIgnored: false }]);
  });

  test('x-k8s.secretVariables and LoadOptions.secretVariables declare secret variables', () => {
    const { project } = load(
      {
        'compose.yaml':
          'x-k8s:\n  secretVariables: [LICENSE]\nservices:\n  app:\n    image: app:1\n    environment:\n      LIC: ${LICENSE}\n      SEED: ${SEED}\n',
      },
      { secretVariables: ['SEED'], environment: { LICENSE: 'l', SEED: 's' } },
    );
    expect(project.services.app.environment.map((e) => e.value)).toEqual([
      [{ secretVariable: 'LICENSE', required: true, defaultIgnored: false }],
      [{ secretVariable: 'SEED', required: true, defaultIgnored: false }],
    ]);
    expect(project.secretVariables).toEqual(['LICENSE', 'SEED']);
  });

  test('x-k8s.secretVariables must list variable names', () => {
    expect(errors({ 'compose.yaml': 'x-k8s:\n  secretVariables: [OK, "not a name"]\nservices: {}\n' })).toEqual([
      'error: compose.yaml: x-k8s.secretVariables[1]: invalid variable name "not a name"; expected letters, digits and "_", not starting with a digit',
    ]);
  });

  test('a variable whose value carries URL credentials is secret', () => {
    const app = service('services:\n  app:\n    image: app:1\n    environment:\n      DATABASE: ${DATABASE_URL}\n', 'app', {
      environment: { DATABASE_URL: 'postgres://u:pw@db/app' },
    });
    expect(app.environment[0].value).toEqual([{ secretVariable: 'DATABASE_URL', required: true, defaultIgnored: false }]);
  });

  test('KEY alone with a secret name is an optional reference, never resolved', () => {
    const app = service('services:\n  app:\n    image: app:1\n    environment:\n      - JWT_SECRET\n      - PLAIN\n', 'app', {
      environment: { JWT_SECRET: 's3cr3t', PLAIN: 'p' },
    });
    expect(app.environment.map((e) => [e.name, e.value, e.fromVariables])).toEqual([
      ['JWT_SECRET', [{ secretVariable: 'JWT_SECRET', required: false, defaultIgnored: false }], []],
      ['PLAIN', ['p'], ['PLAIN']],
    ]);
  });

  test('non-secret variables are recorded in fromVariables', () => {
    const app = service('services:\n  app:\n    image: app:1\n    environment:\n      URL: http://${HOST}:${PORT:-80}/\n', 'app', { environment: { HOST: 'h' } });
    expect(app.environment[0]).toMatchObject({ value: ['http://h:80/'], fromVariables: ['HOST', 'PORT'] });
  });
});

describe('reference marks', () => {
  test('a marked string becomes a template', () => {
    expect(toTemplate('')).toEqual({ template: [''], variables: [] });
    expect(toTemplate('a\u0000V:X\u0000b\u0000S:T:1:0\u0000')).toEqual({
      template: ['ab', { secretVariable: 'T', required: true, defaultIgnored: false }],
      variables: ['X'],
    });
  });
});
