import { extensionsOf } from '../../src/compose/normalize/extensions';
import { OverrideTag, ResetTag } from '../../src/compose/yaml-value';
import { load, service } from './helpers';

const web = (...lines: string[]) => service(['services:', '  web:', '    image: nginx:1.27', ...lines.map((l) => `    ${l}`), ''].join('\n'), 'web');

describe('ports and expose', () => {
  test('short syntax', () => {
    expect(
      web('ports:', '  - "8080"', '  - "8081:80"', '  - "127.0.0.1:8082:82/udp"', '  - "[::1]:8083:83"', '  - "127.0.0.1::84"', '  - 85', '  - "86/sctp"').ports,
    ).toEqual([
      { target: 8080, protocol: 'tcp' },
      { target: 80, published: 8081, protocol: 'tcp' },
      { target: 82, published: 8082, hostIp: '127.0.0.1', protocol: 'udp' },
      { target: 83, published: 8083, hostIp: '::1', protocol: 'tcp' },
      { target: 84, hostIp: '127.0.0.1', protocol: 'tcp' },
      { target: 85, protocol: 'tcp' },
      { target: 86, protocol: 'sctp' },
    ]);
  });

  test('ranges', () => {
    expect(web('ports: ["3000-3002", "9090-9091:8080-8081", "8000-8010:80"]').ports).toEqual([
      { target: 3000, protocol: 'tcp' },
      { target: 3001, protocol: 'tcp' },
      { target: 3002, protocol: 'tcp' },
      { target: 8080, published: 9090, protocol: 'tcp' },
      { target: 8081, published: 9091, protocol: 'tcp' },
      { target: 80, published: 8000, publishedEnd: 8010, protocol: 'tcp' },
    ]);
  });

  test('long syntax', () => {
    expect(
      web('ports:', '  - target: 80', '    published: "8080"', '    host_ip: 0.0.0.0', '    protocol: udp', '    name: web', '    app_protocol: http', '    mode: host').ports,
    ).toEqual([{ target: 80, published: 8080, hostIp: '0.0.0.0', protocol: 'udp', name: 'web', appProtocol: 'http', mode: 'host' }]);
  });

  test('expose', () => {
    expect(web('expose: [3000, "4000-4001", "5000/udp"]').expose).toEqual([
      { port: 3000, protocol: 'tcp' },
      { port: 4000, protocol: 'tcp' },
      { port: 4001, protocol: 'tcp' },
      { port: 5000, protocol: 'udp' },
    ]);
  });
});

describe('volumes and tmpfs', () => {
  test('short syntax: named, bind, home, anonymous, options', () => {
    const { project, dir } = load({
      'compose.yaml':
        'services:\n  web:\n    image: nginx:1.27\n    volumes:\n      - data:/data:ro,nocopy\n      - ./conf:/etc/conf\n      - /abs:/abs:rw\n      - /anon\n      - ~/cache:/cache\nvolumes:\n  data:\n',
    });
    const info = (i: number) => ({ file: 'compose.yaml', path: `services.web.volumes[${i}]` });
    expect(project.services.web.volumes).toEqual([
      { type: 'volume', source: 'data', target: '/data', readOnly: true, nocopy: true, sourceInfo: info(0) },
      { type: 'bind', source: `${dir}/conf`, sourceAsWritten: './conf', target: '/etc/conf', readOnly: false, createHostPath: true, sourceInfo: info(1) },
      { type: 'bind', source: '/abs', sourceAsWritten: '/abs', target: '/abs', readOnly: false, createHostPath: true, sourceInfo: info(2) },
      { type: 'volume', target: '/anon', readOnly: false, sourceInfo: info(3) },
      expect.objectContaining({ type: 'bind', sourceAsWritten: '~/cache', target: '/cache' }),
    ]);
  });

  test('long syntax: volume, bind, tmpfs', () => {
    const { project, dir } = load({
      'compose.yaml': [
        'services:',
        '  web:',
        '    image: nginx:1.27',
        '    volumes:',
        '      - type: volume',
        '        source: data',
        '        target: /data',
        '        read_only: true',
        '        volume: {subpath: sub, nocopy: true}',
        '      - type: bind',
        '        source: ./site',
        '        target: /site',
        '        bind: {create_host_path: true}',
        '      - type: tmpfs',
        '        target: /tmp',
        '        tmpfs: {size: 64m, mode: 01777}',
        'volumes:',
        '  data: {}',
        '',
      ].join('\n'),
    });
    const info = (i: number) => ({ file: 'compose.yaml', path: `services.web.volumes[${i}]` });
    expect(project.services.web.volumes).toEqual([
      { type: 'volume', source: 'data', target: '/data', readOnly: true, subpath: 'sub', nocopy: true, sourceInfo: info(0) },
      { type: 'bind', source: `${dir}/site`, sourceAsWritten: './site', target: '/site', readOnly: false, createHostPath: true, sourceInfo: info(1) },
      { type: 'tmpfs', target: '/tmp', readOnly: false, size: 64 * 1024 * 1024, mode: 0o1777, sourceInfo: info(2) },
    ]);
  });

  test('tmpfs as a string or a list with options', () => {
    expect(web('tmpfs: /run').tmpfs).toEqual([{ type: 'tmpfs', target: '/run', readOnly: false, sourceInfo: { file: 'compose.yaml', path: 'services.web.tmpfs' } }]);
    expect(web('tmpfs: ["/run:size=64m,mode=1777", "/cache:ro"]').tmpfs).toEqual([
      { type: 'tmpfs', target: '/run', readOnly: false, size: 67108864, mode: 0o1777, sourceInfo: { file: 'compose.yaml', path: 'services.web.tmpfs[0]' } },
      { type: 'tmpfs', target: '/cache', readOnly: true, sourceInfo: { file: 'compose.yaml', path: 'services.web.tmpfs[1]' } },
    ]);
  });
});

