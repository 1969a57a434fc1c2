// Runs the independent checker (../shared/checker, copied by the corpus test) over many output
// folders in one process: node check-outputs.mjs CHECKER_DIR DIR[=SECRET,SECRET] ...
// Prints {"DIR": [{rule, severity, object, message}, ...]} (hard findings only) as JSON.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const [checkerDir, ...dirs] = process.argv.slice(2);
const { checkManifests } = await import(pathToFileURL(join(checkerDir, 'lib', 'check.mjs')).href);
const out = {};
for (const arg of dirs) {
  const [dir, secrets = ''] = arg.split('=');
  const { findings } = await checkManifests(dir, { externalSecrets: secrets.split(',').filter(Boolean) });
  out[dir] = findings
    .filter((f) => f.severity === 'hard')
    .map((f) => ({ rule: f.rule, object: f.object ?? `${f.kind}/${f.name}`, message: f.message }));
}
process.stdout.write(JSON.stringify(out));
