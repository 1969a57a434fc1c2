import { errors, load } from './helpers';

describe('references between services and resources', () => {
  test('links, volumes_from and network_mode: service:NAME must name services', () => {
    expect(
      errors({
        'compose.yaml': [
          'services:',
          '  db:',
          '    image: postgres:16',
          '  web:',
          '    image: nginx:1.27',
          '    links: ["db:database", "cache"]',
          '    volumes_from: [dbb, "container:other"]',
          '    network_mode: "service:proxy"',
          '',
        ].join('\n'),
      }),
    ).toEqual([
      'error: compose.yaml: services.web.links[1]: unknown service "cache"; expected one of the services: db, web',
      'error: compose.yaml: services.web.volumes_from[0]: unknown service "dbb"; did you mean "db"?',
      'error: compose.yaml: services.web.network_mode: unknown service "proxy"; expected one of the services: db, web',
    ]);
  });

  test('network_mode and networks together are an error', () => {
    expect(errors({ 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    network_mode: host\n    networks: [default]\n' })).toEqual([
      'error: compose.yaml: services.web.network_mode: invalid value "host" together with "networks"; expected only one of "network_mode" and "networks"',
    ]);
  });

  test('an optional dependency on an unknown service is dropped with a warning', () => {
    const { project, warnings } = load({
      'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    depends_on:\n      ghost: {condition: service_started, required: false}\n',
    });
    expect(project.services.web.dependsOn).toEqual({});
    expect(warnings).toEqual(['warning: compose.yaml: services.web.depends_on.ghost: dependency on unknown service "ghost" is ignored (required: false)']);
  });

  test('a reference error names the file that wrote it', () => {
    expect(
      errors(
        {
          'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n',
          'compose.dev.yaml': 'services:\n  web:\n    depends_on: [db]\n    volumes: ["cache:/cache"]\n',
        },
        { files: ['compose.yaml', 'compose.dev.yaml'] },
      ),
    ).toEqual([
      'error: compose.dev.yaml: services.web.depends_on: unknown service "db"; expected one of the services: web',
      'error: compose.dev.yaml: services.web.volumes[0]: unknown volume "cache"; declare it under the top-level "volumes:"',
    ]);
  });

  test('unknown volume options are ignored with a warning', () => {
    expect(load({ 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    volumes: ["/data:/data:ro,rox"]\n' }).warnings).toEqual([
      'warning: compose.yaml: services.web.volumes[0]: unknown volume option "rox" is ignored; expected ro, rw, nocopy, z, Z or a propagation mode',
    ]);
  });
});

describe('secret classification from env files', () => {
  test('a variable put into a secret key of an env_file is secret everywhere', () => {
    const { project } = load(
      {
        'compose.yaml': 'services:\n  db:\n    image: postgres:16\n    env_file: db.env\n    command: ["postgres", "-c", "password=${PGPASS}"]\n',
        'db.env': 'POSTGRES_PASSWORD=${PGPASS}\n',
      },
      { environment: { PGPASS: 'hunter2' } },
    );
    expect(project.services.db.command?.[2]).toEqual(['password=', { secretVariable: 'PGPASS', required: true, defaultIgnored: false }]);
    expect(project.secretVariables).toEqual(['PGPASS']);
  });
});

describe('!override on mappings', () => {
  test('replaces the whole mapping', () => {
    const { project } = load(
      {
        'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    deploy:\n      replicas: 2\n      resources: {limits: {memory: 1g}}\n',
        'o.yaml': 'services:\n  web:\n    deploy: !override\n      replicas: 3\n',
      },
      { files: ['compose.yaml', 'o.yaml'] },
    );
    expect(project.services.web.deploy).toEqual({ replicas: 3, labels: {} });
  });
});
