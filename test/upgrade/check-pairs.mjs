// Runs the independent checker (../shared/checker, copied next to this file with its own
// node_modules) over many version pairs in one process: `node check-pairs.mjs PAIRS.json`, where
// PAIRS.json is [{ "dir": NEW, "previous": OLD }, ...]. Prints one JSON array: the findings of each
// pair, as `check-manifests.mjs NEW --previous OLD --json` reports them. One process for all pairs
// saves the ~2 s the checker takes to load its models, per pair.
import { readFileSync } from 'node:fs';
import { checkManifests } from './lib/check.mjs';

const pairs = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const out = [];
for (const p of pairs) {
  const { findings } = await checkManifests(p.dir, { previous: p.previous });
  out.push(findings.map((f) => ({ rule: f.rule, severity: f.severity, object: f.object, message: f.message })));
}
process.stdout.write(JSON.stringify(out));
