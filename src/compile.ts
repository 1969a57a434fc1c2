/**
 * The pipeline: compose files → normalized project → model → chart → files. Used by the CLI, by
 * `npx cdk8s synth` (main.ts) and by the tests; it prints nothing and never exits.
 */
import { App } from 'cdk8s';
import { ApplicationChart, addObjects } from '../charts/application';
import { chartJson, manifestsJson } from '../charts/synth-json';
import { isAtOrBelow, readProject, type FrontEndResult, ComposeProject, LoadOptions } from './compose';
import { Diagnostic, Diagnostics, UserError } from './diagnostics';
import { loadLock, type LockUseOptions } from './lockfile';
import { ModelOptions, planModel } from './model/build';
import { toDnsLabel } from './model/names';
import { AppModel } from './model/types';
import { secretsDocument, tlsSecretsOf } from './output/documents';
import { K8sObject, renderFiles } from './output/render';
import { mermaidDiagram } from './report/mermaid';
import { buildReport, ConversionReport } from './report/report';
import { reportMarkdown } from './report/render';
import { strictDiagnostics } from './strict';
import { ExternalObjects, verifyObjects } from './verify';
import { timed } from './timings';

export interface CompileOptions extends LoadOptions, ModelOptions, LockUseOptions {
  /** `--strict`: every warning with an attention code (src/attention.ts) is an error. */
  readonly strict?: boolean;
  /** Record each stage's time (src/timings.ts; `CDK8S_COMPOSE_TIMINGS=1` on the command line). Default: off. */
  readonly timings?: boolean;
  /**
   * Whether to render the output folder's files (the result's `files`): the objects' YAML, kustomization.yaml,
   * README.md and SECRETS.md (1.8 MB for 1,000 services). `synth --stdout` streams the objects' YAML
   * itself (writeYamlStream), and `check` and `graph` write none. Default: true.
   */
  readonly outputFiles?: boolean;
}

export interface CompileResult {
  readonly project: ComposeProject;
  readonly model: AppModel;
  readonly objects: readonly K8sObject[];
  /** Output folder contents: file name → text (none with `outputFiles: false`). */
  readonly files: ReadonlyMap<string, string>;
  readonly warnings: readonly Diagnostic[];
  readonly report: ConversionReport;
  /** The Mermaid diagram of the application (also in the output's README.md). */
  readonly diagram: string;
}

/**
 * The model's objects as JSON, as the application chart renders them: from the L1 classes' props
 * and converters without a construct tree (`manifestsJson`), or, when that path cannot give the
 * chart's result, through the chart in a throwaway App (nothing is written).
 */
export function synthesizeObjects(model: AppModel): K8sObject[] {
  const plain = manifestsJson((out) => addObjects(out, model));
  if (plain) return plain as K8sObject[];
  const app = new App({ outdir: '/nonexistent-cdk8s-compose' });
  const chart = new ApplicationChart(app, model.project, model);
  return chartJson(chart) as K8sObject[];
}

/** What the manifests reference but do not contain: Secrets created out of band, external configs and claims. */
export function externalObjectsOf(project: ComposeProject, model: AppModel): ExternalObjects {
  const viaProvider = model.secretProvider.kind !== 'external';
  return {
    // TLS Secrets of the Ingresses are created by hand (SECRETS.md) unless cert-manager makes them.
    secrets: [...model.secrets.filter((s) => !viaProvider || s.external).map((s) => s.name), ...tlsSecretsOf(model).map((t) => t.name)],
    configMaps: [...Object.values(project.configs).filter((c) => c.external).map((c) => c.externalName ?? c.name), ...(model.outOfBandConfigMaps ?? [])],
    claims: Object.values(project.volumes).flatMap((v) => {
      const existing = (v.extensions['x-k8s'] as { existingClaim?: unknown } | undefined)?.existingClaim;
      return typeof existing === 'string' ? [existing] : v.external ? [v.externalName ?? v.name] : [];
    }),
  };
}

/** Compose service names → the names of the services that an error of `ds` is about (`services.NAME…`). */
function servicesWithErrors(ds: readonly Diagnostic[], services: readonly string[]): Set<string> {
  // Longest names first: a service name may contain dots (`api.v2`).
  const names = [...services].sort((a, b) => b.length - a.length);
  const out = new Set<string>();
  for (const d of ds) {
    if (d.severity !== 'error') continue;
    const name = names.find((n) => isAtOrBelow(d.path, `services.${n}`));
    if (name !== undefined) out.add(name);
  }
  return out;
}

/**
 * Whether a front-end error at `reported` already says what a model problem at `path` says: the
 * same path, or a path below it. An error about a whole service (`services.web: unknown key …`)
 * covers only the same path, so the service's other problems are still reported.
 */
function covers(reported: string | undefined, path: string | undefined, services: readonly string[]): boolean {
  if (reported === undefined || path === undefined) return false;
  if (reported === path) return true;
  return !services.some((n) => reported === `services.${n}`) && isAtOrBelow(path, reported);
}

