// Jest globalSetup: one line when the independent checker is absent (its tests are skipped), so
// that a clone with nothing beside it tests green and says what it did not run. With
// CDK8S_COMPOSE_REQUIRE_CHECKER=1 (our CI) nothing is skipped and the missing checker fails the run.
const fs = require('fs');
const path = require('path');

module.exports = async () => {
  const source = process.env.CHECKER_DIR ?? path.join(__dirname, '..', '..', '..', 'shared', 'checker');
  if (fs.existsSync(path.join(source, 'check-manifests.mjs'))) return;
  if (process.env.CDK8S_COMPOSE_REQUIRE_CHECKER === '1') {
    throw new Error(`no checker at ${source} (set CHECKER_DIR); CDK8S_COMPOSE_REQUIRE_CHECKER=1 requires it`);
  }
  process.stderr.write(`\nskipped: the tests that use the independent checker (none at ${source}; set CHECKER_DIR to run them)\n`);
};
