/** Model pod → Kubernetes pod spec (L1 types), hardened for Pod Security "restricted". */
// The L1 classes only: loading all of cdk8s-plus-28 (its L2 constructs) costs ~100 ms per run.
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Container, PodSpec, PodVolume, Probe } from '../src/model/types';

const SECCOMP = { type: 'RuntimeDefault' };

function port(p: number | string): k8s.IntOrString {
  return typeof p === 'number' ? k8s.IntOrString.fromNumber(p) : k8s.IntOrString.fromString(p);
}

/**
 * The objects below are built by assignment, a field only when it is set, not as literals with
 * `...(set ? { field } : {})` spreads: each spread is a generic copy in V8, and these run for every
 * container of every workload. The walk that renders them sorts the fields, so their order is free.
 */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function probe(p: Probe | undefined): k8s.Probe | undefined {
  if (!p) return undefined;
  const h = p.handler;
  const out: Mutable<k8s.Probe> = {};
  if ('exec' in h) out.exec = { command: [...h.exec.command] };
  if ('httpGet' in h) {
    const get: Mutable<k8s.HttpGetAction> = { path: h.httpGet.path, port: port(h.httpGet.port), scheme: h.httpGet.scheme };
    if (h.httpGet.httpHeaders) get.httpHeaders = h.httpGet.httpHeaders.map((x) => ({ ...x }));
    out.httpGet = get;
  }
  if ('tcpSocket' in h) out.tcpSocket = { port: port(h.tcpSocket.port) };
  out.periodSeconds = p.periodSeconds;
  out.timeoutSeconds = p.timeoutSeconds;
  out.failureThreshold = p.failureThreshold;
  if (p.successThreshold !== undefined) out.successThreshold = p.successThreshold;
  if (p.initialDelaySeconds !== undefined) out.initialDelaySeconds = p.initialDelaySeconds;
  return out;
}

function quantities(q: Readonly<Record<string, string | undefined>>): Record<string, k8s.Quantity> {
  const out: Record<string, k8s.Quantity> = {};
  for (const [k, v] of Object.entries(q)) if (v !== undefined) out[k] = k8s.Quantity.fromString(v);
  return out;
}

function capabilities(drop: readonly string[], add: readonly string[]): k8s.Capabilities {
  const out: Mutable<k8s.Capabilities> = {};
  if (drop.length > 0) out.drop = [...drop];
  if (add.length > 0) out.add = [...add];
  return out;
}

function envVar(e: Container['env'][number]): k8s.EnvVar {
  if ('value' in e) return { name: e.name, value: e.value };
  if ('secretKeyRef' in e) return { name: e.name, valueFrom: { secretKeyRef: { ...e.secretKeyRef } } };
  return { name: e.name, valueFrom: { configMapKeyRef: { ...e.configMapKeyRef } } };
}

function volumeMount(m: Container['volumeMounts'][number]): k8s.VolumeMount {
  const out: Mutable<k8s.VolumeMount> = { name: m.name, mountPath: m.mountPath };
  if (m.readOnly) out.readOnly = true;
  if (m.subPath !== undefined) out.subPath = m.subPath;
  return out;
}

function containerSecurity(s: Container['securityContext']): k8s.SecurityContext {
  const out: Mutable<k8s.SecurityContext> = {
    allowPrivilegeEscalation: s.allowPrivilegeEscalation ?? false,
    privileged: s.privileged ?? false,
    readOnlyRootFilesystem: s.readOnlyRootFilesystem,
    runAsNonRoot: s.runAsNonRoot ?? true,
  };
  if (s.runAsUser !== undefined) out.runAsUser = s.runAsUser;
  if (s.runAsGroup !== undefined) out.runAsGroup = s.runAsGroup;
  out.capabilities = capabilities(s.capabilitiesDrop ?? ['ALL'], s.capabilitiesAdd);
  out.seccompProfile = s.seccompProfile !== undefined ? { type: s.seccompProfile } : SECCOMP;
  return out;
}

export function container(c: Container): k8s.Container {
  const out: Mutable<k8s.Container> = { name: c.name, image: c.image, imagePullPolicy: c.imagePullPolicy };
  if (c.command) out.command = [...c.command];
  if (c.args) out.args = [...c.args];
  if (c.workingDir) out.workingDir = c.workingDir;
  if (c.envFrom.length > 0) out.envFrom = c.envFrom.map((e) => ({ configMapRef: { name: e.configMapRef.name } }));
  if (c.env.length > 0) out.env = c.env.map(envVar);
  if (c.ports.length > 0) out.ports = c.ports.map((p) => ({ name: p.name, containerPort: p.containerPort, protocol: p.protocol }));
  out.startupProbe = probe(c.startupProbe);
  out.readinessProbe = probe(c.readinessProbe);
  out.livenessProbe = probe(c.livenessProbe);
  out.resources = { requests: quantities(c.resources.requests), limits: quantities(c.resources.limits) };
  out.securityContext = containerSecurity(c.securityContext);
  if (c.volumeMounts.length > 0) out.volumeMounts = c.volumeMounts.map(volumeMount);
  if (c.lifecycle) {
    const hooks: Mutable<k8s.Lifecycle> = {};
    if (c.lifecycle.postStart) hooks.postStart = { exec: { command: [...c.lifecycle.postStart.command] } };
    if (c.lifecycle.preStop) hooks.preStop = { exec: { command: [...c.lifecycle.preStop.command] } };
    out.lifecycle = hooks;
  }
  if (c.tty) out.tty = true;
  if (c.stdin) out.stdin = true;
  return out;
}

