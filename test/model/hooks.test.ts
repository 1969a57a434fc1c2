import { spawnSync } from 'child_process';
import { compileText, find, mainContainer, podSpecOf } from '../helpers';

const lines = (...l: string[]) => [...l, ''].join('\n');
const warnings = (r: ReturnType<typeof compileText>, prefix: string) => r.warnings.filter((w) => w.path?.startsWith(prefix)).map((w) => `${w.path}: ${w.message}`);

const POST_START_WARNING =
  'services.app.post_start: lifecycle.postStart runs alongside the entrypoint; if it fails, the kubelet kills the container and restarts it according to restartPolicy, and the container is not Running until the hook returns: make it idempotent and quick';

describe('lifecycle hooks', () => {
  test('one plain hook is its command as exec argv; $( is never escaped in a hook', () => {
    const r = compileText(
      lines(
        'name: shop',
        'services:',
        '  app:',
        '    image: postgres:16.4',
        '    command: ["echo", "$$(date)"]',
        '    post_start:',
        '      - command: ["touch", "/tmp/started-$$(hostname)"]',
        '    pre_stop:',
        '      - command: pg_ctl stop -m fast',
        '    stop_grace_period: 45s',
      ),
    );
    const c = mainContainer(find(r, 'Deployment', 'app'));
    expect(c.lifecycle).toEqual({
      postStart: { exec: { command: ['touch', '/tmp/started-$(hostname)'] } },
      preStop: { exec: { command: ['pg_ctl', 'stop', '-m', 'fast'] } },
    });
    // args are expanded by the kubelet, so there the literal $( is escaped.
    expect(c.args).toEqual(['echo', '$$(date)']);
    expect(podSpecOf(find(r, 'Deployment', 'app')).terminationGracePeriodSeconds).toBe(45);
    expect(warnings(r, 'services.app.p')).toEqual([
      POST_START_WARNING,
      'services.app.pre_stop: lifecycle.preStop runs before the container gets SIGTERM, within terminationGracePeriodSeconds (45s, stop_grace_period): the hook and the shutdown share that time, and a hook still running when it ends gets 2 seconds more before the container is killed; raise stop_grace_period if both need longer',
    ]);
  });

  test('several hooks run in order in one sh -c; environment is set for the hook, secrets read from the container env as $VAR', () => {
    const r = compileText(
      lines(
        'name: shop',
        'services:',
        '  app:',
        '    image: acme/app:1.0',
        '    user: "1000:1000"',
        '    post_start:',
        '      - command: ["sh", "-c", "echo $$MODE > /tmp/mode"]',
        '        environment: {MODE: "it\'s warm"}',
        '        working_dir: /srv',
        '      - command: ["curl", "-H", "Authorization: Bearer ${API_TOKEN}", "http://localhost/warm"]',
        '        environment: ["PGPASSWORD=${DB_PASSWORD}"]',
        '        user: root',
        '        privileged: true',
      ),
    );
    const c = mainContainer(find(r, 'Deployment', 'app'));
    const script = `(cd '/srv' && MODE='it'\\''s warm' 'sh' '-c' 'echo $MODE > /tmp/mode') && (PGPASSWORD="\${DB_PASSWORD}" 'curl' '-H' 'Authorization: Bearer '"\${API_TOKEN}" 'http://localhost/warm')`;
    expect(c.lifecycle).toEqual({ postStart: { exec: { command: ['sh', '-c', script] } } });
    expect(spawnSync('sh', ['-n', '-c', script]).status).toBe(0);
    // The secrets the hook reads are container env entries (secretKeyRef), never values; MODE is not.
    expect(c.env).toEqual([
      { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'shop-secrets', key: 'API_TOKEN', optional: false } } },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'shop-secrets', key: 'DB_PASSWORD', optional: false } } },
    ]);
    expect(warnings(r, 'services.app.post_start')).toEqual([
      'services.app.post_start[1].user: the hook runs as the container\'s user (UID 1000), not as "root": Kubernetes runs hooks inside the container with its security context; make the command work as that user',
      'services.app.post_start[1].privileged: the hook runs unprivileged: Kubernetes runs hooks inside the container with its security context (all capabilities dropped); make the command work without privileges',
      'services.app.post_start: runs through sh -c on Kubernetes (several hooks in one exec); the image must have sh (distroless and scratch images have none)',
      POST_START_WARNING,
    ]);
  });

  test('the script does what compose does: each hook in order, its environment for its command only', () => {
    const r = compileText(
      lines(
        'name: shop',
        'services:',
        '  app:',
        '    image: acme/app:1.0',
        '    user: "1000:1000"',
        '    pre_stop:',
        '      - command: ["sh", "-c", "echo first:$$A"]',
        '        environment: {A: one}',
        '        user: "1000"',
        '      - command: ["sh", "-c", "echo second:$${A:-unset}"]',
      ),
    );
    const script = mainContainer(find(r, 'Deployment', 'app')).lifecycle.preStop.exec.command[2];
    expect(spawnSync('sh', ['-c', script], { encoding: 'utf8' }).stdout).toBe('first:one\nsecond:unset\n');
    // A hook user that is the container's UID needs no warning.
    expect(warnings(r, 'services.app.pre_stop').filter((w) => w.includes('.user'))).toEqual([]);
    expect(warnings(r, 'services.app.pre_stop')).toContain(
      'services.app.pre_stop: lifecycle.preStop runs before the container gets SIGTERM, within terminationGracePeriodSeconds (30s, the default, stop_grace_period not set): the hook and the shutdown share that time, and a hook still running when it ends gets 2 seconds more before the container is killed; raise stop_grace_period if both need longer',
    );
  });
});
