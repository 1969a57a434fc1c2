// Jest globalSetup and globalTeardown: every temporary folder a test makes (os.tmpdir(), which
// reads TMPDIR, in the tests and in the commands they run) goes into one folder of this run, removed
// when the run ends. Tests make about a thousand of them per run (each loads a project written to a
// fresh folder); left in the system's temporary folder, they piled up by the ten thousand.
const fs = require('fs');
const os = require('os');
const path = require('path');

/** The run's folder, under the system's temporary folder; TMPDIR points into it for the workers. */
function setup() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-compose-jest-'));
  process.env.CDK8S_COMPOSE_JEST_TMP = root;
  process.env.CDK8S_COMPOSE_JEST_TMPDIR_WAS = process.env.TMPDIR ?? '';
  process.env.TMPDIR = root;
}

function teardown() {
  const root = process.env.CDK8S_COMPOSE_JEST_TMP;
  if (root === undefined) return;
  const was = process.env.CDK8S_COMPOSE_JEST_TMPDIR_WAS;
  if (was === '') delete process.env.TMPDIR;
  else process.env.TMPDIR = was;
  fs.rmSync(root, { recursive: true, force: true });
}

module.exports = { setup, teardown };
