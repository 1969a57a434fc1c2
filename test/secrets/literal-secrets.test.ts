/**
 * Literal secret values in the compose file (DESIGN "Input"): rendered, never written; identical
 * values share one key; SECRETS.md marks them; only --secrets inline writes the value.
 */
import { compile, CompileResult } from '../../src/compile';
import { formatDiagnostic } from '../../src/diagnostics';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Any } from '../helpers';

const WORDPRESS = `name: blog
services:
  db:
    image: mysql:8.0.39
    environment:
      MYSQL_DATABASE: exampledb
      MYSQL_USER: exampleuser
      MYSQL_PASSWORD: lit-pass-4417
      MYSQL_RANDOM_ROOT_PASSWORD: '1'
  wordpress:
    image: wordpress:6.6.2-apache
    ports: ["8080:80"]
    environment:
      - WORDPRESS_DB_HOST=db
      - WORDPRESS_DB_USER=exampleuser
      - WORDPRESS_DB_PASSWORD=lit-pass-4417
      - WORDPRESS_DB_NAME=exampledb
      - WP_URL=mysql://exampleuser:lit-pass-4417@db:3306/exampledb
      - WORDPRESS_AUTH_KEY=lit-auth-9921
`;

function compileIn(compose: string, options: Record<string, unknown> = {}): CompileResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-literal-'));
  fs.writeFileSync(path.join(dir, 'compose.yaml'), compose);
  return compile({ files: [], cwd: dir, environment: {}, ...options });
}

const envOf = (r: CompileResult, name: string) =>
  (r.objects.find((o) => (o.kind === 'Deployment' || o.kind === 'StatefulSet') && o.metadata.name === name) as Any).spec.template.spec.containers[0].env;

