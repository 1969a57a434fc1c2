/**
 * `ComposeChart`: the compose application as a cdk8s chart, for cdk8s users who want it inside
 * their own app:
 *
 *   const app = new App();
 *   new ComposeChart(app, 'shop', { files: ['compose.yaml'], namespace: 'shop' });
 *   app.synth();
 *
 * Invalid input throws a UserError whose `diagnostics` list every problem.
 */
import { ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { ApplicationChart } from '../charts/application';
import { compileModel } from './compile';
import { Diagnostic } from './diagnostics';

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
  /** Registry for services that have `build:` and no `image:`. @default none (such a service is an error) */
  readonly imageRegistry?: string;
  /** Tag for services that have `build:` and no `image:`. @default none */
  readonly imageTag?: string;
  /** Parent Gateway (`NAMESPACE/NAME`) of the HTTPRoutes; the Ingress settings become routes. @default the top-level `x-k8s.gateway`, and Ingresses */
  readonly gateway?: string;
}

export class ComposeChart extends ApplicationChart {
  /** Warnings of the translation (the same lines the CLI prints). */
  readonly warnings: readonly Diagnostic[];

  constructor(scope: Construct, id: string, props: ComposeChartProps = {}) {
    const { model, warnings } = compileModel({ ...props, files: props.files ?? [] });
    super(scope, id, model, { labels: props.labels });
    this.warnings = warnings;
  }
}
