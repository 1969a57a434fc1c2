import { checkPorts, planProbes, shellWords } from '../../src/model/workload';
import { Healthcheck } from '../../src/compose/types';

const hc = (over: Partial<Healthcheck> = {}): Healthcheck => ({ disabled: false, ...over });

describe('healthcheck → probes', () => {
  test('curl of localhost becomes httpGet readiness and startup, TCP liveness, with compose timing', () => {
    const p = planProbes(
      hc({ interval: 30_000, timeout: 10_000, retries: 3, startPeriod: 40_000 }),
      ['curl', '-f', 'http://localhost:8000/health'],
      8000,
    );
    expect(p.how).toBe('httpGet');
    expect(p.readiness).toEqual({ handler: { httpGet: { path: '/health', port: 8000, scheme: 'HTTP', httpHeaders: [{ name: 'Host', value: 'localhost:8000' }] } }, periodSeconds: 30, timeoutSeconds: 10, failureThreshold: 3 });
    expect(p.liveness).toEqual({ handler: { tcpSocket: { port: 8000 } }, periodSeconds: 30, timeoutSeconds: 10, failureThreshold: 3 });
    // start_interval defaults to 5s; the window is 3 × start_period = 120s → 24 tries.
    expect(p.startup).toEqual({ handler: { httpGet: { path: '/health', port: 8000, scheme: 'HTTP', httpHeaders: [{ name: 'Host', value: 'localhost:8000' }] } }, periodSeconds: 5, timeoutSeconds: 10, failureThreshold: 24 });
    expect(p.startup!.periodSeconds * p.startup!.failureThreshold).toBeGreaterThanOrEqual(3 * 40);
  });

  test('CMD-SHELL wget --spider with `|| exit 1` becomes httpGet on the default port 80', () => {
    const p = planProbes(hc(), ['sh', '-c', 'wget --no-verbose --tries=1 --spider http://127.0.0.1/healthz || exit 1'], undefined);
    // wget sends `Host: 127.0.0.1` (the URL's host; port 80 is the default, so it is left out).
    expect(p.readiness?.handler).toEqual({ httpGet: { path: '/healthz', port: 80, scheme: 'HTTP', httpHeaders: [{ name: 'Host', value: '127.0.0.1' }] } });
    expect(p.portsNeeded).toEqual([80]);
  });

  test('curl headers are kept; a remote host stays an exec check', () => {
    const withHeader = planProbes(hc(), ['curl', '-fsS', '-H', 'Host: example.org', 'https://localhost:8443/'], 8443);
    expect(withHeader.readiness?.handler).toEqual({
      httpGet: { path: '/', port: 8443, scheme: 'HTTPS', httpHeaders: [{ name: 'Host', value: 'example.org' }] },
    });
    const remote = planProbes(hc(), ['curl', '-f', 'http://api:8000/health'], 8000);
    expect(remote.how).toBe('exec');
    expect(remote.readiness?.handler).toEqual({ exec: { command: ['curl', '-f', 'http://api:8000/health'] } });
  });

  test('CMD-SHELL with shell syntax is kept faithful as sh -c', () => {
    const p = planProbes(hc(), ['sh', '-c', 'pg_isready -U app && echo ok'], 5432);
    expect(p.readiness?.handler).toEqual({ exec: { command: ['sh', '-c', 'pg_isready -U app && echo ok'] } });
    expect(p.liveness?.handler).toEqual({ tcpSocket: { port: 5432 } });
  });

  test('nc -z localhost PORT becomes tcpSocket; liveness then differs', () => {
    const p = planProbes(hc(), ['nc', '-z', '-w', '3', 'localhost', '6379'], 6379);
    expect(p.readiness?.handler).toEqual({ tcpSocket: { port: 6379 } });
  });

  test('disabled healthcheck → no probes; none but a port → TCP readiness and liveness', () => {
    expect(planProbes(hc({ disabled: true }), undefined, 80)).toEqual({ portsNeeded: [], how: 'none' });
    const d = planProbes(undefined, undefined, 8080);
    expect(d.how).toBe('default-tcp');
    expect(d.readiness?.handler).toEqual({ tcpSocket: { port: 8080 } });
    expect(planProbes(undefined, undefined, undefined).how).toBe('none');
  });

  test('compose defaults: interval 30s, timeout 30s, retries 3; without start_period a 5-minute startup window', () => {
    const p = planProbes(hc(), ['true'], undefined);
    expect(p.readiness).toEqual({ handler: { exec: { command: ['true'] } }, periodSeconds: 30, timeoutSeconds: 30, failureThreshold: 3 });
    // Compose never restarts an unhealthy container: a slow starter must not be killed before it is up.
    expect(p.startup).toEqual({ handler: { exec: { command: ['true'] } }, periodSeconds: 5, timeoutSeconds: 30, failureThreshold: 60 });
    const d = planProbes(undefined, undefined, 8080);
    expect(d.startup).toEqual({ handler: { tcpSocket: { port: 8080 } }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 30 });
  });

  test('shellWords honours quotes and refuses shell syntax', () => {
    expect(shellWords(`curl -H 'X-A: b c' "http://localhost/"`)).toEqual(['curl', '-H', 'X-A: b c', 'http://localhost/']);
    expect(shellWords('a | b')).toBeUndefined();
    expect(shellWords('echo $(date)')).toBeUndefined();
  });

  test('checkPorts gives the ports planProbes needs without a first port', () => {
    const cases: [Healthcheck | undefined, string[] | undefined][] = [
      [undefined, undefined],
      [hc({ disabled: true }), ['curl', '-f', 'http://localhost:8080/health']],
      [hc(), []],
      [hc(), ['curl', '-f', 'http://localhost:8080/health']],
      [hc(), ['curl', '-f', 'https://localhost/']],
      [hc(), ['sh', '-c', 'wget --no-verbose --tries=1 --spider http://127.0.0.1/healthz || exit 1']],
      [hc(), ['nc', '-z', 'localhost', '6379']],
      [hc(), ['sh', '-c', 'nc -z 127.0.0.1 5432']],
      [hc(), ['curl', '-f', 'http://example.org:8080/']],
      [hc(), ['redis-cli', 'ping']],
      [hc(), ['pg_isready', '-U', 'app']],
    ];
    const found = cases.map(([h, argv]) => checkPorts(h, argv));
    expect(found).toEqual(cases.map(([h, argv]) => planProbes(h, argv, undefined).portsNeeded));
    expect(found.filter((p) => p.length > 0)).toEqual([[8080], [443], [80], [6379], [5432]]);
  });
});

describe('checks remembered by argv', () => {
  test('the same words give the same check again, other words their own: one word with a space is not two words', () => {
    for (let round = 0; round < 2; round++) {
      expect(checkPorts(hc(), ['curl', '-f', 'http://localhost:8080/health'])).toEqual([8080]);
      expect(checkPorts(hc(), ['curl', '-f', 'http://localhost:9090/health'])).toEqual([9090]);
      expect(checkPorts(hc(), ['nc', '-z', 'localhost', '5432'])).toEqual([5432]);
      expect(checkPorts(hc(), ['nc', '-z localhost', '5432'])).toEqual([]);
      expect(planProbes(hc(), ['curl', '-f', 'http://localhost:8080/health'], 8080).how).toBe('httpGet');
      expect(planProbes(hc(), ['curl -f', 'http://localhost:8080/health'], 8080).how).toBe('exec');
    }
  });
});
