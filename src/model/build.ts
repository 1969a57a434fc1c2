/**
 * Compose project → application model. Every decision is taken here (see the modules it calls);
 * the charts only translate the result.
 */
import { createHash } from 'crypto';
import { ComposeProject, ComposeService, Healthcheck, Template } from '../compose/types';
import { Diagnostic, Diagnostics, show } from '../diagnostics';
import { readProjectX, readServiceX } from './extensions';
import { ensureSecretVariables, renderTemplate, SecretKeys, templateRefs, translateEnvironment } from './env';
import { DEFAULT_GATE_IMAGES, migrationGate, TOKEN_VOLUME, waitForJob, waitForService } from './gates';
import { ImageProfile, imageProfile, parseImage } from './images';
import { resolveImage } from './image-choice';
import { LiteralSecrets } from './literal-secrets';
import { checkMissingFiles } from './missing-files';
import { isDnsLabel, portName, toDnsLabel, toLabelValue, truncateName } from './names';
import { planDevices } from './devices';
import { planHooks } from './hooks';
import { pullPolicyOf } from './pull-policy';
import { planSysctls, warnDeployDetails, warnUntranslated } from './untranslated';
import { planProbes, ProbePlan } from './probes';
import { KomposeSettings, readKompose } from './kompose';
import { msToSeconds } from './quantities';
import { planResources } from './resources';
import { containerSecurity, FALLBACK_UID, planSecurity, planUser } from './security';
import { checkRefusedMounts, planRootFilesystem, warnEphemeralData } from './root-filesystem';
import { HostAccess, PodSecurityLevel, weakest } from './pod-security';
import { DOCKER_SOCKET_FIX } from './volumes';
import { AppModel, Claim, ConfigMapModel, Container, ContainerPort, EnvVar, Gate, JobReader, PodSpec, SecretContract, ServiceExposure, Workload } from './types';
import { EGRESS_RESTRICTED_LABEL, networkLabel, planNetworkPolicies, publishedStaysInside, warnPublishedInside } from './networks';
import { checkCollisions, headlessName } from './collisions';
import { planSecretProvider, SecretProviderOptions } from './secret-provider';
import { planClaims, planMounts } from './volumes';
import { fillContainers } from './image-fill';
import { komposeServiceType, nodePort, planAutoscale, servicePortNumber } from './exposure';
import { checkGatewayOption, planTraffic } from './routes';
import { backoffLimit, decideComponent, decideKind } from './workload-kind';
import { usesClaimTemplates } from './claim-templates';
import { projectRelative } from './project-path';

export interface ModelOptions extends SecretProviderOptions {
  /** `--namespace`: every namespaced object goes there. */
  readonly namespace?: string;
  /** `--image-registry` and `--image-tag`: the image of a service that has `build:` and no `image:`. */
  readonly imageRegistry?: string;
  readonly imageTag?: string;
  /** `--gateway NAMESPACE/NAME`: the default parent of the routes; the Ingress settings become routes. */
  readonly gateway?: string;
}

/** Seconds a Job may run before Kubernetes stops it (practices C-05). */
export const JOB_ACTIVE_DEADLINE_SECONDS = 1800;
/** Length of the pod-template hash in a Job's name (`<service>-<hash>`). */
export const JOB_HASH_LENGTH = 8;

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with sorted keys: the canonical form hashed for Job names. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** Services in dependency order (dependencies first), ties by name. */
function dependencyOrder(project: ComposeProject): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (n: string): void => {
    if (seen.has(n) || !project.services[n]) return;
    seen.add(n);
    for (const dep of Object.keys(project.services[n].dependsOn).sort()) visit(dep);
    out.push(n);
  };
  for (const n of Object.keys(project.services).sort()) visit(n);
  return out;
}

