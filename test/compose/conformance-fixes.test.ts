/**
 * Regressions found by `npm run test:conformance` (test/conformance): places where the front end
 * read a project differently from `docker compose config`. Each test names what compose does.
 */
import { errors, load } from './helpers';

describe('read as docker compose config reads it', () => {
  test('top-level volumes, networks, secrets and configs no active service uses are dropped (compose: WithoutUnnecessaryResources)', () => {
    const { project } = load({
      'compose.yaml': [
        'services:',
        '  web:',
        '    image: nginx:1.27',
        '    volumes: [data:/data]',
        '    secrets: [used]',
        '    networks: [front]',
        '  debug:',
        '    image: busybox:1.36',
        '    profiles: [debug]',
        '    volumes: [debugdata:/data]',
        '    configs: [dbg]',
        'volumes: {data: {}, unused: {}, debugdata: {}}',
        'networks: {front: {}, back: {}}',
        'secrets: {used: {file: ./a.txt}, spare: {file: ./b.txt}}',
        'configs: {dbg: {content: x}, other: {content: y}}',
        '',
      ].join('\n'),
      'a.txt': 'a\n',
      'b.txt': 'b\n',
    });
    expect(Object.keys(project.volumes)).toEqual(['data']);
    expect(Object.keys(project.networks)).toEqual(['front']);
    expect(Object.keys(project.secrets)).toEqual(['used']);
    expect(Object.keys(project.configs)).toEqual([]);
  });

  test('links are kept, and links, network_mode: service:X and volumes_from add the dependencies compose adds', () => {
    const { project } = load({
      'compose.yaml': [
        'services:',
        '  db: {image: "postgres:16"}',
        '  cache: {image: "redis:7"}',
        '  files: {image: "busybox:1.36"}',
        '  web:',
        '    image: nginx:1.27',
        '    links: ["db:database", cache]',
        '    volumes_from: [files]',
        '    depends_on: {cache: {condition: service_healthy}}',
        '  sidecar:',
        '    image: busybox:1.36',
        '    network_mode: service:web',
        '',
      ].join('\n'),
    });
    expect(project.services.web.links).toEqual(['db:database', 'cache']);
    expect(project.services.web.dependsOn).toEqual({
      cache: { condition: 'service_healthy', required: true, restart: false },
      db: { condition: 'service_started', required: true, restart: true },
      files: { condition: 'service_started', required: true, restart: false },
    });
    expect(project.services.sidecar.dependsOn).toEqual({ web: { condition: 'service_started', required: true, restart: true } });
  });

  test('a host port range to one container port keeps the range', () => {
    const { project } = load({ 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    ports: ["8000-8002:80", "9000-9001:9000-9001"]\n' });
    expect(project.services.web.ports.map((p) => [p.published, p.publishedEnd, p.target])).toEqual([
      [8000, 8002, 80],
      [9000, undefined, 9000],
      [9001, undefined, 9001],
    ]);
  });

  test('sizes take the suffixes docker accepts: "256Mi" is refused, "2GiB" and "64mb" are not', () => {
    expect(errors({ 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    mem_limit: 256Mi\n' })).toEqual([
      'error: compose.yaml: services.web.mem_limit: invalid byte size "256Mi"; expected a size like "512m", "2g" or a number of bytes',
    ]);
    const { project } = load({ 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    mem_limit: 2GiB\n    shm_size: 64mb\n' });
    expect([project.services.web.memLimit, project.services.web.shmSize]).toEqual([2 * 1024 ** 3, 64 * 1024 ** 2]);
  });

  test('deploy.resources memory must be a string, as compose\'s schema says (mem_limit may be a number)', () => {
    expect(errors({ 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    deploy: {resources: {limits: {memory: 67108864}}}\n' }).join('\n')).toContain(
      'services.web.deploy.resources.limits.memory',
    );
    expect(load({ 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    mem_limit: 67108864\n' }).project.services.web.memLimit).toBe(67108864);
  });

  test('-p and COMPOSE_PROJECT_NAME must already be valid names (compose refuses them); name: is normalized', () => {
    const files = { 'compose.yaml': 'name: From_File\nservices: {}\n' };
    expect(errors(files, { projectName: 'My-App' })).toEqual([
      'error: invalid project name (-p) "My-App"; expected lowercase letters, digits, "_" and "-", starting with a letter or a digit',
    ]);
    expect(errors(files, { environment: { COMPOSE_PROJECT_NAME: 'env name' } })).toEqual([
      'error: invalid COMPOSE_PROJECT_NAME "env name"; expected lowercase letters, digits, "_" and "-", starting with a letter or a digit',
    ]);
    expect(load(files).project.name).toBe('from_file');
  });

  test('a list entry written twice is kept once, the last one in the place of the first (compose: EnforceUnicity)', () => {
    const { project } = load({
      'compose.yaml': [
        'services:',
        '  web:',
        '    image: nginx:1.27',
        '    environment: [A=1, B=2, A=3]',
        '    ports: ["8080:80", "8080:80", "9090:90"]',
        '    expose: ["3000", "3000", 4000]',
        '    volumes: ["a:/data", "b:/data:ro"]',
        'volumes: {a: {}, b: {}}',
        '',
      ].join('\n'),
    });
    const web = project.services.web;
    expect(web.environment.map((e) => [e.name, e.value])).toEqual([
      ['A', ['3']],
      ['B', ['2']],
    ]);
    expect(web.ports.map((p) => p.published)).toEqual([8080, 9090]);
    expect(web.expose.map((e) => e.port)).toEqual([3000, 4000]);
    expect(web.volumes.map((v) => [v.type === 'volume' ? v.source : '', v.target, v.readOnly])).toEqual([['b', '/data', true]]);
  });

  test('a cycle made by links or volumes_from is a dependency cycle, as in compose', () => {
    expect(errors({ 'compose.yaml': 'services:\n  a: {image: "busybox:1.36", links: [b]}\n  b: {image: "busybox:1.36", volumes_from: [a]}\n' })).toEqual([
      'error: compose.yaml: services.a.depends_on: dependency cycle a -> b -> a; remove one of these dependencies',
    ]);
  });

  test('a long-syntax bind with a bind: mapping creates its host path unless create_host_path is false (compose-go default)', () => {
    const { project } = load({
      'compose.yaml': [
        'services:',
        '  web:',
        '    image: nginx:1.27',
        '    volumes:',
        '      - {type: bind, source: ./a, target: /a, bind: {selinux: z}}',
        '      - {type: bind, source: ./b, target: /b, bind: {create_host_path: false}}',
        '      - {type: bind, source: ./c, target: /c}',
        '',
      ].join('\n'),
      'a/x': '',
      'b/x': '',
      'c/x': '',
    });
    expect(project.services.web.volumes.map((v) => (v.type === 'bind' ? v.createHostPath : undefined))).toEqual([true, false, false]);
  });
});
