/**
 * The pipeline: compose files → normalized project → model → chart → files. Used by the CLI, by
 * `npx cdk8s synth` (main.ts) and by the tests; it prints nothing and never exits.
 */
import { App } from 'cdk8s';
import { ApplicationChart } from '../charts/application';
import { loadProject } from './compose';
import { ComposeProject, LoadOptions } from './compose/types';
import { Diagnostic } from './diagnostics';
import { buildModel, ModelOptions } from './model/build';
import { AppModel } from './model/types';
import { secretsDocument } from './output/documents';
import { K8sObject, renderFiles } from './output/render';
import { mermaidDiagram } from './report/mermaid';
import { buildReport, ConversionReport } from './report/report';
import { reportMarkdown } from './report/render';

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

/** Loads, validates and translates; throws a UserError with every problem found. */
export function compile(options: CompileOptions): CompileResult {
  const { project, warnings: loadWarnings } = loadProject(options);
  const { model, warnings: modelWarnings } = buildModel(project, options);
  const objects = synthesizeObjects(model);
  const warnings = [...loadWarnings, ...modelWarnings];
  const report = buildReport(project, model, objects, warnings);
  const diagram = mermaidDiagram(model);
  const { files } = renderFiles(objects, { 'README.md': reportMarkdown(report, diagram), 'SECRETS.md': secretsDocument(model) });
  return { project, model, objects, files, warnings, report, diagram };
}