/** Container ports: compose `ports` targets, then `expose`, then the ports probes use. */
function planPorts(s: ComposeService, profile: ImageProfile | undefined, reached: boolean, d: Diagnostics): ContainerPort[] {
  const ports: ContainerPort[] = [];
  const taken = new Set<string>();
  const add = (port: number, protocol: string, userName?: string): void => {
    const proto = protocol.toUpperCase() as ContainerPort['protocol'];
    if (ports.some((p) => p.containerPort === port && p.protocol === proto)) return;
    const name = portName(port, protocol, taken, userName);
    taken.add(name);
    ports.push({ name, containerPort: port, protocol: proto });
  };
  for (const p of s.ports) add(p.target, p.protocol, p.name);
  for (const e of s.expose) add(e.port, e.protocol);
  // Compose services reach each other on any port of a shared network without declaring it; a
  // well-known server image gets its port (and so a Service) even when compose declares none.
  if (ports.length === 0 && profile?.port !== undefined) add(profile.port, 'tcp');
  else if (ports.length === 0 && reached) {
    d.warn(s.source.file, `services.${s.name}`, 'other services depend on it but it declares no port; no Service is created (add ports: or expose:)');
  }
  return ports;
}

/** The kompose readiness/liveness labels replace the probe they name (their check, their timing). */
function withKomposeProbes(plan: ProbePlan, komp: KomposeSettings, firstTcp: number | undefined): ProbePlan {
  if (!komp.readiness && !komp.liveness) return plan;
  const fromLabels = (hc: Healthcheck | undefined) => (hc ? planProbes(hc, healthcheckArgv(hc.test), firstTcp) : undefined);
  const r = fromLabels(komp.readiness);
  const l = fromLabels(komp.liveness);
  return {
    ...plan,
    ...(r ? { readiness: r.readiness } : {}),
    // A liveness label gives the check itself (not the TCP stand-in used for healthchecks).
    ...(l ? { liveness: l.readiness } : {}),
    portsNeeded: [...new Set([...plan.portsNeeded, ...(r?.portsNeeded ?? []), ...(l?.portsNeeded ?? [])])],
  };
}

/**
 * Exec argv of the healthcheck. A secret reference becomes the shell variable of the same name (the
 * container's env holds it): inside `CMD-SHELL` the shell expands it; a `CMD` check that uses one is
 * run through `sh -c` with every other word quoted, since an exec probe expands nothing.
 */
function healthcheckArgv(test: readonly Template[] | undefined): string[] | undefined {
  if (!test) return undefined;
  if (test.some((t) => t.some((p) => typeof p !== 'string')) && !(test.length === 3 && test[0].join('') === 'sh' && test[1].join('') === '-c')) {
    const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
    const words = test.map((t) => t.map((p) => (typeof p === 'string' ? (p === '' ? '' : quote(p)) : `"\${${p.secretVariable}}"`)).join('') || "''");
    return ['sh', '-c', words.join(' ')];
  }
  return test.map((t) => t.map((p) => (typeof p === 'string' ? p : `\${${p.secretVariable}}`)).join(''));
}

export interface ModelResult {
  readonly model: AppModel;
  readonly warnings: readonly Diagnostic[];
}

/** Builds the model; throws a UserError carrying every problem when the project cannot be translated. */
export function buildModel(project: ComposeProject, options: ModelOptions = {}): ModelResult {
  const d = new Diagnostics();
  const model = planModel(project, options, d);
  d.throwIfErrors();
  return { model, warnings: d.warnings };
}

