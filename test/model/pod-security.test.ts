/**
 * Host access by opt-in (x-k8s.podSecurity): each key that Pod Security "restricted" forbids names
 * the lowest level that allows it; with the opt-in the keys are rendered; the Namespace and the
 * report say which level the namespace needs. The Docker API socket is refused in every mode.
 */
import { UserError, formatDiagnostic } from '../../src/diagnostics';
import { Any, compileText, find, mainContainer, podSpecOf } from '../helpers';

const NAMED = 'name: edge\nservices:\n';

/** The error lines of a compose text that must fail. */
function errorsOf(services: string, options = {}): string[] {
  try {
    compileText(`${NAMED}${services}`, options);
  } catch (e) {
    if (e instanceof UserError) return e.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
    throw e;
  }
  throw new Error('expected the compile to fail');
}

const opt = (level: string, service = 'vpn') => `set x-k8s: {podSecurity: ${level}} on service ${service} if its namespace allows ${level} pods`;
const BASELINE_LIST = 'AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT';

describe('without the opt-in, each key names the lowest level that allows it', () => {
  test('every forbidden key, one run', () => {
    const errors = errorsOf(`  vpn:
    image: qmcgaw/gluetun:v3.39.1
    user: root
    cap_add: [CHOWN, NET_ADMIN, NET_BIND_SERVICE]
    privileged: true
    network_mode: host
    pid: host
    ipc: host
    devices: ["/dev/net/tun"]
    security_opt: ["seccomp:unconfined"]
    volumes: ["/lib/modules:/lib/modules:ro", "/:/host:ro"]
`);
    const at = (p: string) => `error: compose.yaml: services.vpn.${p}: `;
    expect(errors).toEqual([
      `${at('privileged')}privileged: true needs Pod Security "privileged" (the container gets every capability and device of the node); remove it, or ${opt('privileged')}`,
      `${at('network_mode')}network_mode "host" needs Pod Security "privileged" (the pod shares the node's network); remove it, or ${opt('privileged')}`,
      `${at('pid')}pid "host" needs Pod Security "privileged" (the pod sees the node's processes); remove it, or ${opt('privileged')}`,
      `${at('ipc')}ipc "host" needs Pod Security "privileged" (the pod shares the node's IPC namespace); remove it, or ${opt('privileged')}`,
      `${at('security_opt[0]')}"seccomp:unconfined" needs Pod Security "privileged" (baseline requires the RuntimeDefault seccomp profile); remove it, or ${opt('privileged')}`,
      `${at('cap_add[0]')}capability "CHOWN" needs Pod Security "baseline" (restricted allows adding only NET_BIND_SERVICE); remove it, or ${opt('baseline')}`,
      `${at('cap_add[1]')}capability "NET_ADMIN" needs Pod Security "privileged" (baseline allows adding only ${BASELINE_LIST}); remove it, or ${opt('privileged')}`,
      `${at('user')}user "root" (root) needs Pod Security "baseline" (restricted forbids root); use the non-root UID:GID the image provides (e.g. "1000:1000"), or ${opt('baseline')}`,
      `${at('volumes[0]')}bind mount of the node's system path "/lib/modules" needs Pod Security "privileged" (/lib/modules belongs to the node; only a hostPath volume can mount it); remove it, or ${opt('privileged')}`,
      `${at('volumes[1]')}bind mount of the node's system path "/" needs Pod Security "privileged" (the root of the node; only a hostPath volume can mount it); remove it, or ${opt('privileged')}`,
      `${at('devices[0]')}device "/dev/net/tun" needs Pod Security "privileged" (Kubernetes mounts a device node only as a hostPath volume of a privileged container, or through a device plugin); remove it (or give the device through a device plugin), or ${opt('privileged')}`,
    ]);
  });

  test('UID 0 and root with a group need baseline', () => {
    expect(errorsOf('  vpn:\n    image: nginx:1.27\n    user: "0:0"\n')).toEqual([
      `error: compose.yaml: services.vpn.user: user "0:0" (root) needs Pod Security "baseline" (restricted forbids root); use the non-root UID:GID the image provides (e.g. "1000:1000"), or ${opt('baseline')}`,
    ]);
    expect(errorsOf('  vpn:\n    image: nginx:1.27\n    user: "root:wheel"\n')[0]).toContain('user "root:wheel" (root) needs Pod Security "baseline"');
  });

  test('an opt-in that is too low names the level needed', () => {
    expect(errorsOf('  vpn:\n    image: nginx:1.27\n    cap_add: [SYS_ADMIN]\n    x-k8s: {podSecurity: baseline}\n')).toEqual([
      `error: compose.yaml: services.vpn.cap_add[0]: capability "SYS_ADMIN" needs Pod Security "privileged" (baseline allows adding only ${BASELINE_LIST}), but x-k8s.podSecurity is "baseline"; ${opt('privileged')}, or remove it`,
    ]);
  });

  test('an unknown level is an error with the choices', () => {
    expect(errorsOf('  vpn:\n    image: nginx:1.27\n    x-k8s: {podSecurity: root}\n')).toEqual([
      'error: compose.yaml: services.vpn.x-k8s.podSecurity: invalid value "root"; expected one of baseline, privileged',
    ]);
  });
});

