/**
 * Compose project → application model. Every decision is taken here (see the modules it calls);
 * the charts only translate the result.
 */
import { ComposeProject, SecretVarRef } from '../compose';
import { Diagnostic, Diagnostics, show } from '../diagnostics';
import { readProjectX, readServiceX } from './extensions';
import { ensureSecretVariables, renderTemplate, SecretKeys, templateRefs, translateEnvironment, LiteralSecrets, SecretProviderOptions, recordServiceSecrets, identifySecretValues } from './values';
import { healthcheckArgv, checkPorts, DEFAULT_GATE_IMAGES, planDevices, planHooks, planResources, checkReservations, backoffLimit, decideComponent, decideKind, dependencyOrder, dependencyRoles, planContainerProbes, mainContainer, gatesAsNonRoot, planDependsOn, planPodSpec, planStrategy, fitMemory, checkProbeShell, planWorkloadAutoscale, readWriteOnceClaims, JOB_ACTIVE_DEADLINE_SECONDS, jobName } from './workload';
import { parseImage, resolveImage, pullPolicyOf } from './images';
import { imageFactsNote, serviceImageFacts, withPinnedImage } from './image-facts';
import type { LockFile } from '../lockfile';
import { checkMissingFiles, dataFolderBinds, DOCKER_SOCKET_FIX, StorageNames, planClaims, planMounts, fillContainers, usesClaimTemplates } from './storage';
import { isDnsLabel, toDnsLabel, toLabelValue, truncateName } from './names';
import { warnDeployDetails, warnUntranslated } from './untranslated';
import { readKompose } from './kompose';
import { planSecurity, planUser, checkRefusedMounts, planRootFilesystem, warnEphemeralData, HostAccess } from './security';
import { AppModel, Claim, ConfigMapModel, EnvVar, JobReader, SecretContract, ServiceExposure, Workload } from './types';
import { EGRESS_RESTRICTED_LABEL, networkLabel, publishedStaysInside, warnPublishedInside, checkGatewayOption, planTraffic, planServiceNames, planPorts, planServiceExposure, planUses, planAliases, renamedServices, renameHosts, renameHostsInFiles, knownPorts, listedPorts, portSources, checkHostIps, isPublishedOutside } from './network';
import { configHashAnnotation } from './config-hash';
import { assembleModel } from './assemble-model';
import { mergePods, planPods, podClaimUsers, reachableNames } from './pods';

/** What the model reads first of every service: its x-k8s, its image and what the lock file says about the image. */
interface ServiceBasics {
  readonly x: ReturnType<typeof readServiceX>;
  readonly image: string;
  readonly pullPolicy: ReturnType<typeof resolveImage>['pullPolicy'];
  readonly facts: ReturnType<typeof serviceImageFacts>;
  /** What reading them found, reported in the service's turn. */
  readonly diagnostics: readonly Diagnostic[];
}

export { canonicalJson } from './canonical-json';
export { CONFIG_HASH_ANNOTATION } from './config-hash';
export { JOB_ACTIVE_DEADLINE_SECONDS, JOB_HASH_LENGTH } from './workload';

