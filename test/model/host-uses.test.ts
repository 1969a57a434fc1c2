import { hostOccurrences, rewriteHosts } from '../../src/model/network/host-uses';
import { isLoopback } from '../../src/model/network/host-ip';

const names = new Set(['app_db', 'php', 'engine', 'app']);

describe('names used as hosts', () => {
  test('URL hosts (with the scheme default port), host:port, nginx targets, host variables; not a database named like the service', () => {
    expect(hostOccurrences('http://engine:7001/api', names).map((o) => [o.name, o.port])).toEqual([['engine', 7001]]);
    expect(hostOccurrences('postgres://u:\u0001@app_db/app', names).map((o) => [o.name, o.port])).toEqual([['app_db', 5432]]);
    expect(hostOccurrences('fastcgi_pass php:9000;', names).map((o) => [o.name, o.port])).toEqual([['php', 9000]]);
    expect(hostOccurrences('proxy_pass php;', names).map((o) => o.name)).toEqual(['php']);
    expect(hostOccurrences('app_db', names)).toEqual([]);
    expect(hostOccurrences('app_db', names, true).map((o) => o.name)).toEqual(['app_db']);
    expect(hostOccurrences('/var/lib/app_db/data app.example.com', names)).toEqual([]);
  });

  test('rewrites only host uses of renamed names', () => {
    const renames = new Map([['app_db', 'app-db']]);
    expect(rewriteHosts('postgres://u:\u0001@app_db:5432/app_db', renames)).toEqual({ text: 'postgres://u:\u0001@app-db:5432/app_db', count: 1 });
    expect(rewriteHosts('app_db', renames)).toEqual({ text: 'app_db', count: 0 });
    expect(rewriteHosts('app_db', renames, true)).toEqual({ text: 'app-db', count: 1 });
  });

  test('loopback host IPs', () => {
    expect(['127.0.0.1', '::1', '[::1]', '127.0.0.2'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '10.0.0.5', ''].some(isLoopback)).toBe(false);
  });
});
