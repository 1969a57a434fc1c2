/**
 * httpGet probes send what the curl/wget healthcheck sent: the Host header both tools derive from
 * the URL (host, and port unless it is the scheme's default), and the headers the check adds. The
 * kubelet otherwise sends the pod IP as the host, which allowed-hosts checks reject with 400.
 */
import { Healthcheck } from '../../src/compose/types';
import { planProbes } from '../../src/model/workload';

const hc: Healthcheck = { disabled: false };
const httpGetOf = (argv: string[]) => {
  const p = planProbes(hc, argv, undefined);
  expect(p.how).toBe('httpGet');
  return (p.readiness!.handler as { httpGet: unknown }).httpGet;
};

test.each([
  [['curl', '-f', 'http://localhost:8000/health'], 'localhost:8000', 8000],
  [['curl', '-f', 'http://127.0.0.1/health'], '127.0.0.1', 80],
  [['curl', '-f', '-k', 'https://localhost/health'], 'localhost', 443],
  [['curl', '-f', 'https://localhost:443/health'], 'localhost', 443],
  [['curl', '-f', 'http://localhost:443/health'], 'localhost:443', 443],
  [['wget', '-q', '--spider', 'http://[::1]:9000/ping'], '[::1]:9000', 9000],
  [['/usr/bin/wget', '-qO-', 'http://0.0.0.0:3000/'], '0.0.0.0:3000', 3000],
])('%j sends Host: %s', (argv, host, port) => {
  expect(httpGetOf(argv)).toMatchObject({ port, httpHeaders: [{ name: 'Host', value: host }] });
});

test('curl -H, -H attached and --header are kept after the Host header, in order', () => {
  expect(httpGetOf(['curl', '-fsS', '-H', 'Accept: application/json', '-HX-Probe:kubelet', '--header', 'X-Env: prod', 'http://localhost:8080/ready'])).toEqual({
    path: '/ready',
    port: 8080,
    scheme: 'HTTP',
    httpHeaders: [
      { name: 'Host', value: 'localhost:8080' },
      { name: 'Accept', value: 'application/json' },
      { name: 'X-Probe', value: 'kubelet' },
      { name: 'X-Env', value: 'prod' },
    ],
  });
});

test('a Host header given by the check replaces the one from the URL (any case)', () => {
  expect(httpGetOf(['curl', '-f', '-H', 'host: shop.example.com', 'http://localhost:8000/'])).toEqual({
    path: '/',
    port: 8000,
    scheme: 'HTTP',
    httpHeaders: [{ name: 'host', value: 'shop.example.com' }],
  });
});

test('wget --header NAME and --header=NAME are headers; wget -H (span hosts) is not a header flag', () => {
  expect(httpGetOf(['wget', '-q', '--header', 'Authorization: Bearer x', '--header=X-A: 1', 'http://localhost:81/'])).toMatchObject({
    httpHeaders: [
      { name: 'Host', value: 'localhost:81' },
      { name: 'Authorization', value: 'Bearer x' },
      { name: 'X-A', value: '1' },
    ],
  });
  // An option the translation does not know keeps the check a faithful exec.
  expect(planProbes(hc, ['wget', '-q', '-H', 'Accept: x', 'http://localhost:81/'], undefined).how).toBe('exec');
});