export interface ModelOptions extends SecretProviderOptions {
  /** `--namespace`: every namespaced object goes there. */
  readonly namespace?: string;
  /** `--image-registry` and `--image-tag`: the image of a service that has `build:` and no `image:`. */
  readonly imageRegistry?: string;
  readonly imageTag?: string;
  /** `--gateway NAMESPACE/NAME`: the default parent of the routes; the Ingress settings become routes. */
  readonly gateway?: string;
  /** The project's lock file (image facts; src/lockfile), when there is one. */
  readonly lock?: LockFile;
  /** `--pin-digests` (else the top-level x-k8s.pinDigests): locked images as `name:tag@sha256:…`. */
  readonly pinDigests?: boolean;
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
export function planModel(composeProject: ComposeProject, options: ModelOptions, d: Diagnostics): AppModel {
  // Secret identity by value: every occurrence of a secret value becomes a reference to its key.
  const literals = new LiteralSecrets(composeProject.services, composeProject.secretVariables);
  const secretValues = identifySecretValues(composeProject, literals, d);
  let project = secretValues.project;
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
  const names = planServiceNames(project, d);
  // Services that share a pod (network_mode service:X / container:NAME, kompose.service.group).
  const pods = planPods(project, d);
  const gateNames = reachableNames(pods, names);
  // Renamed services: every host use of the old name is rewritten (network/renames.ts).
  const renames = renamedServices(project, names);
  project = renameHosts(project, renames, d);
  // Who uses whom by name (and on which ports), and the alias Services.
  const uses = planUses(project);
  const usesByTarget = new Map<string, (typeof uses)[number][]>();
  for (const u of uses) {
    const list = usesByTarget.get(u.target);
    if (list) list.push(u);
    else usesByTarget.set(u.target, [u]);
  }
  const usesOf = (n: string) => usesByTarget.get(n) ?? [];
  const aliases = planAliases(project, names, uses, d);

  // Which services others wait on until they complete (init Jobs), and which they reach.
  const { initJobs } = dependencyRoles(project);

  const storageNames = new StorageNames(d);
  // Each service's x-k8s, image and image facts, read once: the storage plan below and the service loop use them.
  const basics = new Map<string, ServiceBasics>();
  // Dependencies first (the service loop below plans in this order too).
  const order = dependencyOrder(project);
  for (const n of order) {
    const s = project.services[n];
    if (s.keys.includes('provider')) continue;
    // Their diagnostics are reported by the service loop, in the service's own turn.
    const found = new Diagnostics();
    const x = readServiceX(s.extensions['x-k8s'], s.source.file, `services.${n}.x-k8s`, found);
    const { image, pullPolicy } = resolveImage(withPinnedImage(s, options.lock, options.pinDigests ?? px.pinDigests ?? false), project.name, options, found);
    // What the lock file says about the image, and the profile (by name, x-k8s.profile, or derived from the locked configuration).
    basics.set(n, { x, image, pullPolicy, facts: serviceImageFacts(s, image, options.lock, x.profile), diagnostics: found.all });
  }
  const basicsOf = (n: string): ServiceBasics => basics.get(n)!;
  // Bind sources that one service mounts over its data folder: one claim for every mount of them.
  const dataBinds = dataFolderBinds(project, (s) => {
    const b = basics.get(s.name);
    if (b === undefined) return { dataPaths: [], mountOverrides: {} }; // a provider service runs no container
    const { x, facts } = b;
    return { dataPaths: [...(facts.profile?.dataPaths ?? []), ...facts.volumes], mountOverrides: x.mounts ?? {} };
  });
  const claims = planClaims(project, d, storageNames);
  const secretKeys = new SecretKeys(secretValues.sourceOf);
  const outOfBandConfigMaps = checkMissingFiles(project, (options.secrets ?? px.secretProvider) === 'inline', d);
  const otherSecrets = new Map<string, SecretContract>();
  const workloads: Workload[] = [];
  const configMaps: ConfigMapModel[] = [];
  const standaloneClaims = new Map<string, Claim>();
  const claimUsers = new Map<string, string[]>();
  const jobNames = new Map<string, string>();
  const exposures = new Map<string, ServiceExposure>();
  const jobReaders: JobReader[] = [];

  for (const n of order) {
    const s = project.services[n];
    if (s.keys.includes('provider')) {
      // Compose runs a provider plugin instead of a container: nothing is created (the warning says so).
      warnUntranslated(s, d);
      continue;
    }
    const name = names.get(n) ?? toDnsLabel(n);
    const { x, image, pullPolicy: imagePullDefault, facts, diagnostics: readFirst } = basicsOf(n);
    d.addAll(readFirst);
    const profile = facts.profile;
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
    const lockRoot = facts.rootInConfig ? `the image's configuration (lock file) sets User ${show(facts.entry!.facts.user)}` : undefined;
    const user = planUser(s, x, profile, access, d, facts.imageUser, lockRoot);

    // Ports and exposure.
    // Every known port, each with its source (network/known-ports.ts); the lock file's ExposedPorts join as the 'lock' source.
    // Compose runs the image's own healthcheck when it sets none.
    const healthcheck = s.healthcheck ?? facts.healthcheck;
    // Its argv, made once for the ports here and the probes below (both look at the same check).
    const healthArgv = kind === 'Job' ? undefined : healthcheckArgv(healthcheck?.test);
    const healthcheckPorts = kind === 'Job' ? [] : checkPorts(healthcheck, healthArgv);
    const lockSource = { origin: 'lock' as const, ports: facts.ports.map((p) => ({ port: p.port, protocol: p.protocol as 'tcp' | 'udp', from: 'image configuration (lock file)' })) };
    const known = kind === 'Job' ? [] : knownPorts([...portSources({ service: s, healthcheckPorts, profile, uses: usesOf(n) }), lockSource]);
    // The image's ExposedPorts say it serves there while it runs its own command (not a worker that runs another).
    const imageCommandKept = s.command === undefined && s.entrypoint === undefined;
    const listed = listedPorts(known, kind !== 'Job' && (usesOf(n).length > 0 || (imageCommandKept && facts.ports.length > 0)), imageCommandKept);
    const ports = planPorts(listed.ports);
    checkHostIps(s, name, d);

    // Environment and secrets.
    const allowed = new Set(x.allowLiteralSecrets ?? []);
    const envResult = translateEnvironment(s.environment, variableSecret, secretKeys, d, { service: n, literals, allowed: (k) => allowed.has(k) });
    const env: EnvVar[] = envResult.env;
    const command = s.entrypoint?.map(renderTemplate);
    const args = s.command?.map(renderTemplate);
    const hooks = planHooks(s.postStart, s.preStop, { service: n, file: s.source.file, user: s.user, uid: user.uid, imageHasShell: profile !== undefined, stopGracePeriod: s.stopGracePeriod, literals: { service: n, literals, allowed: (k) => allowed.has(k), secretName: variableSecret }, d });
    for (const k of hooks.literalKeys) secretKeys.use(k.key, true, k.source);
    const cmdRefs: SecretVarRef[] = [];
    for (const argv of [s.entrypoint, s.command, s.healthcheck?.test]) for (const t of argv ?? []) cmdRefs.push(...templateRefs(t));
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
      { project, service: s, name, statefulSet: usesClaimTemplates(kind, replicas, s, x), claims, writablePaths: [...new Set(writable)], variableSecret, dataPaths: [...(profile?.dataPaths ?? []), ...facts.volumes], imageVolumes: facts.volumes, profileKnown: profile !== undefined, fillFromImage: x.fillFromImage, access, names: storageNames, dataFolderBinds: dataBinds, d },
      mountOverrides,
    );
    configMaps.push(...renameHostsInFiles(mounts.configMaps, renames, s.source.file, n, d));
    for (const c of mounts.secrets) otherSecrets.set(c.name, c);
    for (const c of mounts.outOfBandConfigMaps) outOfBandConfigMaps.add(c.name);
    const redirected = checkRefusedMounts(s, profile, d);
    if (kind !== 'Job') warnEphemeralData(s, profile, readOnlyRoot, d, facts.volumes);
    for (const c of mounts.claims) {
      if (!c.external) standaloneClaims.set(c.name, c);
      const users = claimUsers.get(c.name);
      if (users) users.push(name);
      else claimUsers.set(c.name, [name]);
    }
    if (profile?.env && mounts.mountPaths.has(profile.env.whenMounted) && !env.some((e) => e.name === profile.env!.name)) {
      env.push({ name: profile.env.name, value: profile.env.value });
    }
    for (const e of redirected) if (!env.some((x) => x.name === e.name)) env.push(e);
    recordServiceSecrets(project, s, secretKeys, otherSecrets);

    // Probes (long-running workloads only); adds the ports they use to `ports`.
    // The default TCP probe checks one of the service's own ports, never one only others name or the Dockerfile exposes.
    const probePorts = ports.filter((p) => listed.probePorts.some((k) => k.port === p.containerPort && k.protocol.toUpperCase() === p.protocol));
    const probes = planContainerProbes(n, facts.healthcheck && !s.healthcheck ? { ...s, healthcheck: facts.healthcheck } : s, kind, komp, profile, probePorts, d, healthArgv);
    for (const p of probePorts) if (!ports.includes(p)) ports.push(p);
    if (kind !== 'Job') checkProbeShell(s, image, d);

    // Resources.
    const component = decideComponent(kind, x, profile, isInit, ports.length > 0);
    const planned = planResources(s, component, mounts.emptyDirBytes);
    checkReservations(s, planned.resources, d);
    const res = { ...planned, resources: fitMemory(s, { image, component, volumes: mounts.volumes, limitFromCompose: planned.memoryLimitSet }, planned.resources, d) };
    if (res.defaulted) {
      d.warn(s.source.file, `services.${n}`, `no resources given; using the ${component} defaults (requests cpu ${res.resources.requests.cpu}, memory ${res.resources.requests.memory}; limits cpu ${res.resources.limits.cpu}, memory ${res.resources.limits.memory}); set deploy.resources`);
    }

    const pullPolicy = x.imagePullPolicy ?? komp.imagePullPolicy ?? (s.pullPolicy !== undefined ? pullPolicyOf(s, d, options.imageRegistry) : imagePullDefault);
    const main = mainContainer(s, {
      name,
      image,
      pullPolicy,
      command,
      args,
      env,
      envFrom,
      ports,
      probes,
      resources: res.resources,
      deviceLimits: planDevices(s, d),
      readOnlyRoot,
      security,
      root: user.uid === 0,
      devicesMounted: mounts.devicesMounted,
      volumeMounts: mounts.mounts,
      hooks,
    });

    // Gates: depends_on as startup ordering.
    const startup = planDependsOn({ project, n, service: s, name, migrationGate: x.migrationGate, main, names: gateNames, jobNames, exposures, initJobs, gateImages }, d);
    const initContainers = gatesAsNonRoot([...fillContainers(main, mounts.fills), ...startup.containers], main, user.uid === 0);
    const podVolumes = [...mounts.volumes, ...(startup.tokenVolume ? [startup.tokenVolume] : [])];
    if (startup.jobReader) jobReaders.push(startup.jobReader);
    const { gates } = startup;
    const factsNote = imageFactsNote(s, facts, user.uid, x.runAsUser);
    const notes = [
      ...startup.notes,
      ...(factsNote !== undefined ? [factsNote] : []),
      ...(listed.ports.length > 0 ? [`ports and where each is known from: ${listed.ports.map((k) => `${k.port}${k.protocol === 'tcp' ? '' : `/${k.protocol.toUpperCase()}`} (${k.from})`).join(', ')}`] : []),
      ...((aliases.get(n) ?? []).length > 0 ? [`also reached as ${aliases.get(n)!.join(', ')} (alias Services with the same selector)`] : []),
    ];

    const pod = planPodSpec({ service: s, name, kind, user, security, initContainers, main, volumes: podVolumes }, d);
    access.checkNotTooHigh(`services.${n}.x-k8s.podSecurity`);

    const exposure = listed.serves ? planServiceExposure(s, name, kind, x, ports, usesOf(n), aliases.get(n) ?? [], d) : undefined;
    if (exposure) exposures.set(n, exposure);

    // Rollout: a claim that only one node can mount must not be attached by a surge pod.
    const rwoClaims = readWriteOnceClaims(mounts.claims);
    const strategy = planStrategy(s, n, kind, replicas, rwoClaims, d);

    const tag = parseImage(image).tag;
    // Compose's `labels` (container labels, often not valid label values) and `deploy.labels`
    // (service labels) annotate the workload; `annotations` are the container's annotations in the
    // compose specification, so they annotate the pod template (below), where pod-reading tools
    // (scrapers, meshes, admission webhooks) look for them, as written. kompose.* labels are
    // instructions (src/model/kompose.ts), not annotations.
    const annotations: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...s.deploy?.labels, ...s.labels })) if (!k.startsWith('kompose.')) annotations[k] = v;

    const autoscale = planWorkloadAutoscale(s, n, kind, x, rwoClaims, d);
    const { ingress, route, published } = planTraffic({ service: s, name, x, px, gateway: options.gateway, exposure, container: main, profile, component }, d);

    // Compose's annotations first (the ones this compiler sets win over a same-named one), then the
    // hash of the data of the ConfigMaps the pod reads: a change must roll the pods and re-run an init Job.
    const podAnnotations: Record<string, string> = { ...s.annotations, ...configHashAnnotation(pod, configMaps) };
    if (security.apparmorUnconfined) podAnnotations[`container.apparmor.security.beta.kubernetes.io/${name}`] = 'unconfined';

    const networks = Object.keys(s.networks).sort();
    const podLabels: Record<string, string> = {};
    for (const net of networks) podLabels[networkLabel(net)] = 'true';
    if (x.egress) podLabels[EGRESS_RESTRICTED_LABEL] = 'true';
    const version = facts.version ?? (tag && toLabelValue(tag) ? tag : undefined);
    let workloadName = name;
    if (kind === 'Job') {
      // A Job's template is immutable: every input of it (labels included) is in the name, so an edit
      // makes a new Job instead of an update the API server refuses.
      workloadName = jobName(name, { pod, podAnnotations, podLabels, version, service: name, project: projectLabel, component });
      jobNames.set(n, workloadName);
    }

    const publishedPorts = kind === 'Job' ? [] : ports.filter((p) => s.ports.some((q) => isPublishedOutside(q) && q.target === p.containerPort) || ingress?.servicePort === p.name || route?.portName === p.name);
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
      networks,
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

  // The workloads of the services of one pod become one (the report says what was merged and why).
  const podWorkloads = mergePods({ project, plan: pods, names, configMaps, jobReaders }, workloads, d);
  return assembleModel(
    { project, px, options, mainFile, projectLabel, variableSecret, secretKeys, secretValueOf: secretValues.valueOf, otherSecrets, workloads: podWorkloads, standaloneClaims, claimUsers: podClaimUsers(pods, names, claimUsers), volumeClaims: claims, configMaps, jobReaders, outOfBandConfigMaps },
    d,
  );
}
