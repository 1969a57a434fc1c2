/**
 * The pipeline: compose files → normalized project → model → chart → files. Used by the CLI, by
 * `npx cdk8s synth` (main.ts) and by the tests; it prints nothing and never exits.
 */
import { App } from 'cdk8s';
import { ApplicationChart } from '../charts/application';
import { loadProject } from './compose';
import { ComposeProject, LoadOptions } from './compose/types';
import { Diagnostic, UserError } from './diagnostics';
import { buildModel, ModelOptions } from './model/build';
import { AppModel } from './model/types';
import { secretsDocument } from './output/documents';
import { K8sObject, renderFiles } from './output/render';
import { mermaidDiagram } from './report/mermaid';
import { buildReport, ConversionReport } from './report/report';
import { reportMarkdown } from './report/render';
import { ExternalObjects, verifyObjects } from './verify';

export interface CompileOptions extends LoadOptions, ModelOptions {}

export interface CompileResult {
  readonly project: ComposeProject;
  readonly model: AppModel;
  readonly objects: readonly K8sObject[];
  /** Output folder contents: file name → text. */
  readonly files: ReadonlyMap<string, string>;
  readonly warnings: readonly Diagnostic[];
  readonly report: ConversionReport;
  /** The Mermaid diagram of the application (also in the output's README.md). */
  readonly diagram: string;
}

/** Synthesizes the model's objects with cdk8s, in a throwaway App (nothing is written). */
export function synthesizeObjects(model: AppModel): K8sObject[] {
  const app = new App({ outdir: '/nonexistent-cdk8s-compose' });
  const chart = new ApplicationChart(app, model.project, model);
  return chart.toJson() as K8sObject[];
}

/** What the manifests reference but do not contain: Secrets created out of band, external configs and claims. */
export function externalObjectsOf(project: ComposeProject, model: AppModel): ExternalObjects {
  const viaProvider = model.secretProvider.kind !== 'external';
  return {
    secrets: model.secrets.filter((s) => !viaProvider || s.external).map((s) => s.name),
    configMaps: Object.values(project.configs).filter((c) => c.external).map((c) => c.externalName ?? c.name),
    claims: Object.values(project.volumes).flatMap((v) => {
      const existing = (v.extensions['x-k8s'] as { existingClaim?: unknown } | undefined)?.existingClaim;
      return typeof existing === 'string' ? [existing] : v.external ? [v.externalName ?? v.name] : [];
    }),
  };
}

/** Loads, validates and translates; throws a UserError with every problem found. */
export function compile(options: CompileOptions): CompileResult {
  const { project, warnings: loadWarnings } = loadProject(options);
  let built: ReturnType<typeof buildModel>;
  try {
    built = buildModel(project, options);
  } catch (e) {
    // Keep the front end's warnings (an unset variable often explains a model error).
    if (e instanceof UserError) throw new UserError([...loadWarnings, ...e.diagnostics]);
    throw e;
  }
  const { model, warnings: modelWarnings } = built;
  const objects = synthesizeObjects(model);
  // The output must hold together before anything is written: every reference resolves.
  const broken = verifyObjects(objects, externalObjectsOf(project, model));
  if (broken.length > 0) {
    throw new UserError([
      ...loadWarnings,
      ...modelWarnings,
      ...broken.map((d) => ({ ...d, message: `${d.message} (the output failed its reference check; nothing was written)` })),
    ]);
  }
  const warnings = [...loadWarnings, ...modelWarnings];
  const report = buildReport(project, model, objects, warnings);
  const diagram = mermaidDiagram(model);
  const { files } = renderFiles(objects, { 'README.md': reportMarkdown(report, diagram), 'SECRETS.md': secretsDocument(model) });
  return { project, model, objects, files, warnings, report, diagram };
}
