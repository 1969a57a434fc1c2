/** The main container of a service's pod, from the pieces planned for it. */
import { ComposeService } from '../../compose';
import { ContainerProbes } from './container-probes';
import { HookPlan } from './hooks';
import { containerSecurity, SecurityPlan } from '../security';
import { Container, ContainerPort, EnvVar, Resources, VolumeMount } from '../types';

export interface MainContainerParts {
  /** Kubernetes name of the service (also the container's name). */
  readonly name: string;
  readonly image: string;
  readonly pullPolicy: string;
  /** Compose `entrypoint` and `command`, rendered. */
  readonly command?: string[];
  readonly args?: string[];
  readonly env: EnvVar[];
  readonly envFrom: { configMapRef: { name: string } }[];
  readonly ports: ContainerPort[];
  readonly probes: ContainerProbes;
  readonly resources: Resources;
  /** Extended resources (devices, GPUs) added to the limits. */
  readonly deviceLimits: Readonly<Record<string, string>>;
  readonly readOnlyRoot: boolean;
  readonly security: SecurityPlan;
  /** Whether the pod runs as UID 0. */
  readonly root: boolean;
  readonly devicesMounted: boolean;
  readonly volumeMounts: readonly VolumeMount[];
  readonly hooks: HookPlan;
}

/** The main container: compose `working_dir`, `tty` and `stdin_open` from `s`, the rest from `p`. */
export function mainContainer(s: ComposeService, p: MainContainerParts): Container {
  const { hooks } = p;
  return {
    name: p.name,
    image: p.image,
    imagePullPolicy: p.pullPolicy as Container['imagePullPolicy'],
    ...(p.command ? { command: p.command } : {}),
    ...(p.args ? { args: p.args } : {}),
    ...(s.workingDir ? { workingDir: s.workingDir } : {}),
    env: p.env,
    envFrom: p.envFrom,
    ports: p.ports,
    startupProbe: p.probes.startup,
    readinessProbe: p.probes.readiness,
    livenessProbe: p.probes.liveness,
    resources: { ...p.resources, limits: { ...p.resources.limits, ...p.deviceLimits } },
    securityContext: { readOnlyRootFilesystem: p.readOnlyRoot, ...containerSecurity(p.security, p.root, p.devicesMounted) },
    volumeMounts: p.volumeMounts,
    ...(hooks.postStart || hooks.preStop ? { lifecycle: { ...(hooks.postStart ? { postStart: hooks.postStart } : {}), ...(hooks.preStop ? { preStop: hooks.preStop } : {}) } } : {}),
    ...(s.tty ? { tty: true } : {}),
    ...(s.stdinOpen ? { stdin: true } : {}),
  };
}
