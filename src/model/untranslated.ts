/**
 * Every service key of the Compose Specification, and what becomes of it: translated into a named
 * output field ({@link TRANSLATED}), or not translated with a warning that says what is dropped,
 * why, and the Kubernetes way where there is one ({@link NOT_TRANSLATED}). A key in neither table
 * gets a generic warning; test/model/untranslated.test.ts checks both tables against the vendored
 * compose-spec.json, so a key the specification adds later fails the test until it is placed here.
 */
import { ComposeService } from '../compose';
import { Diagnostics, show } from '../diagnostics';
import { remembered } from './remembered';

/** Keys that are translated, with the output field (or the front-end step) that carries them. */
export const TRANSLATED: Readonly<Record<string, string>> = {
  annotations: 'spec.template.metadata.annotations (the pods)',
  build: 'image (--image-registry/--image-tag) and the Dockerfile facts (user, paths)',
  cap_add: 'containers[].securityContext.capabilities.add',
  cap_drop: 'containers[].securityContext.capabilities.drop (ALL, except for a root container under x-k8s.podSecurity)',
  command: 'containers[].args',
  configs: 'ConfigMap volume mounted at the target',
  cpus: 'containers[].resources.limits.cpu',
  depends_on: 'initContainers (gates) and the Job / sync-wave order',
  deploy: 'replicas, resources, strategy, DaemonSet / Job kind, backoffLimit; deploy.labels → metadata.annotations',
  devices: 'hostPath volumes of a privileged container with x-k8s.podSecurity: privileged, else an error naming that level',
  entrypoint: 'containers[].command',
  env_file: 'containers[].env / envFrom ConfigMap',
  environment: 'containers[].env',
  expose: 'containers[].ports and the Service',
  extends: 'merged into the service before translation',
  extra_hosts: 'spec.hostAliases',
  gpus: 'containers[].resources.limits (nvidia.com/gpu, amd.com/gpu)',
  healthcheck: 'containers[].readinessProbe / livenessProbe / startupProbe',
  image: 'containers[].image',
  ipc: 'spec.hostIPC for "host" with x-k8s.podSecurity: privileged (else an error); other values warn',
  label_file: 'metadata.annotations',
  labels: 'metadata.annotations',
  mem_limit: 'containers[].resources.limits.memory',
  mem_reservation: 'containers[].resources.requests.memory',
  network_mode: 'spec.hostNetwork for host with x-k8s.podSecurity: privileged (else an error); service:X / container:NAME: a container of the pod of X (src/model/pods); "none" warns',
  links: 'a Service per link alias that is a DNS label (same selector and ports as the linked service)',
  networks: 'NetworkPolicy per network (pod label); a Service per network alias that is a DNS label',
  pid: 'spec.hostPID for "host" with x-k8s.podSecurity: privileged (else an error); other values warn',
  ports: 'containers[].ports and the Service',
  post_start: 'containers[].lifecycle.postStart.exec',
  pre_stop: 'containers[].lifecycle.preStop.exec',
  privileged: 'containers[].securityContext.privileged with x-k8s.podSecurity: privileged, else an error naming that level',
  profiles: 'services left out by the front end',
  pull_policy: 'containers[].imagePullPolicy',
  read_only: 'containers[].securityContext.readOnlyRootFilesystem',
  restart: 'workload kind (Job for "no" / on-failure) and Job backoffLimit',
  scale: 'replicas',
  secrets: 'Secret volume mounted at the target',
  security_opt: 'seccompProfile RuntimeDefault, allowPrivilegeEscalation false; unconfined needs x-k8s.podSecurity: privileged',
  shm_size: 'emptyDir (Memory) at /dev/shm',
  stdin_open: 'containers[].stdin',
  stop_grace_period: 'spec.terminationGracePeriodSeconds',
  sysctls: 'spec.securityContext.sysctls (the safe set of Kubernetes 1.28)',
  tmpfs: 'emptyDir (Memory) volumes',
  tty: 'containers[].tty',
  use_api_socket: 'an error in every mode: nodes run containerd, there is no Docker API socket to mount',
  user: 'securityContext.runAsUser / runAsGroup / fsGroup (root needs x-k8s.podSecurity: baseline)',
  volumes: 'PersistentVolumeClaims, emptyDirs, ConfigMaps',
  working_dir: 'containers[].workingDir',
};