/** Builds the model, recording every problem (errors included) in `d` instead of throwing. */
export function planModel(project: ComposeProject, options: ModelOptions, d: Diagnostics): AppModel {
  const mainFile = project.files[0] ?? 'compose.yaml';
  const px = readProjectX(project.extensions['x-k8s'], mainFile, 'x-k8s', d);
  const gateImages = { ...DEFAULT_GATE_IMAGES, ...(px.gateImages ?? {}) };
  const projectLabel = toDnsLabel(project.name);
  const variableSecret = truncateName(`${projectLabel}-secrets`);
  if (options.namespace !== undefined && !isDnsLabel(options.namespace)) {
    d.error(undefined, undefined, `--namespace ${show(options.namespace)} is not a valid namespace; expected a DNS-1123 label (lowercase letters, digits and "-")`);
  }
  checkGatewayOption(options.gateway, d);

  // Names: the compose service names, normalized; a collision is an error.
  const names = new Map<string, string>();
  const byDns = new Map<string, string>();
  for (const n of Object.keys(project.services).sort()) {
    const s = project.services[n];
    const dns = toDnsLabel(n);
    const other = byDns.get(dns);
    if (other !== undefined) d.error(s.source.file, `services.${n}`, `its Kubernetes name ${show(dns)} is also the name of service ${show(other)}; rename one of them`);
    else if (dns !== n) d.warn(s.source.file, `services.${n}`, `named ${show(dns)} on Kubernetes (a valid DNS name); other services must reach it as ${show(dns)}`);
    byDns.set(dns, n);
    names.set(n, dns);
  }

  // Which services others wait on until they complete: init Jobs.
  const initJobs = new Set<string>();
  const reached = new Set<string>();
  for (const s of Object.values(project.services)) {
    for (const [dep, on] of Object.entries(s.dependsOn)) {
      if (on.condition === 'service_completed_successfully') initJobs.add(dep);
      else reached.add(dep);
    }
  }

  const claims = planClaims(project, d);
  const secretKeys = new SecretKeys();
  const literals = new LiteralSecrets(project.services, project.secretVariables);
  const outOfBandConfigMaps = checkMissingFiles(project, (options.secrets ?? px.secretProvider) === 'inline', d);
  const otherSecrets = new Map<string, SecretContract>();
  const workloads: Workload[] = [];
  const configMaps: ConfigMapModel[] = [];
  const standaloneClaims = new Map<string, Claim>();
  const claimUsers = new Map<string, string[]>();
  const jobNames = new Map<string, string>();
  const exposures = new Map<string, ServiceExposure>();
  const jobReaders: JobReader[] = [];

  for (const n of dependencyOrder(project)) {
    const s = project.services[n];
    if (s.keys.includes('provider')) {
      // Compose runs a provider plugin instead of a container: nothing is created (the warning says so).
      warnUntranslated(s, d);
      continue;
    }
    const name = names.get(n) ?? toDnsLabel(n);
    const x = readServiceX(s.extensions['x-k8s'], s.source.file, `services.${n}.x-k8s`, d);
    const { image, pullPolicy: imagePullDefault } = resolveImage(s, project.name, options, d);
    const profile = imageProfile(image, x.profile);
    const isInit = initJobs.has(n);
    const komp = readKompose(s, d);
    const kind = decideKind(s, komp.controllerType ? { ...x, kind: x.kind ?? komp.controllerType } : x, profile, isInit, d);
    if (isInit && kind !== 'Job') {
      d.error(s.source.file, `services.${n}`, `other services wait for it to complete (service_completed_successfully), so it must be a one-shot Job; remove x-k8s.kind or set it to job`);
    }
    warnUntranslated(s, d);
    warnDeployDetails(s, d);
    const access = new HostAccess(x.podSecurity, n, s.source.file, d);
    if (s.useApiSocket) d.error(s.source.file, `services.${n}.use_api_socket`, `use_api_socket: true (the Docker API socket) cannot be rendered: ${DOCKER_SOCKET_FIX}`);
    const security = planSecurity(s, access, d);
    const user = planUser(s, x, profile, access, d);

    // Ports and exposure.
    const ports = kind === 'Job' ? [] : planPorts(s, profile, reached.has(n), d);

    // Environment and secrets.
    const allowed = new Set(x.allowLiteralSecrets ?? []);
    const envResult = translateEnvironment(s.environment, variableSecret, secretKeys, d, { service: n, literals, allowed: (k) => allowed.has(k) });
    const env: EnvVar[] = envResult.env;
    const command = s.entrypoint?.map(renderTemplate);
    const args = s.command?.map(renderTemplate);
    const hooks = planHooks(s.postStart, s.preStop, { service: n, file: s.source.file, user: s.user, uid: user.uid, imageHasShell: profile !== undefined, stopGracePeriod: s.stopGracePeriod, literals: { service: n, literals, allowed: (k) => allowed.has(k), secretName: variableSecret }, d });
    for (const k of hooks.literalKeys) secretKeys.use(k.key, true, k.source);
    const cmdRefs = [...(s.entrypoint ?? []), ...(s.command ?? []), ...(s.healthcheck?.test ?? [])].flatMap(templateRefs);
    ensureSecretVariables(env, [...cmdRefs, ...hooks.refs], variableSecret, secretKeys);
    const envFrom: { configMapRef: { name: string } }[] = [];
    if (Object.keys(envResult.fileConfig).length > 0) {
      const cmName = `${name}-env`;
      configMaps.push({ name: cmName, data: envResult.fileConfig, origin: `env_file of ${n}` });
      envFrom.push({ configMapRef: { name: cmName } });
    }

    let replicas = s.deploy?.replicas ?? s.scale ?? 1;
    if (kind === 'Job' || kind === 'DaemonSet') replicas = 1;

    // Volumes.
    const rootFs = planRootFilesystem(s, x, px.readOnlyRootFilesystem, profile, d);
    const readOnlyRoot = rootFs.readOnly;
    const writable = rootFs.writablePaths;
    const mountOverrides = x.mounts ?? {};
    const mounts = planMounts(
      { project, service: s, name, statefulSet: usesClaimTemplates(kind, replicas, s, x), claims, writablePaths: [...new Set(writable)], variableSecret, dataPaths: profile?.dataPaths, profileKnown: profile !== undefined, fillFromImage: x.fillFromImage, access, d },
      mountOverrides,
    );
    configMaps.push(...mounts.configMaps);
    const redirected = checkRefusedMounts(s, profile, d);
    if (kind !== 'Job') warnEphemeralData(s, profile, readOnlyRoot, d);
    for (const c of mounts.claims) {
      if (!c.external) standaloneClaims.set(c.name, c);
      claimUsers.set(c.name, [...(claimUsers.get(c.name) ?? []), name]);
    }
    if (profile?.env && mounts.mountPaths.has(profile.env.whenMounted) && !env.some((e) => e.name === profile.env!.name)) {
      env.push({ name: profile.env.name, value: profile.env.value });
    }
    for (const e of redirected) if (!env.some((x) => x.name === e.name)) env.push(e);
    for (const g of s.secrets) {
      const def = project.secrets[g.source];
      if (!def) continue;
      if (def.environment !== undefined && !def.external) secretKeys.use(def.environment, true, { kind: 'variable', variable: def.environment });
      else {
        const sname = def.external ? def.externalName ?? def.name : toDnsLabel(`${project.name}-${def.name}`);
        const prev = otherSecrets.get(sname);
        otherSecrets.set(sname, {
          name: sname,
          keys: [{ key: g.source.replace(/[^-._a-zA-Z0-9]/g, '_'), required: true, source: def.external || def.file === undefined ? { kind: 'external', name: def.name } : { kind: 'file', path: projectRelative(project.workingDir, def.file) } }],
          external: def.external,
          usedBy: prev?.usedBy ?? [],
        });
      }
    }

    // Probes (long-running workloads only).
    const firstTcp = ports.find((p) => p.protocol === 'TCP')?.containerPort;
    const probes = kind === 'Job' ? { portsNeeded: [] as number[], how: 'none' as const } : withKomposeProbes(planProbes(s.healthcheck, healthcheckArgv(s.healthcheck?.test), firstTcp, profile?.firstStartSeconds), komp, firstTcp);
    for (const p of probes.portsNeeded) {
      if (!ports.some((q) => q.containerPort === p && q.protocol === 'TCP')) {
        const taken = new Set(ports.map((q) => q.name));
        ports.push({ name: portName(p, 'tcp', taken), containerPort: p, protocol: 'TCP' });
      }
    }
    if (s.healthcheck?.disabled && ports.length > 0 && kind !== 'Job') {
      d.warn(s.source.file, `services.${n}.healthcheck`, 'healthcheck disabled: the pod gets no readiness or liveness probe, so its Service sends traffic before it is ready');
    }
    const portByNumber = (port: number | string): number | string => ports.find((q) => q.containerPort === port)?.name ?? port;
    const withNamedPort = <T extends { handler: unknown }>(probe: T | undefined): T | undefined => {
      if (!probe) return undefined;
      const h = probe.handler as Record<string, { port?: number | string }>;
      const key = Object.keys(h)[0];
      if (h[key].port === undefined) return probe;
      return { ...probe, handler: { [key]: { ...h[key], port: portByNumber(h[key].port!) } } };
    };

    // Resources.
    const component = decideComponent(kind, x, profile, isInit, ports.length > 0);
    const res = planResources(s, component, mounts.emptyDirBytes);
    if (res.defaulted) {
      d.warn(s.source.file, `services.${n}`, `no resources given; using the ${component} defaults (requests cpu ${res.resources.requests.cpu}, memory ${res.resources.requests.memory}; limits cpu ${res.resources.limits.cpu}, memory ${res.resources.limits.memory}); set deploy.resources`);
    }

    const pullPolicy = x.imagePullPolicy ?? komp.imagePullPolicy ?? (s.pullPolicy !== undefined ? pullPolicyOf(s, d) : imagePullDefault);
    const main: Container = {
      name,
      image,
      imagePullPolicy: pullPolicy as Container['imagePullPolicy'],
      ...(command ? { command } : {}),
      ...(args ? { args } : {}),
      ...(s.workingDir ? { workingDir: s.workingDir } : {}),
      env,
      envFrom,
      ports,
      startupProbe: withNamedPort(probes.startup),
      readinessProbe: withNamedPort(probes.readiness),
      livenessProbe: withNamedPort(probes.liveness),
      resources: { ...res.resources, limits: { ...res.resources.limits, ...planDevices(s, d) } },
      securityContext: { readOnlyRootFilesystem: readOnlyRoot, ...containerSecurity(security, user.uid === 0, mounts.devicesMounted) },
      volumeMounts: mounts.mounts,
      ...(hooks.postStart || hooks.preStop ? { lifecycle: { ...(hooks.postStart ? { postStart: hooks.postStart } : {}), ...(hooks.preStop ? { preStop: hooks.preStop } : {}) } } : {}),
      ...(s.tty ? { tty: true } : {}),
      ...(s.stdinOpen ? { stdin: true } : {}),
    };

    // Gates: depends_on as startup ordering.
    const initContainers: Container[] = fillContainers(main, mounts.fills);
    const podVolumes = [...mounts.volumes];
    const waitJobs: string[] = [];
    const notes: string[] = [];
    const gates: Gate[] = [];
    for (const [dep, on] of Object.entries(s.dependsOn).sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (!project.services[dep]) {
        notes.push(`depends_on ${dep} (required: false, not in the project): ignored`);
        continue;
      }
      if (on.condition === 'service_started') notes.push(`depends_on ${dep} (service_started): no wait; Kubernetes starts pods independently and restarts them until they work`);
      const depName = names.get(dep) ?? toDnsLabel(dep);
      if (on.condition === 'service_completed_successfully') {
        const job = jobNames.get(dep);
        if (job === undefined) continue;
        if (x.migrationGate) {
          if (!gates.some((g) => g.kind === 'schema')) initContainers.push(migrationGate(x.migrationGate.command, main));
          gates.push({ kind: 'schema', job });
        } else {
          initContainers.push(waitForJob(depName, job, gateImages.jobWait));
          gates.push({ kind: 'job', job });
          waitJobs.push(job);
        }
      } else if (on.condition === 'service_healthy') {
        const exp = exposures.get(dep);
        if (exp) {
          initContainers.push(waitForService(depName, exp.ports[0].port, gateImages.wait));
          gates.push({ kind: 'service', service: depName, port: exp.ports[0].port });
        } else if (!initJobs.has(dep)) d.warn(s.source.file, `services.${n}.depends_on.${dep}`, `cannot wait for ${dep} to be healthy: it has no port; the pods start without waiting`);
      }
    }
    if (user.uid === 0) {
      // Gate containers run other images, as a non-root user of their own, in a root pod.
      for (const [i, c] of initContainers.entries()) {
        if (c.image !== main.image) initContainers[i] = { ...c, securityContext: { ...c.securityContext, runAsUser: FALLBACK_UID, runAsGroup: FALLBACK_UID } };
      }
    }
    if (waitJobs.length > 0) {
      podVolumes.push({ name: TOKEN_VOLUME, projectedServiceAccountToken: { expirationSeconds: 3600 } });
      jobReaders.push({ name: truncateName(`${name}-wait`), serviceAccount: name, jobNames: waitJobs.sort() });

    }

    // A pod on the node's network may not set network sysctls (nor needs to: it binds the node's ports as root).
    const sysctls = planSysctls(s, ports.some((p) => p.containerPort < 1024) && !security.hostNetwork, d);
    const hostAliases = Object.entries(s.extraHosts)
      .map(([host, ip]) => ({ ip, hostnames: [host] }))
      .sort((a, b) => (a.hostnames[0] < b.hostnames[0] ? -1 : 1));
    const pod: PodSpec = {
      serviceAccountName: name,
      securityContext: {
        ...(user.uid === 0 ? { runAsNonRoot: false } : {}),
        runAsUser: user.uid,
        runAsGroup: user.gid,
        // Mounted files (claims, ConfigMaps, Secrets) become readable by the pod's group;
        // OnRootMismatch skips the recursive chown of large volumes on every start.
        fsGroup: user.gid,
        fsGroupChangePolicy: 'OnRootMismatch' as const,
        ...(sysctls ? { sysctls } : {}),
      },
      initContainers,
      containers: [main],
      volumes: podVolumes,
      restartPolicy: kind === 'Job' ? 'Never' : 'Always',
      ...(s.stopGracePeriod !== undefined ? { terminationGracePeriodSeconds: msToSeconds(s.stopGracePeriod, 0) } : {}),
      ...(hostAliases.length > 0 ? { hostAliases } : {}),
      spread: kind === 'Deployment' || kind === 'StatefulSet',
      ...(security.hostNetwork ? { hostNetwork: true } : {}),
      ...(security.hostPID ? { hostPID: true } : {}),
      ...(security.hostIPC ? { hostIPC: true } : {}),
    };
    access.checkNotTooHigh(`services.${n}.x-k8s.podSecurity`);

    let exposure: ServiceExposure | undefined;
    const tcpUdp = ports.filter((p) => s.ports.some((q) => q.target === p.containerPort) || s.expose.some((q) => q.port === p.containerPort) || p.containerPort === profile?.port || reached.has(n));
    if (kind !== 'Job' && tcpUdp.length > 0) {
      const type = x.serviceType ?? komposeServiceType(s.labels['kompose.service.type']);
      exposure = {
        type: type === 'Headless' || type === undefined ? 'ClusterIP' : type,
        headless: type === 'Headless',
        ports: tcpUdp.map((p, i) => ({
          name: p.name,
          port: servicePortNumber(s, type === 'LoadBalancer' ? 'LoadBalancer' : 'ClusterIP', p.containerPort, p.protocol, d),
          targetPort: p.name,
          protocol: p.protocol,
          ...(type === 'NodePort' ? nodePort(s, p.containerPort, i === 0, d) : {}),
        })),
      };
      exposures.set(n, exposure);
    }

    // Rollout: a claim that only one node can mount must not be attached by a surge pod.
    const rwoClaims = mounts.claims.filter((c) => c.accessModes.every((m) => m === 'ReadWriteOnce' || m === 'ReadWriteOncePod'));
    let strategy: Workload['strategy'];
    if (kind === 'Deployment') {
      if (rwoClaims.length > 0) {
        if (replicas > 1) {
          d.error(
            s.source.file,
            `services.${n}.deploy.replicas`,
            `${replicas} replicas share the ReadWriteOnce volume ${show(rwoClaims[0].volume)}, which only one node can mount; use replicas: 1, or give the volume x-k8s: {accessMode: ReadWriteMany} (a storage class that supports it), or make the service a StatefulSet (x-k8s: {kind: statefulset}) for one volume per replica`,
          );
        }
        strategy = { type: 'RollingUpdate', maxSurge: 0, maxUnavailable: 1 };
      } else {
        const u = s.deploy?.updateConfig;
        const step = Math.max(1, u?.parallelism ?? 1);
        strategy = u?.order === 'stop-first' ? { type: 'RollingUpdate', maxSurge: 0, maxUnavailable: step } : { type: 'RollingUpdate', maxSurge: step, maxUnavailable: 0 };
      }
    }

    const tag = parseImage(image).tag;
    const annotations: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...s.deploy?.labels, ...s.labels, ...s.annotations })) if (!k.startsWith('kompose.')) annotations[k] = v;

    const autoscale = kind === 'Deployment' || kind === 'StatefulSet' ? planAutoscale(s, x, d) : undefined;
    if (autoscale && rwoClaims.length > 0 && autoscale.max > 1) {
      d.error(
        s.source.file,
        `services.${n}.x-k8s.autoscale`,
        `up to ${autoscale.max} replicas would share the ReadWriteOnce volume ${show(rwoClaims[0].volume)}, which only one node can mount; give the volume x-k8s: {accessMode: ReadWriteMany} or remove the autoscaler`,
      );
    }
    const { ingress, route, published } = planTraffic({ service: s, name, x, px, gateway: options.gateway, exposure, container: main, profile, component }, d);

    // The data of the ConfigMaps the pod reads: a change must roll the pods (ConfigMap files mounted
    // with subPath and env values are never refreshed in place) and re-run an init Job.
    const configData = configMaps
      .filter((c) => referencedConfigMaps(pod).has(c.name))
      .map((c) => ({ name: c.name, data: c.data, binaryData: c.binaryData }))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    const podAnnotations: Record<string, string> = configData.length > 0 ? { [CONFIG_HASH_ANNOTATION]: sha(canonicalJson(configData)).slice(0, 16) } : {};
    if (security.apparmorUnconfined) podAnnotations[`container.apparmor.security.beta.kubernetes.io/${name}`] = 'unconfined';

    const podLabels = {
      ...Object.fromEntries(Object.keys(s.networks).sort().map((net) => [networkLabel(net), 'true'])),
      ...(x.egress ? { [EGRESS_RESTRICTED_LABEL]: 'true' } : {}),
    };
    const version = tag && toLabelValue(tag) ? tag : undefined;
    let workloadName = name;
    if (kind === 'Job') {
      // A Job's template is immutable: every input of it (labels included) is in the name, so an edit
      // makes a new Job instead of an update the API server refuses.
      const template = canonicalJson({ pod, podAnnotations, podLabels, version, service: name, project: projectLabel, component });
      workloadName = `${truncateName(name, 63 - JOB_HASH_LENGTH - 1)}-${sha(template).slice(0, JOB_HASH_LENGTH)}`;
      jobNames.set(n, workloadName);
    }

    const publishedPorts = kind === 'Job' ? [] : ports.filter((p) => s.ports.some((q) => q.published !== undefined && q.target === p.containerPort) || ingress?.servicePort === p.name || route?.portName === p.name);
    if (publishedPorts.length > 0 && publishedStaysInside({ component, exposure, ingress })) warnPublishedInside(s, component, name, publishedPorts, d);
    workloads.push({
      name: workloadName,
      service: name,
      kind,
      component,
      replicas,
      ...(version !== undefined ? { version } : {}),
      annotations,
      pod,
      ...(exposure ? { exposure } : {}),
      claimTemplates: mounts.claimTemplates,
      ...(strategy ? { strategy } : {}),
      ...(kind === 'Job'
        ? { job: { backoffLimit: backoffLimit(s), activeDeadlineSeconds: JOB_ACTIVE_DEADLINE_SECONDS, role: isInit ? ('init' as const) : ('task' as const) } }
        : {}),
      networks: Object.keys(s.networks).sort(),
      podLabels,
      ...(x.egress ? { egress: { cidrs: [...(x.egress.allow ?? [])] } } : {}),
      publishedPorts,
      published: kind === 'Job' ? [] : published,
      ...(autoscale ? { autoscale } : {}),
      ...(ingress ? { ingress } : {}),
      ...(route ? { route } : {}),
      podAnnotations,
      notes,
      gates,
      ...(access.optIn !== undefined ? { podSecurity: { level: access.optIn, reasons: access.reasons } } : {}),
    });
  }

  for (const [claim, users] of claimUsers) {
    const c = standaloneClaims.get(claim);
    if (c && users.length > 1 && c.accessModes.every((m) => m === 'ReadWriteOnce')) {
      d.warn(mainFile, `volumes.${c.volume}`, `mounted by ${users.join(', ')}; a ReadWriteOnce claim can be mounted by pods on one node only; give it x-k8s: {accessMode: ReadWriteMany} if they run on different nodes`);
    }
  }

  const contracts: SecretContract[] = [...otherSecrets.values()];
  if (secretKeys.size > 0) contracts.push({ name: variableSecret, keys: secretKeys.entries(), external: false, usedBy: [] });
  const secrets = contracts.map((c) => ({ ...c, usedBy: workloads.filter((w) => readsSecret(w, c.name)).map((w) => w.name).sort() }));
  const secretProvider = planSecretProvider(project, px, options, secrets, mainFile, d);
  const networkPolicies = planNetworkPolicies(projectLabel, workloads, px.ingressNamespace);
  checkCollisions({ project: projectLabel, workloads, claims: [...standaloneClaims.values()], configMaps, secrets, jobReaders, networkPolicies }, headlessName, mainFile, d);
  const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return {
    project: projectLabel,
    ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
    workloads: workloads.sort(byName),
    claims: [...standaloneClaims.values()].sort(byName),
    configMaps: dedupeConfigMaps(configMaps, d).sort(byName),
    secrets: secrets.sort(byName),
    jobReaders: jobReaders.sort(byName),
    networkPolicies,
    secretProvider,
    ...(outOfBandConfigMaps.size > 0 ? { outOfBandConfigMaps: [...outOfBandConfigMaps].sort() } : {}),
    podSecurity: workloads.reduce<PodSecurityLevel>((level, w) => weakest(level, w.podSecurity?.level ?? 'restricted'), 'restricted'),
  };
}

