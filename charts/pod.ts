/** Model pod → Kubernetes pod spec (L1 types), hardened for Pod Security "restricted". */
// The L1 classes only: loading all of cdk8s-plus-28 (its L2 constructs) costs ~100 ms per run.
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Container, PodSpec, PodVolume, Probe } from '../src/model/types';

const SECCOMP = { type: 'RuntimeDefault' };

function port(p: number | string): k8s.IntOrString {
  return typeof p === 'number' ? k8s.IntOrString.fromNumber(p) : k8s.IntOrString.fromString(p);
}

function probe(p: Probe | undefined): k8s.Probe | undefined {
  if (!p) return undefined;
  const h = p.handler;
  return {
    ...('exec' in h ? { exec: { command: [...h.exec.command] } } : {}),
    ...('httpGet' in h
      ? {
          httpGet: {
            path: h.httpGet.path,
            port: port(h.httpGet.port),
            scheme: h.httpGet.scheme,
            ...(h.httpGet.httpHeaders ? { httpHeaders: h.httpGet.httpHeaders.map((x) => ({ ...x })) } : {}),
          },
        }
      : {}),
    ...('tcpSocket' in h ? { tcpSocket: { port: port(h.tcpSocket.port) } } : {}),
    periodSeconds: p.periodSeconds,
    timeoutSeconds: p.timeoutSeconds,
    failureThreshold: p.failureThreshold,
    ...(p.successThreshold !== undefined ? { successThreshold: p.successThreshold } : {}),
    ...(p.initialDelaySeconds !== undefined ? { initialDelaySeconds: p.initialDelaySeconds } : {}),
  };
}

function quantities(q: Readonly<Record<string, string | undefined>>): Record<string, k8s.Quantity> {
  const out: Record<string, k8s.Quantity> = {};
  for (const [k, v] of Object.entries(q)) if (v !== undefined) out[k] = k8s.Quantity.fromString(v);
  return out;
}

function capabilities(drop: readonly string[], add: readonly string[]): k8s.Capabilities {
  return { ...(drop.length > 0 ? { drop: [...drop] } : {}), ...(add.length > 0 ? { add: [...add] } : {}) };
}

export function container(c: Container): k8s.Container {
  return {
    name: c.name,
    image: c.image,
    imagePullPolicy: c.imagePullPolicy,
    ...(c.command ? { command: [...c.command] } : {}),
    ...(c.args ? { args: [...c.args] } : {}),
    ...(c.workingDir ? { workingDir: c.workingDir } : {}),
    ...(c.envFrom.length > 0 ? { envFrom: c.envFrom.map((e) => ({ configMapRef: { name: e.configMapRef.name } })) } : {}),
    ...(c.env.length > 0
      ? {
          env: c.env.map((e) =>
            'value' in e
              ? { name: e.name, value: e.value }
              : 'secretKeyRef' in e
                ? { name: e.name, valueFrom: { secretKeyRef: { ...e.secretKeyRef } } }
                : { name: e.name, valueFrom: { configMapKeyRef: { ...e.configMapKeyRef } } },
          ),
        }
      : {}),
    ...(c.ports.length > 0 ? { ports: c.ports.map((p) => ({ name: p.name, containerPort: p.containerPort, protocol: p.protocol })) } : {}),
    startupProbe: probe(c.startupProbe),
    readinessProbe: probe(c.readinessProbe),
    livenessProbe: probe(c.livenessProbe),
    resources: { requests: quantities(c.resources.requests), limits: quantities(c.resources.limits) },
    securityContext: {
      allowPrivilegeEscalation: c.securityContext.allowPrivilegeEscalation ?? false,
      privileged: c.securityContext.privileged ?? false,
      readOnlyRootFilesystem: c.securityContext.readOnlyRootFilesystem,
      runAsNonRoot: c.securityContext.runAsNonRoot ?? true,
      ...(c.securityContext.runAsUser !== undefined ? { runAsUser: c.securityContext.runAsUser } : {}),
      ...(c.securityContext.runAsGroup !== undefined ? { runAsGroup: c.securityContext.runAsGroup } : {}),
      capabilities: capabilities(c.securityContext.capabilitiesDrop ?? ['ALL'], c.securityContext.capabilitiesAdd),
      seccompProfile: c.securityContext.seccompProfile !== undefined ? { type: c.securityContext.seccompProfile } : SECCOMP,
    },
    ...(c.volumeMounts.length > 0
      ? {
          volumeMounts: c.volumeMounts.map((m) => ({
            name: m.name,
            mountPath: m.mountPath,
            ...(m.readOnly ? { readOnly: true } : {}),
            ...(m.subPath !== undefined ? { subPath: m.subPath } : {}),
          })),
        }
      : {}),
    ...(c.lifecycle
      ? {
          lifecycle: {
            ...(c.lifecycle.postStart ? { postStart: { exec: { command: [...c.lifecycle.postStart.command] } } } : {}),
            ...(c.lifecycle.preStop ? { preStop: { exec: { command: [...c.lifecycle.preStop.command] } } } : {}),
          },
        }
      : {}),
    ...(c.tty ? { tty: true } : {}),
    ...(c.stdin ? { stdin: true } : {}),
  };
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
  return {
    serviceAccountName: p.serviceAccountName,
    automountServiceAccountToken: false,
    securityContext: {
      runAsNonRoot: p.securityContext.runAsNonRoot ?? true,
      runAsUser: p.securityContext.runAsUser,
      runAsGroup: p.securityContext.runAsGroup,
      ...(p.securityContext.fsGroup !== undefined ? { fsGroup: p.securityContext.fsGroup } : {}),
      ...(p.securityContext.fsGroupChangePolicy ? { fsGroupChangePolicy: p.securityContext.fsGroupChangePolicy } : {}),
      ...(p.securityContext.sysctls ? { sysctls: p.securityContext.sysctls.map((s) => ({ ...s })) } : {}),
      seccompProfile: SECCOMP,
    },
    ...(p.initContainers.length > 0 ? { initContainers: p.initContainers.map(container) } : {}),
    containers: p.containers.map(container),
    ...(p.volumes.length > 0 ? { volumes: p.volumes.map(volume) } : {}),
    ...(p.hostNetwork ? { hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' } : {}),
    ...(p.hostPID ? { hostPid: true } : {}),
    ...(p.hostIPC ? { hostIpc: true } : {}),
    restartPolicy: p.restartPolicy,
    ...(p.terminationGracePeriodSeconds !== undefined ? { terminationGracePeriodSeconds: p.terminationGracePeriodSeconds } : {}),
    ...(p.hostAliases ? { hostAliases: p.hostAliases.map((h) => ({ ip: h.ip, hostnames: [...h.hostnames] })) } : {}),
    ...(p.spread || p.sameNode
      ? {
          affinity: {
            ...(p.sameNode
              ? { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: p.sameNode.topologyKey, labelSelector: { matchLabels: { [p.sameNode.label]: p.sameNode.value } } }] } }
              : {}),
            ...(p.spread
              ? {
                  podAntiAffinity: {
                    preferredDuringSchedulingIgnoredDuringExecution: [
                      { weight: 1, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: selector.matchLabels } } },
                    ],
                  },
                }
              : {}),
          },
        }
      : {}),
    ...(p.spread
      ? {
          topologySpreadConstraints: [
            { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector.matchLabels } },
          ],
        }
      : {}),
  };
}
