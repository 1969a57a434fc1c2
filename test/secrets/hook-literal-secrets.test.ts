/**
 * Literal secrets in the `environment` of lifecycle hooks (compose post_start/pre_stop): keys of the
 * project's Secret like the service's own literals, read by the hook's shell from the container env.
 */
import { spawnSync } from 'child_process';
import { compile, CompileResult } from '../../src/compile';
import { formatDiagnostic } from '../../src/diagnostics';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Any } from '../helpers';

const SHOP = `name: shop
services:
  db:
    image: postgres:16.4
    environment:
      POSTGRES_PASSWORD: lit-db-3381
  app:
    image: acme/app:1.0
    user: "1000:1000"
    environment:
      PGPASSWORD: lit-other-7710
    post_start:
      - command: ["psql", "-h", "db", "-c", "select 1"]
        environment:
          PGPASSWORD: lit-db-3381
          DATABASE_URL: postgres://app:lit-url-5520@db/app
    pre_stop:
      - command: ["flush"]
        environment: ["API_TOKEN=lit-tok-6604"]
`;

function compileIn(compose: string, options: Record<string, unknown> = {}): CompileResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-hook-literal-'));
  fs.writeFileSync(path.join(dir, 'compose.yaml'), compose);
  return compile({ files: [], cwd: dir, environment: {}, ...options });
}

const containerOf = (r: CompileResult, name: string) =>
  (r.objects.find((o) => (o.kind === 'Deployment' || o.kind === 'StatefulSet') && o.metadata.name === name) as Any).spec.template.spec.containers[0];
const ref = (name: string, key: string) => ({ name, valueFrom: { secretKeyRef: { name: 'shop-secrets', key, optional: false } } });

