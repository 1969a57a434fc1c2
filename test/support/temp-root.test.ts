/** The jest run's temporary folder (test/support/temp-root.js): made, pointed to by TMPDIR, removed. */
import { execFileSync } from 'child_process';
import * as path from 'path';

test('temporary folders go into the run folder, which teardown removes, TMPDIR restored', () => {
  // In a process of its own: jest gives each test file a copy of process.env that os.tmpdir() does not read.
  const script = `
    const fs = require('fs'), os = require('os'), path = require('path');
    const { setup, teardown } = require(${JSON.stringify(path.join(__dirname, 'temp-root.js'))});
    const before = process.env.TMPDIR;
    setup();
    const root = process.env.CDK8S_COMPOSE_JEST_TMP;
    const made = fs.mkdtempSync(path.join(os.tmpdir(), 'x-'));
    fs.writeFileSync(path.join(made, 'f'), 'text');
    const inside = path.dirname(made) === root && os.tmpdir() === root;
    teardown();
    process.stdout.write(JSON.stringify({ inside, removed: !fs.existsSync(root), restored: process.env.TMPDIR === before }));
  `;
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.CDK8S_COMPOSE_JEST_TMP;
  const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { env, encoding: 'utf8' })) as Record<string, boolean>;
  expect(out).toEqual({ inside: true, removed: true, restored: true });
});
