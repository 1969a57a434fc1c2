import { Diagnostics } from '../../src/diagnostics';
import { ValidationContext, anything, list, mapOf, object, str, validateAt, type Check } from '../../src/compose/schema/validators';
import { OverrideTag, ResetTag, type YamlValue } from '../../src/compose/yaml-value';
import { errors, failure, load } from './helpers';

/** The errors of a compose.yaml whose single service `web` has the given lines. */
const webErrors = (...lines: string[]) =>
  errors({ 'compose.yaml': ['services:', '  web:', '    image: nginx:1.27', ...lines.map((l) => `    ${l}`), ''].join('\n') });

describe('schema validation', () => {
  test('ports: 8080 is not a list', () => {
    expect(webErrors('ports: 8080')).toEqual(['error: compose.yaml: services.web.ports: invalid value 8080; expected a list of ports']);
  });

  test('replicas: "three" is not an integer', () => {
    expect(webErrors('deploy:', '  replicas: "three"')).toEqual([
      'error: compose.yaml: services.web.deploy.replicas: invalid value "three"; expected an integer of at least 0',
    ]);
  });

  test('an unknown key is an error, with a hint when a known key is close', () => {
    expect(webErrors('deploy:', '  replicaz: 2')).toEqual([
      'error: compose.yaml: services.web.deploy: unknown key "replicaz"; did you mean "replicas"?',
    ]);
    expect(webErrors('enviroment: {}')).toEqual(['error: compose.yaml: services.web: unknown key "enviroment"; did you mean "environment"?']);
    expect(errors({ 'compose.yaml': 'servics: {}\n' })).toEqual(['error: compose.yaml: unknown key "servics"; did you mean "services"?']);
    expect(webErrors('healthcheck:', '  whatever: 1')).toEqual([
      'error: compose.yaml: services.web.healthcheck: unknown key "whatever"; expected one of: disable, interval, retries, test, timeout, start_period, start_interval or an "x-" extension',
    ]);
  });

  test('x- keys are allowed where compose allows extensions', () => {
    expect(load({ 'compose.yaml': 'x-top: 1\nservices:\n  web:\n    image: nginx:1.27\n    x-k8s: {a: 1}\n    deploy:\n      x-note: 1\n' }).warnings).toEqual([]);
  });

  test('an invalid duration', () => {
    expect(webErrors('healthcheck:', '  test: ["CMD", "true"]', '  interval: soon', '  timeout: 10')).toEqual([
      'error: compose.yaml: services.web.healthcheck.interval: invalid duration "soon"; expected a duration like "10s" or "1m30s"',
      'error: compose.yaml: services.web.healthcheck.timeout: invalid duration 10; expected a duration like "10s" or "1m30s"',
    ]);
  });

  test('ports out of range or malformed', () => {
    expect(webErrors('ports:', '  - "70000:80"', '  - "8080:0"', '  - 99999', '  - "80/xyz"', '  - target: 0')).toEqual([
      'error: compose.yaml: services.web.ports[0]: invalid port "70000:80"; expected a port like "8080", "8080:80" or "127.0.0.1:8080:80/udp" with port numbers from 1 to 65535',
      'error: compose.yaml: services.web.ports[1]: invalid port "8080:0"; expected a port like "8080", "8080:80" or "127.0.0.1:8080:80/udp" with port numbers from 1 to 65535',
      'error: compose.yaml: services.web.ports[2]: invalid port 99999; expected a port like "8080", "8080:80" or "127.0.0.1:8080:80/udp" with port numbers from 1 to 65535',
      'error: compose.yaml: services.web.ports[3]: invalid port "80/xyz"; expected a port like "8080", "8080:80" or "127.0.0.1:8080:80/udp" with port numbers from 1 to 65535',
      'error: compose.yaml: services.web.ports[4].target: invalid port 0; expected a port number from 1 to 65535',
    ]);
  });

  test('an invalid service name', () => {
    expect(errors({ 'compose.yaml': 'services:\n  "web app":\n    image: nginx:1.27\n' })).toEqual([
      'error: compose.yaml: services: invalid service name "web app"; expected letters, digits, ".", "_" and "-" only',
    ]);
  });

  test('depends_on an unknown service', () => {
    expect(webErrors('depends_on: [dbb]').concat(webErrors('depends_on: [cache]'))).toEqual([
      'error: compose.yaml: services.web.depends_on: unknown service "dbb"; expected one of the services: web',
      'error: compose.yaml: services.web.depends_on: unknown service "cache"; expected one of the services: web',
    ]);
    expect(errors({ 'compose.yaml': 'services:\n  db:\n    image: postgres:16\n  web:\n    image: nginx:1.27\n    depends_on: [dbb]\n' })).toEqual([
      'error: compose.yaml: services.web.depends_on: unknown service "dbb"; did you mean "db"?',
    ]);
  });

  test('cycles are followed through each dependency once, in name order, written and implicit alike', () => {
    expect(
      errors({
        'compose.yaml':
          'services:\n  a:\n    image: x:1\n    depends_on: [c, b]\n    links: [b, "b:bee"]\n  b:\n    image: x:1\n    depends_on: [a]\n  c:\n    image: x:1\n    volumes_from: [a, "container:other"]\n',
      }),
    ).toEqual([
      'error: compose.yaml: services.a.depends_on: dependency cycle a -> b -> a; remove one of these dependencies',
      'error: compose.yaml: services.a.depends_on: dependency cycle a -> c -> a; remove one of these dependencies',
    ]);
  });

  test('a depends_on cycle names the cycle', () => {
    expect(
      errors({
        'compose.yaml':
          'services:\n  a:\n    image: x:1\n    depends_on: [b]\n  b:\n    image: x:1\n    depends_on: [c]\n  c:\n    image: x:1\n    depends_on: [a]\n  d:\n    image: x:1\n    depends_on: [d]\n',
      }),
    ).toEqual([
      'error: compose.yaml: services.a.depends_on: dependency cycle a -> b -> c -> a; remove one of these dependencies',
      'error: compose.yaml: services.d.depends_on: dependency cycle d -> d; remove one of these dependencies',
    ]);
  });

  test('undeclared volumes, networks, secrets and configs', () => {
    expect(webErrors('volumes: ["data:/data"]', 'networks: [front]', 'secrets: [token]', 'configs: [conf]')).toEqual([
      'error: compose.yaml: services.web.volumes[0]: unknown volume "data"; declare it under the top-level "volumes:"',
      'error: compose.yaml: services.web.networks: unknown network "front"; declare it under the top-level "networks:"',
      'error: compose.yaml: services.web.secrets[0]: unknown secret "token"; declare it under the top-level "secrets:"',
      'error: compose.yaml: services.web.configs[0]: unknown config "conf"; declare it under the top-level "configs:"',
    ]);
  });

  test('a service needs an image or a build', () => {
    expect(errors({ 'compose.yaml': 'services:\n  web:\n    restart: always\n' })).toEqual([
      'error: compose.yaml: services.web: missing key "image"; expected "image", "build" or "provider"',
    ]);
  });

  test('byte sizes, CPU counts, booleans and restart policies', () => {
    expect(webErrors('mem_limit: 2 gigs', 'cpus: two', 'read_only: maybe', 'restart: sometimes', 'shm_size: -1')).toEqual([
      'error: compose.yaml: services.web.mem_limit: invalid byte size "2 gigs"; expected a size like "512m", "2g" or a number of bytes',
      'error: compose.yaml: services.web.cpus: invalid CPU count "two"; expected a number of CPUs like 0.5 or "2"',
      'error: compose.yaml: services.web.read_only: invalid value "maybe"; expected true or false',
      'error: compose.yaml: services.web.restart: invalid restart policy "sometimes"; expected "no", "always", "on-failure[:N]" or "unless-stopped"',
      'error: compose.yaml: services.web.shm_size: invalid byte size -1; expected a size like "512m", "2g" or a number of bytes',
    ]);
  });

  test('volumes, tmpfs, depends_on conditions and healthcheck tests', () => {
    expect(
      webErrors(
        'volumes: ["data", "data:relative/path", {type: bind, target: /x}]',
        'tmpfs: run',
        'depends_on: {web: {condition: started}}',
        'healthcheck: {test: ["curl", "-f", "x"]}',
      ),
    ).toEqual([
      'error: compose.yaml: services.web.volumes[0]: invalid volume "data"; expected [SOURCE:]TARGET[:ro] with an absolute TARGET path, like "data:/var/lib/data" or "./conf:/etc/app:ro"',
      'error: compose.yaml: services.web.volumes[1]: invalid volume "data:relative/path"; expected [SOURCE:]TARGET[:ro] with an absolute TARGET path, like "data:/var/lib/data" or "./conf:/etc/app:ro"',
      'error: compose.yaml: services.web.volumes[2]: missing key "source"; it is required for a bind mount',
      'error: compose.yaml: services.web.tmpfs: invalid tmpfs "run"; expected an absolute path with optional options, like "/run" or "/run:size=64m,mode=1777"',
      'error: compose.yaml: services.web.depends_on.web.condition: invalid value "started"; expected one of: service_started, service_healthy, service_completed_successfully',
      'error: compose.yaml: services.web.healthcheck.test[0]: invalid healthcheck test form "curl"; expected "CMD", "CMD-SHELL" or "NONE" first',
      // The reference check runs in the same run: web waits on itself.
      'error: compose.yaml: services.web.depends_on: dependency cycle web -> web; remove one of these dependencies',
    ]);
  });

  test('top-level secrets need exactly one source', () => {
    expect(errors({ 'compose.yaml': 'services: {}\nsecrets:\n  a: {}\n  b:\n    file: ./b\n    environment: B\n' })).toEqual([
      'error: compose.yaml: secrets.a: missing source; expected one of "file", "environment" or "external"',
      'error: compose.yaml: secrets.b: conflicting sources "file" and "environment"; expected only one of "file", "environment" or "external"',
    ]);
  });

  test('every problem is reported, from every file, before failing', () => {
    const lines = failure(
      {
        'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    ports: 8080\n    deploy:\n      replicas: three\n',
        'override.yaml': 'version: "3.8"\nservices:\n  web:\n    stop_grace_period: later\n',
      },
      { files: ['compose.yaml', 'override.yaml'] },
    );
    expect(lines).toEqual([
      'error: compose.yaml: services.web.ports: invalid value 8080; expected a list of ports',
      'error: compose.yaml: services.web.deploy.replicas: invalid value "three"; expected an integer of at least 0',
      'warning: override.yaml: version: the top-level "version" is obsolete and ignored; remove it',
      'error: override.yaml: services.web.stop_grace_period: invalid duration "later"; expected a duration like "10s" or "1m30s"',
    ]);
  });

  test('include must be a list of paths or mappings with "path"', () => {
    expect(errors({ 'compose.yaml': 'include: other.yaml\nservices: {}\n' })).toEqual([
      'error: compose.yaml: include: invalid value "other.yaml"; expected a list',
    ]);
  });

  test('numeric strings are accepted where compose casts them', () => {
    const { project } = load({ 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    deploy:\n      replicas: "3"\n    init: "true"\n' });
    expect(project.services.web.deploy?.replicas).toBe(3);
    expect(project.services.web.init).toBe(true);
  });
});

describe('the validators on their own', () => {
  const run = (check: Check, value: YamlValue): string[] => {
    const diags = new Diagnostics();
    validateAt(check, value, 'p', new ValidationContext('f.yaml', diags));
    return diags.all.map((d) => `${d.path ?? ''}: ${d.message}`);
  };

  test('a list of unique values: strings and numbers apart, 0 and -0 one value, NaN repeated, tags read through', () => {
    expect(run(list(anything, { unique: true }), ['1', 1, 'a', 1, 'a', 0, -0, NaN, NaN, new OverrideTag('1'), true, true, null, null])).toEqual([
      'p[3]: duplicate value 1; expected each value once',
      'p[4]: duplicate value "a"; expected each value once',
      'p[6]: duplicate value 0; expected each value once',
      'p[8]: duplicate value NaN; expected each value once',
      'p[9]: duplicate value "1"; expected each value once',
    ]);
    expect(run(list(anything), ['a', 'a'])).toEqual([]);
  });

  test('a mapping of known keys: an inherited name is an unknown key, keys are checked in their order, !reset is skipped', () => {
    const check = object({ a: str(), b: str() });
    expect(run(check, { b: 1, constructor: 'x', toString: 'y', a: 2, c: new ResetTag() })).toEqual([
      'p.b: invalid value 1; expected a string',
      'p: unknown key "constructor"; expected one of: a, b or an "x-" extension',
      'p: unknown key "toString"; expected one of: a, b or an "x-" extension',
      'p.a: invalid value 2; expected a string',
      'p: unknown key "c"; did you mean "a"?',
    ]);
    expect(run(check, { a: new ResetTag(), b: new OverrideTag('ok') })).toEqual([]);
    expect(run(mapOf(str()), { z: 1, y: 'ok', x: 2 })).toEqual(['p.z: invalid value 1; expected a string', 'p.x: invalid value 2; expected a string']);
  });
});