describe('secrets and configs', () => {
  test('short and long grants, default targets, top-level definitions', () => {
    const { project, dir } = load(
      {
        'compose.yaml': [
          'services:',
          '  web:',
          '    image: nginx:1.27',
          '    secrets: [token, {source: cert, target: tls.pem, uid: "1000", gid: "1000", mode: 0440}]',
          '    configs: [nginx, {source: site, target: /etc/site.conf}]',
          'secrets:',
          '  token: {environment: API_TOKEN}',
          '  cert: {file: ./cert.pem}',
          'configs:',
          '  nginx: {external: true, name: shared-nginx}',
          '  site: {content: "server {}"}',
          '',
        ].join('\n'),
      },
      { environment: { API_TOKEN: 'never-copied' } },
    );
    const s = project.services.web;
    expect(s.secrets).toEqual([
      { source: 'token', target: '/run/secrets/token' },
      { source: 'cert', target: '/run/secrets/tls.pem', uid: '1000', gid: '1000', mode: 0o440 },
    ]);
    expect(s.configs).toEqual([
      { source: 'nginx', target: '/nginx' },
      { source: 'site', target: '/etc/site.conf' },
    ]);
    expect(project.secrets).toEqual({
      cert: { name: 'cert', file: `${dir}/cert.pem`, external: false, labels: {}, extensions: {}, source: { file: 'compose.yaml', path: 'secrets.cert' } },
      token: { name: 'token', environment: 'API_TOKEN', external: false, labels: {}, extensions: {}, source: { file: 'compose.yaml', path: 'secrets.token' } },
    });
    expect(project.configs.nginx).toMatchObject({ external: true, externalName: 'shared-nginx' });
    expect(project.configs.site).toMatchObject({ content: 'server {}', external: false });
    expect(JSON.stringify(project.secrets)).not.toContain('never-copied');
  });
});

