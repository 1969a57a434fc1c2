import { isIanaName, portName, toDnsLabel } from '../../src/model/names';
import { bytesToQuantity, cpusToQuantity } from '../../src/model/quantities';
import { isNonSecretValue, isSecretName } from '../../src/secret-names';
import { imageProfile, parseImage } from '../../src/model/images';
import { truncateName } from '../../src/model/names';

test('DNS-1123 names from compose names', () => {
  expect(toDnsLabel('my_db')).toBe('my-db');
  expect(toDnsLabel('Web.App')).toBe('web-app');
  expect(toDnsLabel('1api')).toBe('s-1api');
  expect(toDnsLabel('a'.repeat(70))).toHaveLength(63);
});

test('port names are IANA service names and unique', () => {
  const taken = new Set<string>();
  expect(portName(8000, 'tcp', taken)).toBe('http');
  taken.add('http');
  expect(portName(8080, 'tcp', taken)).toBe('tcp-8080');
  expect(portName(53, 'udp', new Set())).toBe('dns-udp');
  expect(portName(9000, 'tcp', new Set(), 'Metrics_Port')).toBe('metrics-port');
  expect(isIanaName('a-very-long-port-name')).toBe(false);
});

test('units: bytes and CPUs', () => {
  expect(bytesToQuantity(2 * 1024 ** 3)).toBe('2Gi');
  expect(bytesToQuantity(512 * 1024 ** 2)).toBe('512Mi');
  expect(bytesToQuantity(1.5 * 1024 ** 3)).toBe('1536Mi');
  expect(cpusToQuantity(2)).toBe('2');
  expect(cpusToQuantity(0.5)).toBe('500m');
  expect(cpusToQuantity(0.25)).toBe('250m');
});

test('secret names', () => {
  for (const n of ['POSTGRES_PASSWORD', 'JWT_SECRET_KEY', 'ENCRYPTION_KEY', 'OPENAI_API_KEY', 'GITHUB_TOKEN', 'DB_PASS', 'SENTRY_DSN', 'AWS_SECRET_ACCESS_KEY']) {
    expect([n, isSecretName(n)]).toEqual([n, true]);
  }
  for (const n of ['ACCESS_TOKEN_EXPIRE_MINUTES', 'SESSION_TOKEN_TTL', 'POSTGRES_PASSWORD_FILE', 'SSH_KEY_PATH', 'POSTGRES_USER', 'KEYCLOAK_URL', 'MONKEY']) {
    expect([n, isSecretName(n)]).toEqual([n, false]);
  }
  expect(isNonSecretValue('30s')).toBe(true);
  expect(isNonSecretValue('false')).toBe(true);
  expect(isNonSecretValue('hunter2')).toBe(false);
});

test('images: parsing and profiles', () => {
  expect(parseImage('registry:5000/org/app:1.2@sha256:abc')).toEqual({ registry: 'registry:5000', repository: 'org/app', shortName: 'app', tag: '1.2', digest: 'sha256:abc' });
  expect(parseImage('postgres:16')).toEqual({ repository: 'postgres', shortName: 'postgres', tag: '16', digest: undefined });
  expect(imageProfile('postgres:16.4')?.uid).toBe(999);
  expect(imageProfile('postgres:16-alpine')?.uid).toBe(70);
  expect(imageProfile('docker.io/library/redis:7')?.component).toBe('cache');
  expect(imageProfile('bitnami/redis:7')).toBeUndefined();
});

test('long derived names are cut with a hash of the whole name, never ending in "-"', () => {
  const a = truncateName(`${'p'.repeat(58)}-net-a`);
  const b = truncateName(`${'p'.repeat(58)}-net-a-a`);
  expect(a).toHaveLength(63);
  expect(a).not.toBe(b);
  expect(a).toMatch(/^p+-[0-9a-f]{8}$/);
  expect(truncateName(`${'b'.repeat(62)}-wait`)).toMatch(/^b{54}-[0-9a-f]{8}$/);
  expect(truncateName('short-')).toBe('short');
});