describe('the Docker API socket is refused in every mode; time-zone binds are dropped', () => {
  const socketFix =
    "nodes run containerd, so there is no Docker API to mount; use the Kubernetes way instead: the Kubernetes API through a ServiceAccount with RBAC (e.g. Traefik's Kubernetes provider instead of its Docker provider, a Kubernetes API client instead of a Docker client); remove it";

  test('the socket as a bind (both paths) and use_api_socket, even with privileged', () => {
    expect(
      errorsOf(`  proxy:
    image: traefik:v3.2
    use_api_socket: true
    volumes: ["/var/run/docker.sock:/var/run/docker.sock:ro", {type: bind, source: /run/docker.sock, target: /docker.sock}]
    x-k8s: {podSecurity: privileged}
`),
    ).toEqual([
      `error: compose.yaml: services.proxy.use_api_socket: use_api_socket: true (the Docker API socket) cannot be rendered: ${socketFix}`,
      `error: compose.yaml: services.proxy.volumes[0]: the Docker API socket "/var/run/docker.sock" cannot be mounted on Kubernetes: ${socketFix}`,
      `error: compose.yaml: services.proxy.volumes[1]: the Docker API socket "/run/docker.sock" cannot be mounted on Kubernetes: ${socketFix}`,
    ]);
  });

  test('/etc/localtime and /etc/timezone: dropped with a warning pointing to TZ, in restricted pods', () => {
    const r = compileText(`${NAMED}  app:\n    image: ghcr.io/acme/app:1.0\n    volumes: ["/etc/localtime:/etc/localtime:ro", "/etc/timezone:/etc/timezone:ro"]\n`);
    const tz = (i: number, p: string) =>
      `warning: compose.yaml: services.app.volumes[${i}]: bind mount "${p}" (the host's time zone) is dropped: a pod cannot read the node's time zone file, and nodes usually run in UTC; set the zone with the environment variable TZ instead (e.g. TZ: Europe/Berlin) if the image reads it`;
    expect(r.warnings.map(formatDiagnostic)).toEqual(expect.arrayContaining([tz(0, '/etc/localtime'), tz(1, '/etc/timezone')]));
    const c = mainContainer(find(r, 'Deployment', 'app'));
    // The image's write paths are unknown, so its root stays writable (no /tmp emptyDir): only the dropped binds matter here.
    expect((c.volumeMounts ?? []).map((m: Any) => m.mountPath)).toEqual([]);
    expect(c.env).toBeUndefined();
  });
});