describe('depends_on, healthcheck, command', () => {
  test('depends_on list and map', () => {
    const { project } = load({
      'compose.yaml':
        'services:\n  db:\n    image: postgres:16\n  cache:\n    image: redis:7\n  a:\n    image: x:1\n    depends_on: [db, cache]\n  b:\n    image: x:1\n    depends_on:\n      db: {condition: service_healthy, restart: true}\n      cache: {condition: service_started, required: false}\n',
    });
    expect(project.services.a.dependsOn).toEqual({
      cache: { condition: 'service_started', required: true, restart: false },
      db: { condition: 'service_started', required: true, restart: false },
    });
    expect(project.services.b.dependsOn).toEqual({
      cache: { condition: 'service_started', required: false, restart: false },
      db: { condition: 'service_healthy', required: true, restart: true },
    });
  });

  test('healthcheck forms', () => {
    expect(web('healthcheck: {test: ["CMD", "curl", "-f", "http://localhost"], interval: 1m30s, timeout: 500ms, retries: 3, start_period: 1h, start_interval: 2s}').healthcheck).toEqual({
      test: [['curl'], ['-f'], ['http://localhost']],
      form: 'CMD',
      disabled: false,
      interval: 90000,
      timeout: 500,
      retries: 3,
      startPeriod: 3600000,
      startInterval: 2000,
    });
    expect(web('healthcheck: {test: ["CMD-SHELL", "pg_isready -U app"]}').healthcheck).toEqual({
      test: [['sh'], ['-c'], ['pg_isready -U app']],
      form: 'CMD-SHELL',
      disabled: false,
    });
    expect(web('healthcheck: {test: "curl -f http://localhost || exit 1"}').healthcheck).toEqual({
      test: [['sh'], ['-c'], ['curl -f http://localhost || exit 1']],
      form: 'string',
      disabled: false,
    });
    expect(web('healthcheck: {test: ["NONE"]}').healthcheck).toEqual({ disabled: true });
    expect(web('healthcheck: {disable: true}').healthcheck).toEqual({ disabled: true });
  });

  test('command and entrypoint: string split like a shell, list kept, empty overrides', () => {
    const s = web(`command: sh -c 'echo "hello $$HOSTNAME"' "a b" c\\ d`, 'entrypoint: ""');
    expect(s.command).toEqual([['sh'], ['-c'], ['echo "hello $HOSTNAME"'], ['a b'], ['c d']]);
    expect(s.entrypoint).toEqual([]);
    expect(web('command: ["a b", "c"]').command).toEqual([['a b'], ['c']]);
    expect(web('command: null').command).toBeUndefined();
  });
});

