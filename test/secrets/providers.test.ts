/** Secret providers (external, external-secrets, inline) and the rules that keep values out of the output. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compile } from '../../src/compile';
import { UserError } from '../../src/diagnostics';
import { Any, compileExample, find } from '../helpers';

const VALUES = {
  POSTGRES_PASSWORD: 'prov-secret-pg-91',
  JWT_SECRET_KEY: 'prov-secret-jwt-92',
  ENCRYPTION_KEY: 'prov-secret-enc-93',
};

function errorsOf(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    if (e instanceof UserError) return e.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
    throw e;
  }
  return [];
}

describe('secret providers', () => {
  test('external (the default; the seed example picks another in x-k8s, --secrets wins): no Secret object, SECRETS.md has the kubectl command', () => {
    const r = compileExample('seed', { environment: VALUES, secrets: 'external' });
    expect(compileExample('web-postgres').model.secretProvider.kind).toBe('external');
    expect(r.objects.filter((o) => o.kind === 'Secret' || o.kind === 'ExternalSecret')).toEqual([]);
    const doc = r.files.get('SECRETS.md')!;
    expect(doc).toContain('kubectl create secret generic tutor-secrets \\');
    expect(doc).toContain("--from-literal=POSTGRES_PASSWORD='<POSTGRES_PASSWORD>'");
    for (const v of Object.values(VALUES)) expect([...r.files.values()].join('\n')).not.toContain(v);
  });

  test('the seed example: an ExternalSecret from the store its x-k8s names', () => {
    const r = compileExample('seed');
    expect((find(r, 'ExternalSecret', 'tutor-secrets') as Any).spec.secretStoreRef).toEqual({ name: 'secret-store', kind: 'ClusterSecretStore' });
  });

  test('external-secrets: one ExternalSecret per Secret, one data entry per key, store from --secret-store', () => {
    const r = compileExample('seed', { environment: VALUES, secrets: 'external-secrets', secretStore: 'ClusterSecretStore/vault' });
    const es = find(r, 'ExternalSecret', 'tutor-secrets') as Any;
    expect(es.apiVersion).toBe('external-secrets.io/v1');
    expect(es.spec.secretStoreRef).toEqual({ name: 'vault', kind: 'ClusterSecretStore' });
    expect(es.spec.target).toEqual({ name: 'tutor-secrets', creationPolicy: 'Owner' });
    const keys = es.spec.data.map((x: Any) => x.secretKey);
    expect(keys).toEqual(r.model.secrets[0].keys.map((k) => k.key));
    expect(es.spec.data[0].remoteRef).toEqual({ key: 'tutor-secrets', property: keys[0] });
    expect(es.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-2');
    for (const v of Object.values(VALUES)) expect([...r.files.values()].join('\n')).not.toContain(v);
  });

  test('external-secrets without a store, or with a bad one, is an error that says what to pass', () => {
    expect(errorsOf(() => compileExample('web-postgres', { secrets: 'external-secrets' }))).toEqual([
      'the external-secrets provider needs a store: pass --secret-store NAME (a SecretStore) or --secret-store ClusterSecretStore/NAME, or set x-k8s.secretStore',
    ]);
    expect(errorsOf(() => compileExample('web-postgres', { secrets: 'external-secrets', secretStore: 'Vault Store' }))).toEqual([
      'invalid secret store "Vault Store"; expected NAME or ClusterSecretStore/NAME (a DNS-1123 name)',
    ]);
  });

  test('inline is refused without --allow-insecure-secrets', () => {
    expect(errorsOf(() => compileExample('web-postgres', { secrets: 'inline', environment: { POSTGRES_PASSWORD: 'x-1' } }))).toEqual([
      'the inline secret provider writes secret values into the manifests; it is for throwaway development clusters only: add --allow-insecure-secrets to confirm, or use --secrets external (default) or external-secrets',
    ]);
  });

  test('inline is always refused with production settings (the seed defaults ENVIRONMENT to production)', () => {
    const errors = errorsOf(() => compileExample('seed', { secrets: 'inline', allowInsecureSecrets: true, environment: VALUES }));
    expect(errors).toEqual([
      'the inline secret provider is refused for production settings (services.backend.environment.ENVIRONMENT is "production"); use --secrets external or external-secrets',
    ]);
  });

  test('inline writes the values from the variables into a Secret (development only) and needs every required one', () => {
    const env = { ...VALUES, ENVIRONMENT: 'development' };
    const r = compileExample('seed', { secrets: 'inline', allowInsecureSecrets: true, environment: env });
    const s = find(r, 'Secret', 'tutor-secrets') as Any;
    expect(s.stringData).toEqual(VALUES);
    expect(r.warnings.map((w) => w.message)).toContain('inline secrets: secret values are written into the output folder; never commit it or apply it outside a throwaway cluster');
    expect(errorsOf(() => compileExample('seed', { secrets: 'inline', allowInsecureSecrets: true, environment: { ENVIRONMENT: 'dev' } }))).toContain(
      'the inline secret provider needs a value for ENCRYPTION_KEY (variable ENCRYPTION_KEY); set it in .env',
    );
  });
});

test('x-k8s.allowLiteralSecrets accepts a literal secret on purpose, and still never writes it', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-lit-'));
  fs.writeFileSync(
    path.join(dir, 'compose.yaml'),
    'name: demo\nservices:\n  db:\n    image: postgres:16.4\n    environment:\n      POSTGRES_PASSWORD: demo-literal-77\n    x-k8s:\n      allowLiteralSecrets: [POSTGRES_PASSWORD]\n',
  );
  const r = compile({ files: [], cwd: dir, environment: {} });
  expect([...r.files.values()].join('\n')).not.toContain('demo-literal-77');
  const env = (r.objects.find((o) => o.kind === 'Deployment') as Any).spec.template.spec.containers[0].env;
  expect(env).toContainEqual({ name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: 'demo-secrets', key: 'POSTGRES_PASSWORD', optional: false } } });
  expect(r.files.get('SECRETS.md')).toContain(
    '- POSTGRES_PASSWORD (required; literal in compose.yaml: rotate it and move it to .env; written in services.db.environment.POSTGRES_PASSWORD)\n',
  );
  // The list silences the literal-secret warning, nothing else.
  expect(r.warnings.filter((w) => w.code === 'literal-secret')).toEqual([]);
  const inline = compile({ files: [], cwd: dir, environment: {}, secrets: 'inline', allowInsecureSecrets: true });
  expect((inline.objects.find((o) => o.kind === 'Secret') as Any).stringData).toEqual({ POSTGRES_PASSWORD: 'demo-literal-77' });
});