function volume(v: PodVolume): k8s.Volume {
  if ('emptyDir' in v) {
    return {
      name: v.name,
      emptyDir: {
        ...(v.emptyDir.medium ? { medium: v.emptyDir.medium } : {}),
        ...(v.emptyDir.sizeLimit ? { sizeLimit: k8s.Quantity.fromString(v.emptyDir.sizeLimit) } : {}),
      },
    };
  }
  if ('persistentVolumeClaim' in v) return { name: v.name, persistentVolumeClaim: { ...v.persistentVolumeClaim } };
  if ('configMap' in v) {
    return {
      name: v.name,
      configMap: { name: v.configMap.name, ...(v.configMap.items ? { items: v.configMap.items.map((i) => ({ ...i })) } : {}), ...(v.configMap.defaultMode !== undefined ? { defaultMode: v.configMap.defaultMode } : {}) },
    };
  }
  if ('secret' in v) {
    return {
      name: v.name,
      secret: {
        secretName: v.secret.secretName,
        ...(v.secret.items ? { items: v.secret.items.map((i) => ({ ...i })) } : {}),
        ...(v.secret.defaultMode !== undefined ? { defaultMode: v.secret.defaultMode } : {}),
        ...(v.secret.optional !== undefined ? { optional: v.secret.optional } : {}),
      },
    };
  }
  if ('hostPath' in v) return { name: v.name, hostPath: { path: v.hostPath.path } };
  return {
    name: v.name,
    projected: {
      sources: [
        { serviceAccountToken: { path: 'token', expirationSeconds: v.projectedServiceAccountToken.expirationSeconds } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardApi: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
    },
  };
}

export interface SpreadSelector {
  readonly matchLabels: Record<string, string>;
}

export function podSpec(p: PodSpec, selector: SpreadSelector): k8s.PodSpec {
  const security: Mutable<k8s.PodSecurityContext> = {
    runAsNonRoot: p.securityContext.runAsNonRoot ?? true,
    runAsUser: p.securityContext.runAsUser,
    runAsGroup: p.securityContext.runAsGroup,
  };
  if (p.securityContext.fsGroup !== undefined) security.fsGroup = p.securityContext.fsGroup;
  if (p.securityContext.fsGroupChangePolicy) security.fsGroupChangePolicy = p.securityContext.fsGroupChangePolicy;
  if (p.securityContext.sysctls) security.sysctls = p.securityContext.sysctls.map((s) => ({ ...s }));
  security.seccompProfile = SECCOMP;
  const out: Mutable<k8s.PodSpec> = { serviceAccountName: p.serviceAccountName, automountServiceAccountToken: false, securityContext: security, containers: [] };
  if (p.initContainers.length > 0) out.initContainers = p.initContainers.map(container);
  out.containers = p.containers.map(container);
  if (p.volumes.length > 0) out.volumes = p.volumes.map(volume);
  if (p.hostNetwork) {
    out.hostNetwork = true;
    out.dnsPolicy = 'ClusterFirstWithHostNet';
  }
  if (p.hostPID) out.hostPid = true;
  if (p.hostIPC) out.hostIpc = true;
  out.restartPolicy = p.restartPolicy;
  if (p.terminationGracePeriodSeconds !== undefined) out.terminationGracePeriodSeconds = p.terminationGracePeriodSeconds;
  if (p.hostAliases) out.hostAliases = p.hostAliases.map((h) => ({ ip: h.ip, hostnames: [...h.hostnames] }));
  if (p.spread || p.sameNode) {
    const affinity: Mutable<k8s.Affinity> = {};
    if (p.sameNode) {
      affinity.podAffinity = {
        requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: p.sameNode.topologyKey, labelSelector: { matchLabels: { [p.sameNode.label]: p.sameNode.value } } }],
      };
    }
    if (p.spread) {
      affinity.podAntiAffinity = {
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: selector.matchLabels } } }],
      };
    }
    out.affinity = affinity;
  }
  if (p.spread) {
    out.topologySpreadConstraints = [
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector.matchLabels } },
    ];
  }
  return out;
}