describe('other attributes', () => {
  test('deploy, resources and units', () => {
    const s = web(
      'deploy:',
      '  mode: replicated',
      '  replicas: 2',
      '  resources:',
      '    limits: {cpus: "1.5", memory: 1.5gb, pids: 100}',
      '    reservations: {cpus: 0.25, memory: 512m}',
      '  restart_policy: {condition: on-failure, delay: 5s, max_attempts: 3, window: 2m}',
      '  update_config: {parallelism: 1, delay: 10s, order: start-first, failure_action: rollback, monitor: 1m, max_failure_ratio: 0.1}',
      '  labels: [tier=web]',
      '  endpoint_mode: vip',
      'mem_limit: 2g',
      'mem_reservation: 1024',
      'cpus: 0.5',
      'shm_size: 64m',
      'stop_grace_period: 1m30s',
    );
    expect(s.deploy).toEqual({
      mode: 'replicated',
      replicas: 2,
      limits: { cpus: 1.5, memory: 1610612736, pids: 100 },
      reservations: { cpus: 0.25, memory: 536870912 },
      restartPolicy: { condition: 'on-failure', delay: 5000, maxAttempts: 3, window: 120000 },
      updateConfig: { parallelism: 1, delay: 10000, order: 'start-first', failureAction: 'rollback', monitor: 60000, maxFailureRatio: 0.1 },
      labels: { tier: 'web' },
      endpointMode: 'vip',
    });
    expect([s.memLimit, s.memReservation, s.cpus, s.shmSize, s.stopGracePeriod]).toEqual([2147483648, 1024, 0.5, 67108864, 90000]);
  });

  test('networks: none listed, list, map with aliases, network_mode', () => {
    const { project } = load({
      'compose.yaml': [
        'services:',
        '  a:',
        '    image: x:1',
        '  b:',
        '    image: x:1',
        '    networks: [front]',
        '  c:',
        '    image: x:1',
        '    networks:',
        '      back: {aliases: [db, database], ipv4_address: 10.0.0.5}',
        '      front:',
        '  d:',
        '    image: x:1',
        '    network_mode: host',
        'networks:',
        '  front: {}',
        '  back: {internal: true, labels: [a=b]}',
        '',
      ].join('\n'),
    });
    expect(project.services.a.networks).toEqual({ default: { aliases: [] } });
    expect(project.services.b.networks).toEqual({ front: { aliases: [] } });
    expect(project.services.c.networks).toEqual({ back: { aliases: ['db', 'database'], ipv4Address: '10.0.0.5' }, front: { aliases: [] } });
    expect(project.services.d.networks).toEqual({});
    expect(project.services.d.networkMode).toBe('host');
    expect(Object.keys(project.networks)).toEqual(['back', 'default', 'front']);
    expect(project.networks.back).toEqual({
      name: 'back',
      external: false,
      internal: true,
      labels: { a: 'b' },
      extensions: {},
      source: { file: 'compose.yaml', path: 'networks.back' },
    });
    expect(project.networks.default.source).toEqual({ file: 'compose.yaml', path: 'networks.default' });
  });

  test('labels, annotations, sysctls, extra_hosts, ulimits, devices, dns, flags', () => {
    const s = web(
      'labels: [b=2, a=1, flag]',
      'annotations: {x: 1}',
      'sysctls: {net.core.somaxconn: 1024}',
      'extra_hosts: ["db:10.0.0.1", "v6=::1", "both:1.1.1.1"]',
      'ulimits: {nofile: {soft: 1024, hard: 2048}, nproc: 65535}',
      'devices: ["/dev/fuse", {source: /dev/sda, target: /dev/xvda, permissions: r}]',
      'dns: 8.8.8.8',
      'cap_add: [NET_ADMIN]',
      'cap_drop: [ALL]',
      'security_opt: ["no-new-privileges:true"]',
      'read_only: true',
      'privileged: false',
      'tty: yes',
      'stdin_open: true',
      'init: true',
      'user: "1000:1000"',
      'working_dir: /app',
      'hostname: web1',
      'stop_signal: SIGQUIT',
      'restart: on-failure:3',
      'pull_policy: always',
      'platform: linux/amd64',
      'container_name: web-1',
      'scale: 2',
      'profiles: []',
      'x-k8s: {expose: true}',
    );
    expect(Object.keys(s.labels)).toEqual(['a', 'b', 'flag']);
    expect(s.labels).toEqual({ a: '1', b: '2', flag: '' });
    expect(s.annotations).toEqual({ x: '1' });
    expect(s.sysctls).toEqual({ 'net.core.somaxconn': '1024' });
    expect(s.extraHosts).toEqual({ both: '1.1.1.1', db: '10.0.0.1', v6: '::1' });
    expect(s.ulimits).toEqual({ nofile: { soft: 1024, hard: 2048 }, nproc: 65535 });
    expect(s.devices).toEqual(['/dev/fuse', '/dev/sda:/dev/xvda:r']);
    expect(s.dns).toEqual(['8.8.8.8']);
    expect([s.capAdd, s.capDrop, s.securityOpt]).toEqual([['NET_ADMIN'], ['ALL'], ['no-new-privileges:true']]);
    expect([s.readOnly, s.privileged, s.tty, s.stdinOpen, s.init]).toEqual([true, false, true, true, true]);
    expect([s.user, s.workingDir, s.hostname, s.stopSignal, s.restart, s.pullPolicy, s.platform, s.containerName, s.scale]).toEqual([
      '1000:1000',
      '/app',
      'web1',
      'SIGQUIT',
      'on-failure:3',
      'always',
      'linux/amd64',
      'web-1',
      2,
    ]);
    expect(s.extensions).toEqual({ 'x-k8s': { expose: true } });
    expect(s.keys).toContain('ulimits');
    expect(s.keys).not.toContain('x-k8s');
  });

  test('build: string and long form; args from the list, the map and the variables', () => {
    const { project, dir } = load(
      {
        'compose.yaml': [
          'services:',
          '  a:',
          '    build: ./app',
          '  b:',
          '    image: b:1',
          '    build:',
          '      context: https://github.com/acme/app.git',
          '      dockerfile: Dockerfile.prod',
          '      target: runtime',
          '      args: [VERSION=1.2, FROM_ENV, UNSET]',
          '',
        ].join('\n'),
      },
      { environment: { FROM_ENV: 'e' } },
    );
    expect(project.services.a.build).toEqual({ context: `${dir}/app`, args: {} });
    expect(project.services.b.build).toEqual({
      context: 'https://github.com/acme/app.git',
      dockerfile: 'Dockerfile.prod',
      target: 'runtime',
      args: { FROM_ENV: 'e', VERSION: '1.2' },
    });
  });

  test('top-level volumes', () => {
    const { project } = load({
      'compose.yaml':
        // Every volume is used: compose drops unused ones (test/compose/conformance-fixes.test.ts).
        'services:\n  s:\n    image: busybox:1.36\n    volumes: [a:/a, b:/b, c:/c, d:/d]\nvolumes:\n  a:\n  b: {external: true, name: real-b}\n  c: {driver: local, driver_opts: {type: nfs, o: "addr=1.2.3.4"}, labels: {k: v}, x-k8s: {size: 5Gi}}\n  d: {external: {name: old-style}}\n',
    });
    expect(project.volumes).toEqual({
      a: { name: 'a', external: false, driverOpts: {}, labels: {}, extensions: {}, source: { file: 'compose.yaml', path: 'volumes.a' } },
      b: { name: 'b', external: true, externalName: 'real-b', driverOpts: {}, labels: {}, extensions: {}, source: { file: 'compose.yaml', path: 'volumes.b' } },
      c: {
        name: 'c',
        external: false,
        driver: 'local',
        driverOpts: { o: 'addr=1.2.3.4', type: 'nfs' },
        labels: { k: 'v' },
        extensions: { 'x-k8s': { size: '5Gi' } },
        source: { file: 'compose.yaml', path: 'volumes.c' },
      },
      d: { name: 'd', external: true, externalName: 'old-style', driverOpts: {}, labels: {}, extensions: {}, source: { file: 'compose.yaml', path: 'volumes.d' } },
    });
  });

  test('the same input always gives the same project, whatever the order of services', () => {
    const a = load({ 'compose.yaml': 'services:\n  b:\n    image: x:1\n  a:\n    image: y:1\n' }).project;
    const b = load({ 'compose.yaml': 'services:\n  a:\n    image: y:1\n  b:\n    image: x:1\n' }).project;
    const strip = (p: typeof a) => JSON.stringify({ ...p, name: '', workingDir: '', variables: [] });
    expect(strip(a)).toBe(strip(b));
    expect(Object.keys(a.services)).toEqual(['a', 'b']);
  });
});

