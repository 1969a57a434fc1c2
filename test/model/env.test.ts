import { EnvEntry, Template } from '../../src/compose/types';
import { Diagnostics } from '../../src/diagnostics';
import { escapeKubernetesVars, SecretKeys, translateEnvironment, LiteralSecrets } from '../../src/model/values';

const src = { file: 'compose.yaml', path: 'services.api.environment' };
const entry = (name: string, value: Template | null, origin: EnvEntry['origin'] = 'environment', fromVariables: string[] = []): EnvEntry => ({
  name,
  value,
  fromVariables,
  origin,
  source: { ...src, path: `${src.path}.${name}` },
});
const ref = (v: string, required = true) => ({ secretVariable: v, required, defaultIgnored: false });
/** The environment of service api, translated with the literal secrets of that one service. */
const translate = (entries: EnvEntry[], secretName: string, keys: SecretKeys, d: Diagnostics) =>
  translateEnvironment(entries, secretName, keys, d, { service: 'api', literals: new LiteralSecrets({ api: { environment: entries } }, []), allowed: () => false });

describe('environment translation', () => {
  test('a value that is one secret variable becomes a secretKeyRef; optional when the default was empty', () => {
    const keys = new SecretKeys();
    const d = new Diagnostics();
    const r = translate([entry('JWT_SECRET_KEY', [ref('JWT_SECRET_KEY')]), entry('OPENAI_API_KEY', [ref('OPENAI_API_KEY', false)])], 'app-secrets', keys, d);
    expect(r.env).toEqual([
      { name: 'JWT_SECRET_KEY', secretKeyRef: { name: 'app-secrets', key: 'JWT_SECRET_KEY', optional: false } },
      { name: 'OPENAI_API_KEY', secretKeyRef: { name: 'app-secrets', key: 'OPENAI_API_KEY', optional: true } },
    ]);
    expect(keys.entries()).toEqual([
      { key: 'JWT_SECRET_KEY', required: true, source: { kind: 'variable', variable: 'JWT_SECRET_KEY' } },
      { key: 'OPENAI_API_KEY', required: false, source: { kind: 'variable', variable: 'OPENAI_API_KEY' } },
    ]);
    expect(d.all).toEqual([]);
  });

  test('a value that embeds a secret becomes a dependent variable placed after the secret entry', () => {
    const keys = new SecretKeys();
    const r = translate(
      [entry('A', ['1']), entry('DATABASE_URL', ['postgres://app:', ref('POSTGRES_PASSWORD'), '@db:5432/app']), entry('POSTGRES_PASSWORD', [ref('POSTGRES_PASSWORD')])],
      's',
      keys,
      new Diagnostics(),
    );
    expect(r.env.map((e) => e.name)).toEqual(['A', 'POSTGRES_PASSWORD', 'DATABASE_URL']);
    expect(r.env[2]).toEqual({ name: 'DATABASE_URL', value: 'postgres://app:$(POSTGRES_PASSWORD)@db:5432/app' });
  });

  test('compose order is kept (not alphabetical)', () => {
    const r = translate([entry('Z', ['1']), entry('A', ['2'])], 's', new SecretKeys(), new Diagnostics());
    expect(r.env.map((e) => e.name)).toEqual(['Z', 'A']);
  });

  test('a literal secret becomes a key of the Secret, with a literal-secret warning that never shows the value', () => {
    const d = new Diagnostics();
    const keys = new SecretKeys();
    const r = translate([entry('POSTGRES_PASSWORD', ['hunter2-value'])], 's', keys, d);
    expect(r.env).toEqual([{ name: 'POSTGRES_PASSWORD', secretKeyRef: { name: 's', key: 'POSTGRES_PASSWORD', optional: false } }]);
    expect(d.errors).toEqual([]);
    expect(d.warnings.map((w) => [w.path, w.code, w.service])).toEqual([['services.api.environment.POSTGRES_PASSWORD', 'literal-secret', 'api']]);
    expect(JSON.stringify([d.all, r, keys.entries()])).not.toContain('hunter2-value');
  });

  test('a password inside a literal URL becomes $(KEY) after the entry that holds it', () => {
    const d = new Diagnostics();
    const keys = new SecretKeys();
    const r = translate([entry('DATABASE_URL', ['postgres://app:pw-123@db/app'])], 's', keys, d);
    expect(r.env).toEqual([
      { name: 'DATABASE_URL_PASSWORD', secretKeyRef: { name: 's', key: 'DATABASE_URL_PASSWORD', optional: false } },
      { name: 'DATABASE_URL', value: 'postgres://app:$(DATABASE_URL_PASSWORD)@db/app' },
    ]);
    expect(keys.entries().map((k) => [k.key, k.source.kind])).toEqual([['DATABASE_URL_PASSWORD', 'literal']]);
    expect(d.warnings[0].message).toMatch(/^a password is written inside a URL; it is not written to the output/);
    expect(JSON.stringify([d.all, r, keys.entries()])).not.toContain('pw-123');
  });

  test('secret-named entries with non-secret values are configuration', () => {
    const r = translate([entry('ACCESS_TOKEN_EXPIRE_MINUTES', ['60']), entry('PASSWORD_MIN_LENGTH', ['8'])], 's', new SecretKeys(), new Diagnostics());
    expect(r.env).toEqual([
      { name: 'ACCESS_TOKEN_EXPIRE_MINUTES', value: '60' },
      { name: 'PASSWORD_MIN_LENGTH', value: '8' },
    ]);
  });

  test('env_file: secret names become references (key = entry name), the rest goes to the ConfigMap', () => {
    const keys = new SecretKeys();
    const r = translate([entry('SMTP_PASSWORD', ['from-file-1'], 'env_file'), entry('SMTP_HOST', ['mail'], 'env_file')], 's', keys, new Diagnostics());
    expect(r.env).toEqual([{ name: 'SMTP_PASSWORD', secretKeyRef: { name: 's', key: 'SMTP_PASSWORD', optional: false } }]);
    expect(r.fileConfig).toEqual({ SMTP_HOST: 'mail' });
    expect(JSON.stringify(r)).not.toContain('from-file-1');
  });

  test('env_file: a URL with a password in it is a secret too', () => {
    const keys = new SecretKeys();
    const r = translate([entry('BROKER_URL', ['amqp://app:file-pw-7@mq:5672/'], 'env_file')], 's', keys, new Diagnostics());
    expect(r.env).toEqual([{ name: 'BROKER_URL', secretKeyRef: { name: 's', key: 'BROKER_URL', optional: false } }]);
    expect(JSON.stringify(r)).not.toContain('file-pw-7');
  });

  test('a literal $( is escaped for Kubernetes', () => {
    expect(escapeKubernetesVars('echo $(date) $HOME')).toBe('echo $$(date) $HOME');
    const r = translate([entry('CMD', ['$(x)'])], 's', new SecretKeys(), new Diagnostics());
    expect(r.env).toEqual([{ name: 'CMD', value: '$$(x)' }]);
  });

  test('unset declared variables are dropped', () => {
    const r = translate([entry('UNSET', null)], 's', new SecretKeys(), new Diagnostics());
    expect(r.env).toEqual([]);
  });
});
