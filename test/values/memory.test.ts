/** Memory that fits: tmpfs is memory-backed; heaps and memory-backed volumes raise our default limits. */
import { compileText, mainContainer, find, podSpecOf, Any } from '../helpers';

const limitOf = (r: Any, kind: string, name: string) => mainContainer(find(r, kind, name)).resources.limits.memory;

describe('memory that fits', () => {
  test('an anonymous volume is disk-backed; tmpfs is memory-backed with its size', () => {
    const r = compileText('name: m\nservices:\n  web:\n    image: nginx:1.27.3\n    volumes: ["/cache"]\n    tmpfs: ["/run/cache:size=64m"]\n');
    const vols = podSpecOf(find(r, 'Deployment', 'web')).volumes;
    const anon = vols.find((v: Any) => v.name.startsWith('anon'));
    expect(anon.emptyDir.medium).toBeUndefined();
    const tmpfs = vols.find((v: Any) => v.emptyDir?.medium === 'Memory');
    expect(tmpfs.emptyDir.sizeLimit).toBe('64Mi');
  });

  test('memory-backed volumes over the default limit raise it, with a warning', () => {
    const r = compileText('name: chat\nservices:\n  proxy:\n    image: nginx:1.27.3\n    ports: ["8080:80"]\n    tmpfs: ["/a:size=256m", "/b:size=256m", "/c:size=256m"]\n');
    // 3 × 256Mi + the proxy's 64Mi working set.
    expect(limitOf(r, 'Deployment', 'proxy')).toBe('832Mi');
    expect(r.warnings.some((w: Any) => /default memory limit 128Mi is raised to 832Mi/.test(w.message))).toBe(true);
  });

  test('a heap in the environment raises the default limit to 1.5 × the heap', () => {
    const r = compileText('name: q\nservices:\n  search:\n    image: acme/search:1.0\n    environment:\n      ES_JAVA_OPTS: "-Xms1g -Xmx1g"\n');
    expect(limitOf(r, 'Deployment', 'search')).toBe('1536Mi');
  });

  test("a start script's default heap (kafka) raises the default limit; KAFKA_HEAP_OPTS replaces it", () => {
    const r = compileText('name: q\nservices:\n  broker:\n    image: apache/kafka:3.8.0\n');
    expect(limitOf(r, 'Deployment', 'broker')).toBe('1536Mi');
    const small = compileText('name: q\nservices:\n  broker:\n    image: apache/kafka:3.8.0\n    environment:\n      KAFKA_HEAP_OPTS: "-Xmx256m"\n');
    expect(limitOf(small, 'Deployment', 'broker')).toBe('512Mi');
  });

  test('a limit set in compose is kept; the conflict is a memory-limit attention item', () => {
    const r = compileText('name: q\nservices:\n  broker:\n    image: acme/broker:1.0\n    environment:\n      JAVA_OPTS: "-Xmx1G"\n    deploy:\n      resources:\n        limits: {memory: 512m}\n');
    expect(limitOf(r, 'Deployment', 'broker')).toBe('512Mi');
    expect(r.warnings.some((w: Any) => w.code === 'memory-limit' && w.service === 'broker')).toBe(true);
  });
});