const NODE_SETTING = 'a node setting on Kubernetes';
const CPU_TUNING =
  'Kubernetes sets the CPU cgroup from resources: requests.cpu gives the shares (1 CPU = 1024 shares), limits.cpu the quota per 100ms period; set deploy.resources.reservations.cpus / limits.cpus instead';

/** What is said about keys that are not translated: what is dropped, why, and the Kubernetes way. */
export const NOT_TRANSLATED: Readonly<Record<string, string>> = {
  attach: 'attach only decides whether docker compose up shows the service\'s output; on Kubernetes read it with kubectl logs',
  blkio_config: 'Kubernetes has no per-container block-IO weights or limits; use a StorageClass with provisioned IOPS if the disk needs them',
  cgroup: 'the kubelet creates every container\'s cgroup namespace; it cannot be shared with the host',
  cgroup_parent: 'the kubelet places pods in its own cgroup hierarchy (by QoS class); a parent cgroup cannot be chosen',
  container_name: 'pods get generated names; other services reach it by its service name',
  cpu_count: `cpu_count is a Windows container setting; ${CPU_TUNING}`,
  cpu_percent: `cpu_percent is a Windows container setting; ${CPU_TUNING}`,
  cpu_period: CPU_TUNING,
  cpu_quota: CPU_TUNING,
  cpu_rt_period: 'real-time CPU scheduling cannot be granted to a container on Kubernetes (it needs CAP_SYS_NICE and node setup)',
  cpu_rt_runtime: 'real-time CPU scheduling cannot be granted to a container on Kubernetes (it needs CAP_SYS_NICE and node setup)',
  cpu_shares: CPU_TUNING,
  cpuset: 'CPUs cannot be pinned per container; the kubelet\'s static CPU manager policy gives exclusive CPUs to Guaranteed pods with integer cpu requests equal to limits',
  credential_spec: 'Windows gMSA credential specs are securityContext.windowsOptions.gmsaCredentialSpecName on Windows nodes; add it in a kustomize patch',
  develop: 'develop (compose watch: sync and rebuild on file changes) is for development only; the cluster runs the pushed image',
  device_cgroup_rules: 'device access rules cannot be set per container; a device plugin on the nodes exposes devices as extended resources',
  dns: 'the pod uses the cluster DNS; set spec.dnsConfig.nameservers (with dnsPolicy: None) in a kustomize patch if it needs other servers',
  dns_opt: 'the pod uses the cluster DNS; set spec.dnsConfig.options in a kustomize patch if it needs resolver options',
  dns_search: 'the pod uses the cluster DNS; set spec.dnsConfig.searches in a kustomize patch if it needs other search domains',
  domainname: 'pods get the cluster domain; spec.subdomain with a headless Service of that name gives a pod a fully qualified name',
  external_links: 'containers outside the project are not in the cluster; reach them by an ExternalName Service or their address',
  group_add: 'supplementary groups are spec.securityContext.supplementalGroups (numeric GIDs only); add them in a kustomize patch',
  hostname: 'a pod\'s hostname is its generated name; other services reach it through its Service name (spec.hostname sets it, per pod)',
  init: 'Kubernetes has no init option: the entrypoint runs as PID 1 and must reap zombies and handle SIGTERM; use an init-capable entrypoint (tini, dumb-init, or the image\'s own), or shareProcessNamespace: true in a kustomize patch (the pause container is then PID 1)',
  isolation: 'isolation is a Windows container setting; Kubernetes Windows nodes run process-isolated containers only',
  logging: 'logging is the cluster\'s concern (a log collector reads container stdout)',
  mac_address: 'pods get their addresses from the cluster network; a MAC address cannot be chosen',
  mem_swappiness: `swap is ${NODE_SETTING} (kubelet memorySwap); the container's memory is bounded by resources.limits.memory`,
  memswap_limit: `swap is ${NODE_SETTING} (kubelet memorySwap); the container's memory is bounded by resources.limits.memory`,
  models: 'models are AI models that Docker Model Runner serves and whose endpoint compose passes to the service (endpoint_var / model_var); nothing is created for them and the service\'s dependency on them is not translated: run a model server in the cluster and set the variables in environment',
  oom_kill_disable: 'the OOM killer cannot be disabled for a container; the kubelet kills a container that exceeds resources.limits.memory',
  oom_score_adj: 'the kubelet sets oom_score_adj from the pod\'s QoS class (Guaranteed, requests equal to limits, gets the lowest)',
  pids_limit: `the process limit is ${NODE_SETTING} (kubelet podPidsLimit)`,
  platform: 'platform is not translated; add a nodeSelector on kubernetes.io/arch if the image is single-architecture',
  provider: 'provider delegates the service to an external component that compose runs (the "type" plugin); no workload is created for it and the dependency of other services on it (the variables it sets) is not translated: create what it provides in the cluster and set those variables',
  pull_refresh_after: 'Kubernetes has no periodic image refresh; imagePullPolicy Always checks the registry at every container start',
  runtime: 'a container runtime is chosen with a RuntimeClass (spec.runtimeClassName) in a kustomize patch',
  stop_signal: 'Kubernetes 1.28 has no stop signal setting: the kubelet sends SIGTERM (lifecycle.stopSignal is alpha in Kubernetes 1.33 and needs spec.os.name); make the process stop on SIGTERM, or send the signal from a pre_stop hook (e.g. command: ["kill", "-QUIT", "1"], which needs kill in the image)',
  storage_opt: 'the writable layer\'s size is bounded by resources.limits.ephemeral-storage (always set); driver options cannot be passed',
  ulimits: 'Kubernetes has no per-container ulimits: the container gets the container runtime\'s defaults; raise soft limits in the entrypoint (ulimit -n) up to the hard limit, or configure the runtime on the nodes',
  userns_mode: 'user namespaces are spec.hostUsers: false on Kubernetes, alpha (UserNamespacesSupport) in Kubernetes 1.28; the pod runs as a non-root user instead',
  uts: 'pods always have their own UTS namespace; the host\'s cannot be shared',
  volumes_from: 'mount the same named volumes in this service instead (a claim mounted by pods on several nodes needs x-k8s: {accessMode: ReadWriteMany})',
};

