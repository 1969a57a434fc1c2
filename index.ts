/** Public API of cdk8s-compose. */
export { ApplicationChart } from './charts/application';
export { compile, type CompileOptions, type CompileResult } from './src/compile';
export { ComposeChart, type ComposeChartProps } from './src/compose-chart';
export { type Diagnostic, UserError, formatDiagnostic } from './src/diagnostics';
export { buildModel, type ModelOptions } from './src/model/build';
export * as model from './src/model/types';
