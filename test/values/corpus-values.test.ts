/** The corpus projects written for issue 25 render with the properties of DESIGN "Values". */
import { compileProject, find, mainContainer, Any } from '../helpers';

const env = (r: Any, kind: string, name: string, entry: string) => mainContainer(find(r, kind, name)).env.find((e: Any) => e.name === entry);

describe('corpus: values', () => {
  test('network-inventory: REDIS_PASSWORD with two values in two env files reads two keys; equal values share one', () => {
    const r = compileProject('test/corpus/network-inventory');
    const redis = env(r, 'StatefulSet', 'redis', 'REDIS_PASSWORD').valueFrom.secretKeyRef.key;
    const cache = env(r, 'StatefulSet', 'redis-cache', 'REDIS_PASSWORD').valueFrom.secretKeyRef.key;
    expect(redis).not.toBe(cache);
    // The app's REDIS_PASSWORD and REDIS_CACHE_PASSWORD are the two servers' values.
    expect(env(r, 'Deployment', 'netbox', 'REDIS_PASSWORD').valueFrom.secretKeyRef.key).toBe(redis);
    expect(env(r, 'Deployment', 'netbox', 'REDIS_CACHE_PASSWORD').valueFrom.secretKeyRef.key).toBe(cache);
    expect(env(r, 'StatefulSet', 'postgres', 'POSTGRES_PASSWORD').valueFrom.secretKeyRef.key).toBe(env(r, 'Deployment', 'netbox', 'DB_PASSWORD').valueFrom.secretKeyRef.key);
    const text = [...r.files.values()].join('\n');
    for (const v of ['H733Kdjndks81', 't4Ph722qJ5QHeQ1qfu36', 'J5brHrAXFLQSif0K']) expect(text).not.toContain(v);
  });

  test('llm-observability: REDIS_AUTH as --requirepass, in the probe and in the apps reads one key', () => {
    const r = compileProject('test/corpus/llm-observability');
    const redis = mainContainer(find(r, 'Deployment', 'redis'));
    expect(redis.args).toEqual(['--requirepass', '$(REDIS_AUTH)']);
    expect(redis.readinessProbe.exec.command).toEqual(['sh', '-c', `'redis-cli' '-a' "\${REDIS_AUTH}" 'ping'`]);
    for (const w of ['langfuse-web', 'langfuse-worker']) expect(env(r, 'Deployment', w, 'REDIS_AUTH').valueFrom.secretKeyRef).toMatchObject({ key: 'REDIS_AUTH', optional: false });
    expect(env(r, 'Deployment', 'langfuse-web', 'LANGFUSE_S3_EVENT_UPLOAD_SECRET_ACCESS_KEY').valueFrom.secretKeyRef.key).toBe('MINIO_ROOT_PASSWORD');
    const text = [...r.files.values()].join('\n');
    for (const v of ['redis-corpus-auth-5520', 'minio-corpus-secret-3310', '0'.repeat(64)]) expect(text).not.toContain(v);
  });

  test('jvm-broker: the broker heap raises the default limit; a compose limit under the heap is kept and flagged', () => {
    const r = compileProject('test/corpus/jvm-broker');
    expect(mainContainer(find(r, 'Deployment', 'broker')).resources.limits.memory).toBe('1536Mi');
    expect(mainContainer(find(r, 'Deployment', 'schema-registry')).resources.limits.memory).toBe('512Mi');
    expect(r.warnings.filter((w: Any) => w.code === 'memory-limit').map((w: Any) => w.service)).toEqual(['schema-registry']);
  });
});