/** `security_opt` values the pod's security context already covers (or refuses, in security.ts). */
const COVERED_SECURITY_OPTS = /^(no-new-privileges(:true)?|(seccomp|apparmor)[:=](unconfined|runtime\/default|docker-default))$/;

const NAMESPACE_KEYS = ['pid', 'ipc'] as const;

/** Warns for every key of the service that is not translated, and for values of translated keys that are dropped. */
/**
 * Why a service key is not translated, or undefined when it is (or is an extension); remembered by
 * key: every service asks it of each of its keys, and the keys repeat across services.
 */
const untranslatedReason = remembered((k: string): string | undefined => {
  const why = NOT_TRANSLATED[k];
  if (why) return why;
  return !Object.prototype.hasOwnProperty.call(TRANSLATED, k) && !k.startsWith('x-') ? `Kubernetes has no equivalent of ${k}` : undefined;
});

export function warnUntranslated(s: ComposeService, d: Diagnostics): void {
  const at = (k: string) => `services.${s.name}.${k}`;
  for (const k of s.keys) {
    const why = untranslatedReason(k);
    if (why !== undefined) d.warn(s.source.file, at(k), `not translated: ${why}`);
  }
  s.securityOpt.forEach((opt, i) => {
    if (!COVERED_SECURITY_OPTS.test(opt)) {
      d.warn(s.source.file, `${at('security_opt')}[${i}]`, `not translated: ${show(opt)}; the container runs with the RuntimeDefault seccomp profile, allowPrivilegeEscalation: false and the runtime's default SELinux/AppArmor labels`);
    }
  });
  for (const key of NAMESPACE_KEYS) {
    const v = s[key];
    if (v !== undefined && /^(service|container):/.test(v)) {
      d.warn(s.source.file, at(key), `not translated: ${key} ${show(v)}; each pod has its own ${key === 'pid' ? 'process' : 'IPC'} namespace, shared by its containers only${key === 'pid' ? ' with shareProcessNamespace: true' : ''}; separate services cannot share one`);
    }
  }
}