describe('literal secrets in lifecycle hooks', () => {
  const r = compileIn(SHOP);

  test('a hook literal is a key of the project Secret, shared with an identical value, read by the shell from the container env', () => {
    const c = containerOf(r, 'app');
    const post = `(PGPASSWORD="\${PGPASSWORD_LITERAL}" DATABASE_URL='postgres://app:'"\${DATABASE_URL_PASSWORD}"'@db/app' 'psql' '-h' 'db' '-c' 'select 1')`;
    expect(c.lifecycle).toEqual({ postStart: { exec: { command: ['sh', '-c', post] } }, preStop: { exec: { command: ['sh', '-c', `(API_TOKEN="\${API_TOKEN}" 'flush')`] } } });
    expect(spawnSync('sh', ['-n', '-c', post]).status).toBe(0);
    // The service's own PGPASSWORD holds another value: the value the hook shares with the db is PGPASSWORD_LITERAL
    // (the first name of its entries, PGPASSWORD, is taken), read from an env entry of that name.
    expect(c.env).toEqual([ref('PGPASSWORD', 'PGPASSWORD'), ref('PGPASSWORD_LITERAL', 'PGPASSWORD_LITERAL'), ref('DATABASE_URL_PASSWORD', 'DATABASE_URL_PASSWORD'), ref('API_TOKEN', 'API_TOKEN')]);
  });

  test('a hook literal never takes the name of another entry of the service environment; x-k8s.allowLiteralSecrets silences it', () => {
    const s = compileIn('name: shop\nservices:\n  app:\n    image: acme/app:1.0\n    user: "1000:1000"\n    environment:\n      PGPASSWORD: lit-a-1101\n    pre_stop:\n      - command: ["flush"]\n        environment: {PGPASSWORD: lit-b-2202}\n');
    const c = containerOf(s, 'app');
    const keys = c.env.map((e: Any) => `${e.name}=${e.valueFrom.secretKeyRef.key}`);
    expect(keys).toEqual(['PGPASSWORD=PGPASSWORD', 'PGPASSWORD_LITERAL=PGPASSWORD_LITERAL']);
    expect(c.lifecycle.preStop.exec.command[2]).toBe(`(PGPASSWORD="\${PGPASSWORD_LITERAL}" 'flush')`);
    expect(s.warnings.filter((w) => w.code === 'literal-secret').map((w) => w.path)).toEqual(['services.app.environment.PGPASSWORD', 'services.app.pre_stop[0].environment.PGPASSWORD']);
    const allowed = compileIn('name: shop\nservices:\n  app:\n    image: acme/app:1.0\n    user: "1000:1000"\n    pre_stop:\n      - command: ["flush"]\n        environment: {PGPASSWORD: lit-b-2202}\n    x-k8s:\n      allowLiteralSecrets: [PGPASSWORD]\n');
    expect(allowed.warnings.filter((w) => w.code === 'literal-secret')).toEqual([]);
    expect(containerOf(allowed, 'app').env).toEqual([ref('PGPASSWORD', 'PGPASSWORD')]);
  });

  test('SECRETS.md names the hook entries; a literal-secret warning per hook entry, with the fix in its form', () => {
    const doc = r.files.get('SECRETS.md')!;
    expect(doc).toContain(
      '- PGPASSWORD_LITERAL (required; literal in compose.yaml: rotate it and move it to .env; one value shared by services.app.post_start[0].environment.PGPASSWORD, services.db.environment.POSTGRES_PASSWORD)\n',
    );
    expect(doc).toContain('- API_TOKEN (required; literal in compose.yaml: rotate it and move it to .env; written in services.app.pre_stop[0].environment.API_TOKEN)\n');
    expect(r.warnings.filter((w) => w.code === 'literal-secret' && /\.(post_start|pre_stop)\[/.test(w.path ?? '')).map((w) => `${w.service}: ${formatDiagnostic(w)}`)).toEqual([
      'app: warning: compose.yaml: services.app.post_start[0].environment.PGPASSWORD: literal secret value; it is not written to the output: it becomes key PGPASSWORD_LITERAL of Secret shop-secrets, shared with db POSTGRES_PASSWORD (the same value), to create from SECRETS.md. Rotate it (it is in the compose file) and move it to .env: put PGPASSWORD_LITERAL=... in .env (never committed) and write PGPASSWORD: ${PGPASSWORD_LITERAL:?} here (x-k8s.allowLiteralSecrets: [PGPASSWORD] silences this warning)',
      'app: warning: compose.yaml: services.app.post_start[0].environment.DATABASE_URL: a password is written inside a URL; it is not written to the output: it becomes $(DATABASE_URL_PASSWORD), read from Secret shop-secrets, to create from SECRETS.md. Rotate it (it is in the compose file) and move it to .env: put DATABASE_URL_PASSWORD=... in .env (never committed) and write DATABASE_URL: postgres://app:${DATABASE_URL_PASSWORD:?}@db/app here (x-k8s.allowLiteralSecrets: [DATABASE_URL] silences this warning)',
      'app: warning: compose.yaml: services.app.pre_stop[0].environment.API_TOKEN: literal secret value; it is not written to the output: it becomes key API_TOKEN of Secret shop-secrets, to create from SECRETS.md. Rotate it (it is in the compose file) and move it to .env: put API_TOKEN=... in .env (never committed) and write - API_TOKEN=${API_TOKEN:?} here (x-k8s.allowLiteralSecrets: [API_TOKEN] silences this warning)',
    ]);
  });

  test('no hook literal reaches any output file, the report or a diagnostic; --secrets inline writes each value once', () => {
    const all = [...r.files.values(), JSON.stringify(r.report), ...r.warnings.map(formatDiagnostic)].join('\n');
    for (const v of ['lit-db-3381', 'lit-other-7710', 'lit-url-5520', 'lit-tok-6604']) expect(all).not.toContain(v);
    const inline = compileIn(SHOP, { secrets: 'inline', allowInsecureSecrets: true });
    expect((inline.objects.find((o) => o.kind === 'Secret') as Any).stringData).toEqual({
      API_TOKEN: 'lit-tok-6604',
      DATABASE_URL_PASSWORD: 'lit-url-5520',
      PGPASSWORD: 'lit-other-7710',
      PGPASSWORD_LITERAL: 'lit-db-3381',
    });
  });
});
