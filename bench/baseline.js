'use strict';
// The floor for any cdk8s app: load cdk8s and cdk8s-plus-28 and synthesize an empty chart.
// bench/run.js compares the CLI against this process.
const { App, Chart } = require('cdk8s');
require('cdk8s-plus-28');

const app = new App({ outdir: '/nonexistent-cdk8s-compose-bench' });
new Chart(app, 'x');
const yaml = app.synthYaml();
if (typeof yaml !== 'string') throw new Error('synthYaml returned no text');