describe('literal secrets', () => {
  const r = compileIn(WORDPRESS);

  test('identical literal values share one key; a URL reads it as $(KEY) after the entry that holds it', () => {
    expect(envOf(r, 'db').filter((e: Any) => e.name === 'MYSQL_PASSWORD')).toEqual([
      { name: 'MYSQL_PASSWORD', valueFrom: { secretKeyRef: { name: 'blog-secrets', key: 'MYSQL_PASSWORD', optional: false } } },
    ]);
    expect(envOf(r, 'wordpress')).toEqual([
      { name: 'WORDPRESS_DB_HOST', value: 'db' },
      { name: 'WORDPRESS_DB_USER', value: 'exampleuser' },
      { name: 'WORDPRESS_DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'blog-secrets', key: 'MYSQL_PASSWORD', optional: false } } },
      { name: 'WORDPRESS_DB_NAME', value: 'exampledb' },
      { name: 'MYSQL_PASSWORD', valueFrom: { secretKeyRef: { name: 'blog-secrets', key: 'MYSQL_PASSWORD', optional: false } } },
      { name: 'WP_URL', value: 'mysql://exampleuser:$(MYSQL_PASSWORD)@db:3306/exampledb' },
      { name: 'WORDPRESS_AUTH_KEY', valueFrom: { secretKeyRef: { name: 'blog-secrets', key: 'WORDPRESS_AUTH_KEY', optional: false } } },
    ]);
  });

  test('SECRETS.md marks each literal key and names the entries that share it', () => {
    const doc = r.files.get('SECRETS.md')!;
    expect(doc).toContain(
      '- MYSQL_PASSWORD (required; literal in compose.yaml: rotate it and move it to .env; one value shared by services.db.environment.MYSQL_PASSWORD, services.wordpress.environment.WORDPRESS_DB_PASSWORD, services.wordpress.environment.WP_URL (the password in the URL))\n',
    );
    expect(doc).toContain('- WORDPRESS_AUTH_KEY (required; literal in compose.yaml: rotate it and move it to .env; written in services.wordpress.environment.WORDPRESS_AUTH_KEY)\n');
  });

  test('a literal-secret warning per entry, with the fix in the form it is written, grouped under its service', () => {
    const lines = r.warnings.filter((w) => w.code === 'literal-secret').map((w) => `${w.service}: ${formatDiagnostic(w)}`);
    expect(lines).toEqual([
      'db: warning: compose.yaml: services.db.environment.MYSQL_PASSWORD: literal secret value; it is not written to the output: it becomes key MYSQL_PASSWORD of Secret blog-secrets, shared with wordpress WORDPRESS_DB_PASSWORD, wordpress WP_URL (the same value), to create from SECRETS.md. Rotate it (it is in the compose file) and move it to .env: put MYSQL_PASSWORD=... in .env (never committed) and write MYSQL_PASSWORD: ${MYSQL_PASSWORD:?} here (x-k8s.allowLiteralSecrets: [MYSQL_PASSWORD] silences this warning)',
      'wordpress: warning: compose.yaml: services.wordpress.environment.WORDPRESS_DB_PASSWORD: literal secret value; it is not written to the output: it becomes key MYSQL_PASSWORD of Secret blog-secrets, shared with db MYSQL_PASSWORD, wordpress WP_URL (the same value), to create from SECRETS.md. Rotate it (it is in the compose file) and move it to .env: put MYSQL_PASSWORD=... in .env (never committed) and write - WORDPRESS_DB_PASSWORD=${MYSQL_PASSWORD:?} here (x-k8s.allowLiteralSecrets: [WORDPRESS_DB_PASSWORD] silences this warning)',
      'wordpress: warning: compose.yaml: services.wordpress.environment.WP_URL: a password is written inside a URL; it is not written to the output: it becomes $(MYSQL_PASSWORD), read from Secret blog-secrets, shared with db MYSQL_PASSWORD, wordpress WORDPRESS_DB_PASSWORD (the same value), to create from SECRETS.md. Rotate it (it is in the compose file) and move it to .env: put MYSQL_PASSWORD=... in .env (never committed) and write - WP_URL=mysql://exampleuser:${MYSQL_PASSWORD:?}@db:3306/exampledb here (x-k8s.allowLiteralSecrets: [WP_URL] silences this warning)',
      'wordpress: warning: compose.yaml: services.wordpress.environment.WORDPRESS_AUTH_KEY: literal secret value; it is not written to the output: it becomes key WORDPRESS_AUTH_KEY of Secret blog-secrets, to create from SECRETS.md. Rotate it (it is in the compose file) and move it to .env: put WORDPRESS_AUTH_KEY=... in .env (never committed) and write - WORDPRESS_AUTH_KEY=${WORDPRESS_AUTH_KEY:?} here (x-k8s.allowLiteralSecrets: [WORDPRESS_AUTH_KEY] silences this warning)',
    ]);
    expect(r.report.attention.map((g) => [g.service, g.items.filter((i) => i.code === 'literal-secret').length])).toEqual([
      ['db', 1],
      ['wordpress', 3],
    ]);
  });

  test('no literal value reaches any output file, the report or a diagnostic', () => {
    const all = [...r.files.values(), JSON.stringify(r.report), ...r.warnings.map(formatDiagnostic)].join('\n');
    expect(all).not.toContain('lit-pass-4417');
    expect(all).not.toContain('lit-auth-9921');
  });

  test('the key of a literal never takes the name of a ${VAR} secret', () => {
    const s = compileIn('name: app\nservices:\n  a:\n    image: nginx:1.27\n    environment:\n      API_TOKEN: ${API_TOKEN:?}\n  b:\n    image: nginx:1.27\n    environment:\n      API_TOKEN: lit-tok-5512\n');
    expect(envOf(s, 'a')).toEqual([{ name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'app-secrets', key: 'API_TOKEN', optional: false } } }]);
    expect(envOf(s, 'b')).toEqual([{ name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'app-secrets', key: 'API_TOKEN_LITERAL', optional: false } } }]);
  });

  test('only --secrets inline --allow-insecure-secrets writes the value, once per shared key', () => {
    const inline = compileIn(WORDPRESS, { secrets: 'inline', allowInsecureSecrets: true });
    expect((inline.objects.find((o) => o.kind === 'Secret') as Any).stringData).toEqual({ MYSQL_PASSWORD: 'lit-pass-4417', WORDPRESS_AUTH_KEY: 'lit-auth-9921' });
    const ext = compileIn(WORDPRESS, { secrets: 'external-secrets', secretStore: 'vault' });
    expect([...ext.files.values()].join('\n')).not.toContain('lit-pass-4417');
  });
});
