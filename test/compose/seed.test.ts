import * as path from 'path';
import { loadProject } from '../../src/compose';

const SEED = path.resolve(__dirname, '../../examples/seed/compose.yaml');

describe('the seed example', () => {
  // No .env and no secret variables set: secret variables are never resolved, so it loads anyway.
  const { project, warnings } = loadProject({ files: [SEED], cwd: path.dirname(SEED), environment: {} });

  test('loads without warnings', () => {
    expect(warnings).toEqual([]);
    expect(project.name).toBe('tutor');
    expect(Object.keys(project.services)).toEqual(['backend', 'db', 'migrate']);
    expect(Object.keys(project.volumes)).toEqual(['derived_data', 'postgres_data', 'vendor_data']);
  });

  test('DATABASE_URL is a template with a reference to POSTGRES_PASSWORD', () => {
    const url = project.services.backend.environment.find((e) => e.name === 'DATABASE_URL');
    expect(url).toEqual({
      name: 'DATABASE_URL',
      value: ['postgresql+psycopg://app:', { secretVariable: 'POSTGRES_PASSWORD', required: true, defaultIgnored: false }, '@db:5432/app'],
      fromVariables: [],
      origin: 'environment',
      source: { file: 'compose.yaml', path: 'services.backend.environment.DATABASE_URL' },
      form: 'mapping',
    });
  });

  test('secrets are references; optional provider keys are optional', () => {
    const value = (name: string) => project.services.backend.environment.find((e) => e.name === name)?.value;
    expect(value('JWT_SECRET_KEY')).toEqual([{ secretVariable: 'JWT_SECRET_KEY', required: true, defaultIgnored: false }]);
    expect(value('OPENAI_API_KEY')).toEqual([{ secretVariable: 'OPENAI_API_KEY', required: false, defaultIgnored: false }]);
    expect(value('ACCESS_TOKEN_EXPIRE_MINUTES')).toEqual(['60']);
    expect(value('ENVIRONMENT')).toEqual(['production']);
    expect(project.secretVariables).toEqual(['ANTHROPIC_API_KEY', 'ENCRYPTION_KEY', 'GOOGLE_API_KEY', 'JWT_SECRET_KEY', 'OPENAI_API_KEY', 'POSTGRES_PASSWORD']);
  });

  test('the migration, its dependencies and resources', () => {
    const { migrate, backend, db } = project.services;
    expect(migrate.restart).toBe('no');
    expect(migrate.command).toEqual([['alembic'], ['upgrade'], ['head']]);
    expect(backend.dependsOn).toEqual({
      db: { condition: 'service_healthy', required: true, restart: false },
      migrate: { condition: 'service_completed_successfully', required: true, restart: false },
    });
    expect(backend.deploy?.limits).toEqual({ cpus: 2, memory: 2 * 1024 ** 3 });
    expect(db.ports).toEqual([{ target: 5432, published: 5433, protocol: 'tcp' }]);
    expect(db.healthcheck).toEqual({
      test: [['sh'], ['-c'], ['pg_isready -U app -d app']],
      form: 'CMD-SHELL',
      disabled: false,
      interval: 10000,
      timeout: 5000,
      retries: 5,
      startPeriod: 20000,
    });
    expect(backend.build).toEqual({
      context: path.dirname(SEED),
      dockerfile: 'Dockerfile',
      args: {},
      // What examples/seed/Dockerfile says: one unnamed stage, WORKDIR /app, USER 1000:1000, nothing copied.
      image: { baseImage: 'python:3.12.11-slim', context: path.dirname(SEED), copies: [], exposes: [{ port: 8000, protocol: 'tcp' }], dockerfile: 'Dockerfile', ignore: [], stage: '0', user: '1000:1000', volumes: [], workdir: '/app' },
    });
    expect(backend.extensions['x-k8s']).toEqual({
      migrationGate: { command: ['sh', '-c', 'until alembic current --check-heads; do echo waiting for migrations; sleep 5; done'] },
    });
  });

  test('secret values set in the environment are never copied', () => {
    const loaded = loadProject({ files: [SEED], cwd: path.dirname(SEED), environment: { POSTGRES_PASSWORD: 'pw-123456', JWT_SECRET_KEY: 'jwt-abcdef' } });
    const { variables, ...rest } = loaded.project;
    expect(JSON.stringify(rest)).not.toMatch(/pw-123456|jwt-abcdef/);
    expect(variables.get('POSTGRES_PASSWORD')).toBe('pw-123456');
  });
});
