/**
 * Where the independent manifest checker is: CHECKER_DIR, else ../shared/checker beside the
 * repository. A clone with nothing beside it has none: the tests that need it are skipped, and
 * test/support/checker-notice.js prints one line saying so. Our own CI sets
 * CDK8S_COMPOSE_REQUIRE_CHECKER=1 (.ci/run): then those tests run, and fail without a checker.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

/** The checker's folder (it may not exist). */
export const CHECKER_SOURCE = process.env.CHECKER_DIR ?? path.join(ROOT, '..', 'shared', 'checker');

/** Whether the tests that use the checker run: it is there, or CI requires it (then they fail loudly without it). */
export const CHECKER_RUNS = fs.existsSync(path.join(CHECKER_SOURCE, 'check-manifests.mjs')) || process.env.CDK8S_COMPOSE_REQUIRE_CHECKER === '1';

/** `test`, or `test.skip` when the checker is absent and not required. */
export const testWithChecker: typeof test = CHECKER_RUNS ? test : test.skip;

/** `describe`, or `describe.skip` when the checker is absent and not required. */
export const describeWithChecker: typeof describe = CHECKER_RUNS ? describe : describe.skip;