/** Pod-template annotation with a hash of the data of the ConfigMaps the pod reads. */
export const CONFIG_HASH_ANNOTATION = 'cdk8s-compose.io/config-hash';

function referencedConfigMaps(pod: PodSpec): Set<string> {
  const names = new Set<string>();
  for (const v of pod.volumes) if ('configMap' in v) names.add(v.configMap.name);
  for (const c of [...pod.initContainers, ...pod.containers]) {
    for (const e of c.envFrom) names.add(e.configMapRef.name);
    for (const e of c.env) if ('configMapKeyRef' in e) names.add(e.configMapKeyRef.name);
  }
  return names;
}

function readsSecret(w: Workload, secret: string): boolean {
  const containers = [...w.pod.initContainers, ...w.pod.containers];
  return (
    containers.some((c) => c.env.some((e) => 'secretKeyRef' in e && e.secretKeyRef.name === secret)) ||
    w.pod.volumes.some((v) => 'secret' in v && v.secret.secretName === secret)
  );
}

function dedupeConfigMaps(cms: ConfigMapModel[], d: Diagnostics): ConfigMapModel[] {
  const out = new Map<string, ConfigMapModel>();
  for (const cm of cms) {
    const prev = out.get(cm.name);
    if (prev && canonicalJson([prev.data, prev.binaryData]) !== canonicalJson([cm.data, cm.binaryData])) {
      d.error(undefined, undefined, `two ConfigMaps would be named ${show(cm.name)} (from ${prev.origin} and ${cm.origin}); rename one of the sources`);
    }
    out.set(cm.name, cm);
  }
  return [...out.values()];
}