describe('environment entries', () => {
  const entries = (lines: string[], environment: Record<string, string> = {}) =>
    service(['services:', '  web:', '    image: nginx:1.27', ...lines.map((l) => `    ${l}`), ''].join('\n'), 'web', { environment }).environment.map(
      (e) => [e.name, e.value, e.fromVariables, e.form, e.source.path],
    );

  test('a mapping, in written order: strings as templates, other scalars as text, a key alone from the variables', () => {
    expect(entries(['environment:', '  B: b-${V}', '  A: 2', '  C: ~', '  D: true', '  E: !override e'], { V: 'v', C: 'c' })).toEqual([
      ['B', ['b-v'], ['V'], 'mapping', 'services.web.environment.B'],
      ['A', ['2'], [], 'mapping', 'services.web.environment.A'],
      ['C', ['c'], ['C'], 'mapping', 'services.web.environment.C'],
      ['D', ['true'], [], 'mapping', 'services.web.environment.D'],
      ['E', ['e'], [], 'mapping', 'services.web.environment.E'],
    ]);
  });

  test('a list, in written order: KEY=VALUE split at the first "=", KEY alone from the variables, a later entry replacing an earlier one in place', () => {
    expect(entries(['environment:', '  - B=x=y', '  - C', '  - A=1', '  - B=z'], { C: 'c' })).toEqual([
      ['B', ['z'], [], 'list', 'services.web.environment.B'],
      ['C', ['c'], ['C'], 'list', 'services.web.environment.C'],
      ['A', ['1'], [], 'list', 'services.web.environment.A'],
    ]);
  });
});

describe('extensions and string lists', () => {
  test('extensionsOf: only the x- keys, sorted, tags stripped', () => {
    expect(extensionsOf({})).toEqual({});
    const ext = extensionsOf({ image: 'a', 'x-b': new OverrideTag({ k: 1 }), labels: {}, 'x-a': { keep: 1, drop: new ResetTag() } });
    expect(Object.keys(ext)).toEqual(['x-a', 'x-b']);
    expect(ext).toEqual({ 'x-a': { keep: 1 }, 'x-b': { k: 1 } });
  });

  test('a string list written as a list, a scalar or not at all', () => {
    const s = web('cap_add: [NET_ADMIN, SYS_TIME]', 'dns: 8.8.8.8');
    expect([s.capAdd, s.dns, s.capDrop, s.securityOpt, s.profiles]).toEqual([['NET_ADMIN', 'SYS_TIME'], ['8.8.8.8'], [], [], []]);
  });
});
