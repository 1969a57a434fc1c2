/**
 * `ComposeChart`: the compose application as a cdk8s chart, for cdk8s users who want it inside
 * their own app:
 *
 *   const app = new App();
 *   const chart = new ComposeChart(app, 'shop', { files: ['compose.yaml'], namespace: 'shop' });
 *   for (const w of chart.warnings) console.error(formatDiagnostic(w));
 *   fs.writeFileSync('dist/SECRETS.md', chart.secretsDocument);
 *   app.synth();
 *
 * Naming: `id` is the construct id only (cdk8s names the chart's output file after it, e.g.
 * `dist/shop.k8s.yaml`); it names no object. Objects are named after the compose services, as the
 * CLI names them, and the compose project name (`projectName`, else the file's `name:`, else the
 * folder's name; `chart.project`) is the `app.kubernetes.io/part-of` and `instance` label of each.
 *
 * Invalid input throws a UserError whose message lists every error (one a line) and whose
 * `diagnostics` hold them with their warnings.
 */
import { ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { ApplicationChart } from '../charts/application';
import { compileModel } from './compile';
import { Diagnostic } from './diagnostics';
import { secretsDocument } from './output/documents';

export interface ComposeChartProps extends ChartProps {
  /** Compose files, merged in order. @default the compose files of `cwd` (compose.yaml, …) */
  readonly files?: readonly string[];
  /** Folder that relative paths resolve against. @default process.cwd() */
  readonly cwd?: string;
  /** Variables files instead of the project's `.env`. @default the project's .env */
  readonly envFiles?: readonly string[];
  /** Compose profiles to enable. @default COMPOSE_PROFILES, else none */
  readonly profiles?: readonly string[];
  /** Compose project name. @default the file's `name:`, else the project folder's name */
  readonly projectName?: string;
  /** Variables for interpolation. @default process.env */
  readonly environment?: Readonly<Record<string, string | undefined>>;
  /** Namespace of every object; also emits the Namespace. @default no namespace */
  readonly namespace?: string;
  /**
   * Registry for services that have `build:` and no `image:` (with `imageTag`: `REG/<project>-<service>:TAG`).
   * Not required: without it such a service gets compose's own image name `<project>-<service>`, with an
   * `unpushed-image` warning. @default none
   */
  readonly imageRegistry?: string;
  /** Tag for services that have `build:` and no `image:`; given together with `imageRegistry`. @default none */
  readonly imageTag?: string;
  /** Parent Gateway (`NAMESPACE/NAME`) of the HTTPRoutes; the Ingress settings become routes. @default the top-level `x-k8s.gateway`, and Ingresses */
  readonly gateway?: string;
}

export class ComposeChart extends ApplicationChart {
  /**
   * Every warning of the translation, in full (the CLI prints the same ones, grouped by kind);
   * `formatDiagnostic(w)` gives the CLI's line. Those with a `code` need attention before production.
   */
  readonly warnings: readonly Diagnostic[];
  /** The compose project name: the `app.kubernetes.io/part-of` and `instance` label of every object. */
  readonly project: string;
  /**
   * SECRETS.md as the CLI writes it: every Secret the objects reference (compose secrets, the
   * Ingresses' TLS Secrets), its keys and the `kubectl create secret` command.
   */
  readonly secretsDocument: string;

  constructor(scope: Construct, id: string, props: ComposeChartProps = {}) {
    const { model, warnings } = compileModel({ ...props, files: props.files ?? [] });
    super(scope, id, model, { labels: props.labels });
    this.warnings = warnings;
    this.project = model.project;
    this.secretsDocument = secretsDocument(model);
  }
}