describe('with the opt-in the keys are rendered', () => {
  const VPN = `  vpn:
    image: qmcgaw/gluetun:v3.39.1
    user: root
    cap_add: [NET_ADMIN, cap_chown]
    cap_drop: [NET_RAW]
    network_mode: host
    pid: host
    ipc: host
    ports: ["80:80"]
    devices: ["/dev/net/tun:/dev/tun"]
    security_opt: ["seccomp:unconfined", "apparmor:unconfined"]
    volumes: ["/lib/modules:/lib/modules:ro"]
    x-k8s: {podSecurity: privileged}
  web:
    image: nginxinc/nginx-unprivileged:1.27.3
    user: "101:101"
    cap_add: [SETUID]
    x-k8s: {podSecurity: baseline}
`;

  test('privileged: host namespaces, capabilities, devices and system paths as hostPath, root', () => {
    const r = compileText(`${NAMED}${VPN}`);
    const w = find(r, 'Deployment', 'vpn') as Any;
    const pod = podSpecOf(w);
    expect([pod.hostNetwork, pod.dnsPolicy, pod.hostPID, pod.hostIPC]).toEqual([true, 'ClusterFirstWithHostNet', true, true]);
    expect(pod.securityContext).toEqual({
      fsGroup: 0,
      fsGroupChangePolicy: 'OnRootMismatch',
      runAsGroup: 0,
      runAsNonRoot: false,
      runAsUser: 0,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    const c = mainContainer(w);
    expect(c.securityContext).toEqual({
      allowPrivilegeEscalation: true,
      capabilities: { add: ['CHOWN', 'NET_ADMIN'], drop: ['NET_RAW'] },
      privileged: true,
      // The image's write paths are unknown: its root stays writable (a writable-root warning).
      readOnlyRootFilesystem: false,
      runAsNonRoot: false,
      seccompProfile: { type: 'Unconfined' },
    });
    expect(pod.volumes.filter((v: Any) => v.hostPath)).toEqual([
      { name: 'host-lib-modules', hostPath: { path: '/lib/modules' } },
      { name: 'dev-dev-net-tun', hostPath: { path: '/dev/net/tun' } },
    ]);
    expect(c.volumeMounts.filter((m: Any) => m.name !== 'tmp')).toEqual([
      { name: 'host-lib-modules', mountPath: '/lib/modules', readOnly: true },
      { name: 'dev-dev-net-tun', mountPath: '/dev/tun' },
    ]);
    // On the node's network the pod may not set network sysctls.
    expect(pod.securityContext.sysctls).toBeUndefined();
    expect(w.spec.template.metadata.annotations).toEqual({ 'container.apparmor.security.beta.kubernetes.io/vpn': 'unconfined' });
    expect(r.warnings.map(formatDiagnostic)).toContain(
      'warning: compose.yaml: services.vpn.devices: device nodes are mounted as hostPath volumes and the container runs privileged: without a device plugin, only a privileged container may open a device node; with a plugin for the device, request its resource instead',
    );
  });

  test('baseline: the capability is added to a non-root container that still drops ALL', () => {
    const c = mainContainer(find(compileText(`${NAMED}${VPN}`), 'Deployment', 'web'));
    expect(c.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { add: ['SETUID'], drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('with --namespace the Namespace enforces the weakest level any service asked for', () => {
    const ns = (text: string) => (find(compileText(text, { namespace: 'edge' }), 'Namespace', 'edge').metadata as Any).labels;
    expect(ns(`${NAMED}${VPN}`)).toEqual({
      'kubernetes.io/metadata.name': 'edge',
      'pod-security.kubernetes.io/audit': 'privileged',
      'pod-security.kubernetes.io/enforce': 'privileged',
      'pod-security.kubernetes.io/enforce-version': 'latest',
      'pod-security.kubernetes.io/warn': 'privileged',
    });
    const baselineOnly = `${NAMED}  web:\n    image: nginx:1.27\n    user: "0"\n    x-k8s: {podSecurity: baseline}\n  api:\n    image: nginx:1.27\n    user: "1000:1000"\n`;
    expect(ns(baselineOnly)['pod-security.kubernetes.io/enforce']).toBe('baseline');
    expect(ns(`${NAMED}  api:\n    image: nginx:1.27\n    user: "1000:1000"\n`)['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  test('the report marks the services and, without --namespace, says which label the namespace needs', () => {
    const r = compileText(`${NAMED}${VPN}`);
    const readme = r.files.get('README.md')!;
    expect(readme).toContain(
      '**Host access.** The namespace these manifests go to needs the label `pod-security.kubernetes.io/enforce: privileged` (or no enforce label): vpn asks for host access with x-k8s.podSecurity: privileged.',
    );
    expect(readme).toContain('| vpn (Pod Security privileged) |');
    expect(readme).toContain('| web (Pod Security baseline) |');
    expect(r.report.services.find((s) => s.service === 'vpn')!.notes).toContain(
      'Pod Security privileged (x-k8s.podSecurity): network_mode "host", pid "host", ipc "host", "seccomp:unconfined", "apparmor:unconfined", capability "NET_ADMIN", capability "cap_chown", user "root" (root), bind mount of the node\'s system path "/lib/modules", device "/dev/net/tun:/dev/tun"',
    );
    const withNs = compileText(`${NAMED}${VPN}`, { namespace: 'edge' }).files.get('README.md')!;
    expect(withNs).toContain('**Host access.** The Namespace `edge` enforces Pod Security `privileged` (label `pod-security.kubernetes.io/enforce: privileged`): vpn asks for host access with x-k8s.podSecurity: privileged.');
    expect(compileText(`${NAMED}  api:\n    image: nginx:1.27\n    user: "1000:1000"\n`).files.get('README.md')).not.toContain('Host access');
  });

  test('a root pod gives its gate containers a non-root user of their own', () => {
    const r = compileText(`${NAMED}  db:\n    image: postgres:16.4\n  app:\n    image: nginx:1.27\n    user: root\n    depends_on: {db: {condition: service_healthy}}\n    x-k8s: {podSecurity: baseline}\n`);
    const gate = podSpecOf(find(r, 'Deployment', 'app')).initContainers[0];
    expect([gate.name, gate.securityContext.runAsUser, gate.securityContext.runAsGroup, gate.securityContext.runAsNonRoot]).toEqual(['wait-for-db', 65532, 65532, true]);
  });

  test('an opt-in higher than needed is a warning', () => {
    const warn = (text: string) => compileText(`${NAMED}${text}`).warnings.map(formatDiagnostic).filter((w) => w.includes('x-k8s.podSecurity:'));
    expect(warn('  web:\n    image: nginx:1.27\n    user: root\n    x-k8s: {podSecurity: privileged}\n')).toEqual([
      'warning: compose.yaml: services.web.x-k8s.podSecurity: x-k8s.podSecurity is "privileged", but nothing in service web needs more than "baseline"; set podSecurity: baseline, so that its namespace need not allow privileged pods',
    ]);
    expect(warn('  web:\n    image: nginx:1.27\n    user: "1000:1000"\n    x-k8s: {podSecurity: baseline}\n')).toEqual([
      'warning: compose.yaml: services.web.x-k8s.podSecurity: x-k8s.podSecurity is "baseline", but nothing in service web needs more than "restricted"; remove it, so that its namespace need not allow baseline pods',
    ]);
  });
});