interface Stages {
  readonly front: FrontEndResult;
  readonly model?: AppModel;
  readonly objects?: K8sObject[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Runs every stage as far as it soundly can, so that one run reports every problem: the front end
 * goes on past invalid values; the model runs on every service whose definition is complete (a
 * model problem at or below a path the front end already reported is the same problem, and is
 * left out); the output check runs on what the model made, leaving out the objects of services that
 * already have errors. Nothing here throws for any input.
 */
function runStages(options: CompileOptions, check: boolean): Stages {
  const t = options.timings === true;
  const front = timed(t, 'read', () => readProject(options));
  const frontErrors = front.diagnostics.filter((d) => d.severity === 'error');
  if (front.project === undefined || !front.modelReady) return { front, diagnostics: front.diagnostics };
  const project = front.project;
  const modelProject: ComposeProject =
    front.incomplete.size === 0 ? project : { ...project, services: Object.fromEntries(Object.entries(project.services).filter(([n]) => !front.incomplete.has(n))) };
  const d = new Diagnostics();
  // The lock file (image facts; never the network): --lock-file, else beside the first compose file.
  const lock = options.lock ?? loadLock(project, options, d);
  let model: AppModel;
  try {
    model = timed(t, 'model', () => planModel(modelProject, { ...options, ...(lock ? { lock } : {}) }, d));
  } catch (e) {
    // The model met input the front end has already reported as invalid.
    if (frontErrors.length > 0 && !(e instanceof UserError)) return { front, diagnostics: front.diagnostics };
    throw e;
  }
  const serviceNames = Object.keys(project.services);
  const modelDiagnostics = d.all.filter((m) => !frontErrors.some((f) => covers(f.path, m.path, serviceNames)));
  const diagnostics = [...front.diagnostics, ...modelDiagnostics];
  if (!check) return { front, model, diagnostics };
  const modelErrors = modelDiagnostics.filter((m) => m.severity === 'error');
  // A model error about no one service (a name collision, a ConfigMap clash) may leave any object wrong.
  if (modelErrors.some((m) => !serviceNames.some((n) => isAtOrBelow(m.path, `services.${n}`)))) return { front, model, diagnostics };
  let objects: K8sObject[];
  try {
    const m = model;
    objects = timed(t, 'objects', () => synthesizeObjects(m));
  } catch (e) {
    if (diagnostics.some((x) => x.severity === 'error')) return { front, model, diagnostics };
    throw e;
  }
  // The output must hold together before anything is written: every reference resolves.
  const built = objects;
  const found = timed(t, 'check', () => verifyObjects(built, externalObjectsOf(project, model)));
  // The service of each object, to leave out findings about services that already have errors:
  // made only when there is a finding (a passing check is the rule, and this is a string per object).
  const failed = found.length > 0 ? new Set([...servicesWithErrors(diagnostics, serviceNames)].map(toDnsLabel)) : new Set<string>();
  const owner = found.length > 0 ? new Map(objects.map((o) => [`${o.kind}/${o.metadata.name}`, (o.metadata as { labels?: Record<string, string> }).labels?.['app.kubernetes.io/name']])) : new Map<string, string | undefined>();
  const broken = found.filter((b) => !failed.has(owner.get(b.path ?? '') ?? '')).map((b) => ({ ...b, message: `${b.message} (the output failed its reference check)` }));
  return { front, model, objects, diagnostics: [...diagnostics, ...broken] };
}

/** Front end and model only (no objects): for the cdk8s construct. Throws a UserError with every problem found. */
export function compileModel(options: CompileOptions): { project: ComposeProject; model: AppModel; warnings: Diagnostic[] } {
  const { front, model, diagnostics: found } = runStages(options, false);
  const diagnostics = options.strict ? strictDiagnostics(found) : found;
  if (diagnostics.some((x) => x.severity === 'error') || front.project === undefined || model === undefined) throw new UserError(diagnostics.length > 0 ? diagnostics : 'cannot load the compose project');
  return { project: front.project, model, warnings: diagnostics.filter((x) => x.severity === 'warning') };
}

/** Loads, validates and translates; throws a UserError with every problem found. */
export function compile(options: CompileOptions): CompileResult {
  const { front, model, objects, diagnostics: found } = runStages(options, true);
  // --strict: the warnings that need attention are errors, reported with every other problem of the run.
  const diagnostics = options.strict ? strictDiagnostics(found) : found;
  if (diagnostics.some((x) => x.severity === 'error') || front.project === undefined || model === undefined || objects === undefined) {
    throw new UserError(diagnostics.length > 0 ? diagnostics : 'cannot load the compose project');
  }
  const project = front.project;
  const warnings = diagnostics.filter((x) => x.severity === 'warning');
  const t = options.timings === true;
  const report = timed(t, 'report', () => buildReport(project, model, objects, warnings, front.inputs));
  let diagram: string | undefined;
  const diagramOf = () => (diagram ??= mermaidDiagram(model));
  const files =
    options.outputFiles === false
      ? new Map<string, string>()
      : timed(t, 'yaml', () => renderFiles(objects, { 'README.md': reportMarkdown(report, diagramOf()), 'SECRETS.md': secretsDocument(model) }).files);
  return {
    project,
    model,
    objects,
    files,
    warnings,
    report,
    get diagram() {
      return diagramOf();
    },
  };
}
