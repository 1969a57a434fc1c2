import * as fs from 'fs';
import * as path from 'path';
import { NOT_TRANSLATED, TRANSLATED } from '../../src/model/untranslated';
import { ROOT, compileText, find, mainContainer, podSpecOf, type Any } from '../helpers';

/** The Compose Specification's JSON schema, vendored (compose-spec, 2026-06). */
const SPEC = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/compose-spec.json'), 'utf8'));
const SPEC_KEYS: string[] = Object.keys(SPEC.definitions.service.properties).sort();

/** A valid value of every key that is not translated (one service holds them all; provider has its own). */
const SAMPLES: Readonly<Record<string, string>> = {
  attach: 'false',
  blkio_config: '{weight: 300}',
  cgroup: 'private',
  cgroup_parent: 'm-executor',
  container_name: 'api-1',
  cpu_count: '2',
  cpu_percent: '50',
  cpu_period: '100000',
  cpu_quota: '50000',
  cpu_rt_period: '1000000',
  cpu_rt_runtime: '950000',
  cpu_shares: '512',
  cpuset: '"0,1"',
  credential_spec: '{file: spec.json}',
  develop: '{watch: [{action: sync, path: ./src, target: /app}]}',
  device_cgroup_rules: '["c 1:3 mr"]',
  dns: '1.1.1.1',
  dns_opt: '[use-vc]',
  dns_search: 'example.com',
  domainname: 'example.com',
  external_links: '[redis_1]',
  group_add: '["1001"]',
  hostname: 'api',
  init: 'true',
  isolation: 'default',
  logging: '{driver: json-file}',
  mac_address: '"02:42:ac:11:65:43"',
  mem_swappiness: '0',
  memswap_limit: '1g',
  models: '[llm]',
  oom_kill_disable: 'true',
  oom_score_adj: '100',
  pids_limit: '100',
  platform: 'linux/amd64',
  pull_refresh_after: '1h',
  runtime: 'runc',
  stop_signal: 'SIGQUIT',
  storage_opt: '{size: 1G}',
  ulimits: '{nofile: 1024}',
  userns_mode: 'host',
  uts: 'host',
  volumes_from: '[cache]',
};

describe('every service key of the Compose Specification', () => {
  test('the vendored schema has the 92 service keys of compose-spec 2026-06', () => {
    expect(SPEC_KEYS).toHaveLength(92);
  });

  test('each key is either translated (a named output field) or not translated with a message, never both, never neither', () => {
    const translated = Object.keys(TRANSLATED);
    const warned = Object.keys(NOT_TRANSLATED);
    expect(translated.filter((k) => warned.includes(k))).toEqual([]);
    // A key the schema adds later fails here until it is placed in one of the two tables.
    expect(SPEC_KEYS.filter((k) => !translated.includes(k) && !warned.includes(k))).toEqual([]);
    expect([...translated, ...warned].filter((k) => !SPEC_KEYS.includes(k))).toEqual([]);
    for (const k of translated) expect(TRANSLATED[k]).toMatch(/\S/);
  });

  test('each key that is not translated gives exactly its warning, at its path', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(Object.keys(NOT_TRANSLATED).filter((k) => k !== 'provider').sort());
    const compose = [
      'name: shop',
      'models:',
      '  llm: {model: ai/smollm2}',
      'services:',
      '  api:',
      '    image: acme/api:1.0',
      '    user: "1000:1000"',
      ...Object.entries(SAMPLES).map(([k, v]) => `    ${k}: ${v}`),
      '  cache:',
      '    image: redis:7.4.1',
      '  cloud:',
      '    provider: {type: awesomecloud, options: {type: mysql}}',
      '',
    ].join('\n');
    const r = compileText(compose);
    const notTranslated = r.warnings.filter((w) => w.message.startsWith('not translated: ')).map((w) => `${w.path}: ${w.message}`);
    expect(notTranslated.sort()).toEqual(
      [...Object.keys(SAMPLES).map((k) => `services.api.${k}: not translated: ${NOT_TRANSLATED[k]}`), `services.cloud.provider: not translated: ${NOT_TRANSLATED.provider}`].sort(),
    );
    // The provider service becomes no workload.
    expect(r.objects.filter((o) => o.metadata.name === 'cloud')).toEqual([]);
  });

  test('two services with the same keys each get the warnings of their keys, at their own paths', () => {
    const r = compileText(`name: t
services:
  a: {image: nginx:1.27.3, hostname: a, init: true, stop_signal: SIGQUIT}
  b: {image: nginx:1.27.3, init: true, hostname: b, x-note: 1}
`);
    const paths = r.warnings.filter((w) => w.message.startsWith('not translated:')).map((w) => `${w.path} ${w.message}`);
    for (const svc of ['a', 'b']) {
      for (const k of ['hostname', 'init']) expect(paths).toContain(`services.${svc}.${k} not translated: ${NOT_TRANSLATED[k]}`);
    }
    expect(paths).toContain(`services.a.stop_signal not translated: ${NOT_TRANSLATED.stop_signal}`);
    expect(paths.filter((p) => p.startsWith('services.b.'))).toHaveLength(2);
  });

  test('messages name the Kubernetes way where one exists', () => {
    expect(NOT_TRANSLATED.init).toContain('shareProcessNamespace');
    expect(NOT_TRANSLATED.init).toContain('tini');
    expect(NOT_TRANSLATED.stop_signal).toContain('lifecycle.stopSignal is alpha in Kubernetes 1.33 and needs spec.os.name');
  });
});

