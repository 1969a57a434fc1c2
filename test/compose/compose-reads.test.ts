/**
 * What docker compose reads, we read (DESIGN "Input"): YAML that Go's yaml.v3 accepts and short
 * syntax that compose accepts. One test per case met in published compose files.
 */
import { errors, load, service } from './helpers';

describe('YAML that compose reads', () => {
  test('a flow sequence whose closing bracket sits at its key\'s indentation (getsentry/self-hosted)', () => {
    const web = service(
      [
        'services:',
        '  web:',
        '    image: nginx:1.27',
        '    command: [',
        '      "nginx",',
        '      "-g", "daemon off;",',
        '    ]',
        '    healthcheck:',
        '      test: [',
        '        "CMD-SHELL",',
        '        # a comment inside the flow sequence',
        '        "wget -q --spider http://localhost/ || exit 1",',
        '      ]',
        '',
      ].join('\n'),
      'web',
    );
    expect(web.command).toEqual([['nginx'], ['-g'], ['daemon off;']]);
    expect(web.healthcheck?.test).toEqual([['sh'], ['-c'], ['wget -q --spider http://localhost/ || exit 1']]);
  });

  test('a flow mapping whose closing brace sits at its key\'s indentation', () => {
    const web = service('services:\n  web:\n    image: nginx:1.27\n    labels: {\n      a: "1",\n    }\n', 'web');
    expect(web.labels).toEqual({ a: '1' });
  });

  test('merge keys from a list of anchors: written keys win, then the first anchor that has the key', () => {
    const web = service(
      'x-a: &a\n  image: nginx:1.27\n  restart: always\nx-b: &b\n  image: nginx:1.26\n  user: "1000:1000"\nservices:\n  web:\n    <<: [*a, *b]\n    restart: unless-stopped\n',
      'web',
    );
    expect([web.image, web.restart, web.user]).toEqual(['nginx:1.27', 'unless-stopped', '1000:1000']);
  });

  test('an alias refers to the last anchor of its name written before it (an anchor may be redefined)', () => {
    const project = load({
      'compose.yaml': 'x-t: &t nginx:1.26\nservices:\n  a:\n    image: *t\n  b:\n    labels: {t: &t nginx:1.27}\n    image: *t\n',
    }).project;
    expect([project.services.a.image, project.services.b.image]).toEqual(['nginx:1.26', 'nginx:1.27']);
  });

  test('a duplicated key is an error, as in compose', () => {
    expect(errors({ 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    image: nginx:1.26\n' })).toEqual([
      'error: compose.yaml: line 4, column 5: Map keys must be unique',
    ]);
  });

  test('the merge tags !reset and !override keep their meaning on scalars', () => {
    const web = service('services:\n  web:\n    image: !override nginx:1.27\n    user: !override "1000:1000"\n    read_only: !override true\n', 'web');
    expect([web.image, web.user, web.readOnly]).toEqual(['nginx:1.27', '1000:1000', true]);
  });
});

describe('the bounds of the reader are kept', () => {
  test('more than 10000 aliases are an error', () => {
    const yaml = `x-a: &a 1\nx-list: [${Array(10001).fill('*a').join(', ')}]\nservices: {}\n`;
    expect(errors({ 'compose.yaml': yaml })).toEqual(['error: compose.yaml: the document has more than 10000 aliases; expected a compose file without alias bombs']);
  });

  test('nesting deeper than 100 levels is an error, and thousands of levels are not a crash', () => {
    expect(errors({ 'compose.yaml': `x-deep: ${'['.repeat(101)}${']'.repeat(101)}\nservices: {}\n` })).toEqual([
      'error: compose.yaml: the document nests deeper than 100 levels; expected a compose file',
    ]);
    const deep = errors({ 'compose.yaml': `x-deep: ${'['.repeat(100000)}${']'.repeat(100000)}\nservices: {}\n` });
    expect(deep).toEqual(['error: compose.yaml: the document nests deeper than 100 levels; expected a compose file']);
  });
});

describe('included files are read by the same reader', () => {
  test('an included file reads what compose reads (a flow sequence closed at its key\'s indentation)', () => {
    const { project } = load({
      'compose.yaml': 'include:\n  - db/compose.yaml\nservices:\n  web:\n    image: nginx:1.27\n',
      'db/compose.yaml': 'services:\n  db:\n    image: postgres:16.4\n    command: [\n      "postgres",\n      "-c", "max_connections=200",\n    ]\n',
    });
    expect(project.services.db.command).toEqual([['postgres'], ['-c'], ['max_connections=200']]);
  });

  test('an included file has the same alias and depth bounds, reported in its own name', () => {
    const bomb = `x-a: &a 1\nx-list: [${Array(10001).fill('*a').join(', ')}]\nservices: {}\n`;
    expect(errors({ 'compose.yaml': 'include:\n  - db/compose.yaml\nservices: {}\n', 'db/compose.yaml': bomb })).toEqual([
      'error: db/compose.yaml: the document has more than 10000 aliases; expected a compose file without alias bombs',
    ]);
    const deep = `x-deep: ${'['.repeat(101)}${']'.repeat(101)}\nservices: {}\n`;
    expect(errors({ 'compose.yaml': 'include:\n  - db/compose.yaml\nservices: {}\n', 'db/compose.yaml': deep })).toEqual([
      'error: db/compose.yaml: the document nests deeper than 100 levels; expected a compose file',
    ]);
  });
});

describe('short syntax that compose reads', () => {
  test('a port with an empty host IP (":2283:2283", immich) is published on every interface', () => {
    const web = service('services:\n  web:\n    image: nginx:1.27\n    ports:\n      - ":2283:2283"\n      - ":8443:443/udp"\n', 'web');
    expect(web.ports).toEqual([
      { target: 2283, published: 2283, protocol: 'tcp' },
      { target: 443, published: 8443, protocol: 'udp' },
    ]);
  });
});