/**
 * The sysctls that are namespaced and safe in Kubernetes 1.28: allowed in every pod without kubelet
 * flags and under Pod Security "restricted" (net.ipv4.ip_local_reserved_ports since 1.27; the
 * tcp_keepalive_* and tcp_fin_timeout ones only from 1.29).
 */
export const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.ping_group_range',
  'net.ipv4.tcp_syncookies',
]);

/**
 * The pod's sysctls: compose `sysctls` of the safe set (a warning for each other one), and
 * `net.ipv4.ip_unprivileged_port_start=0` when a container port is below 1024 and compose does not set it.
 */
export function planSysctls(s: ComposeService, lowPort: boolean, d: Diagnostics): { name: string; value: string }[] | undefined {
  const out = new Map<string, string>();
  for (const [name, value] of Object.entries(s.sysctls)) {
    const key = name.replace(/\//g, '.');
    if (SAFE_SYSCTLS.has(key)) out.set(key, value);
    else {
      d.warn(
        s.source.file,
        `services.${s.name}.sysctls.${name}`,
        `not translated: ${show(name)} is not in the safe set of Kubernetes 1.28 (${[...SAFE_SYSCTLS].join(', ')}); others need the kubelet's --allowed-unsafe-sysctls and Pod Security "privileged", or a node setting`,
      );
    }
  }
  if (lowPort && !out.has('net.ipv4.ip_unprivileged_port_start')) out.set('net.ipv4.ip_unprivileged_port_start', '0');
  if (out.size === 0) return undefined;
  return [...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, value]) => ({ name, value }));
}

/** `deploy` settings a Deployment or Job does not have: what is dropped and what Kubernetes does instead. */
export function warnDeployDetails(s: ComposeService, d: Diagnostics): void {
  const at = `services.${s.name}.deploy`;
  if (s.deploy?.placement !== undefined) {
    d.warn(s.source.file, `${at}.placement`, 'not translated: swarm placement refers to swarm nodes; use a nodeSelector or node affinity (constraints) and topologySpreadConstraints (preferences, max_replicas_per_node) in a kustomize patch');
  }
  if (s.deploy?.endpointMode !== undefined) {
    d.warn(s.source.file, `${at}.endpoint_mode`, 'not translated: the Service load-balances across ready pods (x-k8s.serviceType Headless gives DNS round-robin)');
  }
  if (s.deploy?.limits?.pids !== undefined) {
    d.warn(s.source.file, `${at}.resources.limits.pids`, 'not translated: the process limit is a node setting on Kubernetes (kubelet podPidsLimit)');
  }
  const u = s.deploy?.updateConfig;
  if (u?.delay !== undefined) {
    d.warn(s.source.file, `${at}.update_config.delay`, 'not translated: a rollout replaces pods as soon as the new ones are ready; set minReadySeconds in a kustomize patch to wait between them');
  }
  if (u !== undefined) {
    const rollback = (key: string) =>
      d.warn(s.source.file, `${at}.update_config.${key}`, 'not translated: a Deployment never rolls back by itself (a stuck rollout is marked failed after progressDeadlineSeconds); roll back with kubectl rollout undo or your GitOps tool');
    if (u.failureAction !== undefined) rollback('failure_action');
    if (u.monitor !== undefined) rollback('monitor');
    if (u.maxFailureRatio !== undefined) rollback('max_failure_ratio');
  }
  const r = s.deploy?.restartPolicy;
  if (r !== undefined) {
    const backoff = (key: string) =>
      d.warn(s.source.file, `${at}.restart_policy.${key}`, 'not translated: Kubernetes retries with its own exponential back-off (a container restart: 10s doubling up to 5 minutes; a Job\'s new pod: 10s doubling up to 6 minutes)');
    if (r.delay !== undefined) backoff('delay');
    if (r.window !== undefined) backoff('window');
  }
}