describe('values of translated keys', () => {
  test('sysctls of the safe set of Kubernetes 1.28 are rendered in the pod; others warn', () => {
    const r = compileText(
      [
        'name: shop',
        'services:',
        '  proxy:',
        '    image: acme/proxy:1.0',
        '    user: "101:101"',
        '    ports: ["80:80"]',
        '    sysctls:',
        '      net.ipv4.ip_local_port_range: "1024 65000"',
        '      net.ipv4.tcp_syncookies: 1',
        '      net.core.somaxconn: 1024',
        '',
      ].join('\n'),
    );
    expect(podSpecOf(find(r, 'Deployment', 'proxy')).securityContext.sysctls).toEqual([
      { name: 'net.ipv4.ip_local_port_range', value: '1024 65000' },
      { name: 'net.ipv4.ip_unprivileged_port_start', value: '0' },
      { name: 'net.ipv4.tcp_syncookies', value: '1' },
    ]);
    expect(r.warnings.filter((w) => w.path?.includes('sysctls')).map((w) => `${w.path}: ${w.message}`)).toEqual([
      'services.proxy.sysctls.net.core.somaxconn: not translated: "net.core.somaxconn" is not in the safe set of Kubernetes 1.28 (kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.ip_local_reserved_ports, net.ipv4.ip_unprivileged_port_start, net.ipv4.ping_group_range, net.ipv4.tcp_syncookies); others need the kubelet\'s --allowed-unsafe-sysctls and Pod Security "privileged", or a node setting',
    ]);
  });

  test('pull_policy: periodic policies become Always with a warning; missing and build become IfNotPresent', () => {
    const r = compileText(
      ['name: shop', 'services:', '  a: {image: "acme/a:1.0", pull_policy: daily}', '  b: {image: "acme/b:1.0", pull_policy: every_12h}', '  c: {image: "acme/c:1.0", pull_policy: missing}', '  d: {image: "acme/d:1.0", pull_policy: always}', ''].join('\n'),
    );
    expect(['a', 'b', 'c', 'd'].map((n) => mainContainer(find(r, 'Deployment', n)).imagePullPolicy)).toEqual(['Always', 'Always', 'IfNotPresent', 'Always']);
    expect(r.warnings.filter((w) => w.path?.endsWith('pull_policy')).map((w) => `${w.path}: ${w.message}`)).toEqual([
      'services.a.pull_policy: pull_policy "daily" becomes imagePullPolicy Always: Kubernetes has no periodic pull, and Always checks the registry at every container start (pulling only a changed digest); pin a tag or digest to control updates',
      'services.b.pull_policy: pull_policy "every_12h" becomes imagePullPolicy Always: Kubernetes has no periodic pull, and Always checks the registry at every container start (pulling only a changed digest); pin a tag or digest to control updates',
    ]);
  });

  test('security_opt values the security context does not cover warn; pid/ipc of another service warn', () => {
    const r = compileText(['name: shop', 'services:', '  a:', '    image: "acme/a:1.0"', '    security_opt: ["no-new-privileges:true", "label:type:svirt_apache_t"]', '    ipc: "service:b"', '  b: {image: "acme/b:1.0"}', ''].join('\n'));
    expect(r.warnings.filter((w) => w.path?.startsWith('services.a.security_opt') || w.path === 'services.a.ipc').map((w) => `${w.path}: ${w.message}`)).toEqual([
      'services.a.security_opt[1]: not translated: "label:type:svirt_apache_t"; the container runs with the RuntimeDefault seccomp profile, allowPrivilegeEscalation: false and the runtime\'s default SELinux/AppArmor labels',
      'services.a.ipc: not translated: ipc "service:b"; each pod has its own IPC namespace, shared by its containers only; separate services cannot share one',
    ]);
  });
});

describe('deploy details', () => {
  test('deploy.labels become annotations; rollout and restart timings that Kubernetes does not have warn', () => {
    const r = compileText(
      [
        'name: shop',
        'services:',
        '  a:',
        '    image: "acme/a:1.0"',
        '    labels: {team: web}',
        '    deploy:',
        '      labels: {com.example.tier: front, team: ignored}',
        '      update_config: {delay: 10s, failure_action: rollback}',
        '      restart_policy: {condition: any, delay: 5s}',
        '',
      ].join('\n'),
    );
    expect((find(r, 'Deployment', 'a') as Any).metadata.annotations).toMatchObject({ 'com.example.tier': 'front', team: 'web' });
    expect(r.warnings.filter((w) => w.path?.startsWith('services.a.deploy')).map((w) => `${w.path}: ${w.message}`)).toEqual([
      'services.a.deploy.update_config.delay: not translated: a rollout replaces pods as soon as the new ones are ready; set minReadySeconds in a kustomize patch to wait between them',
      'services.a.deploy.update_config.failure_action: not translated: a Deployment never rolls back by itself (a stuck rollout is marked failed after progressDeadlineSeconds); roll back with kubectl rollout undo or your GitOps tool',
      "services.a.deploy.restart_policy.delay: not translated: Kubernetes retries with its own exponential back-off (a container restart: 10s doubling up to 5 minutes; a Job's new pod: 10s doubling up to 6 minutes)",
    ]);
  });
});
