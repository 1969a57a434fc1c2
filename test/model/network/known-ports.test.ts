/** knownPorts (network/known-ports.ts): sources in PORT_ORIGINS order whatever their order in the list, each port once, in one shape. */
import { knownPorts, networkLabel, PortSource } from '../../../src/model/network';

describe('knownPorts', () => {
  test('sources by origin in PORT_ORIGINS order, stable within an origin; a port/protocol is listed once, under its first source', () => {
    const sources: PortSource[] = [
      { origin: 'used', ports: [{ port: 5432, protocol: 'tcp', from: 'environment DATABASE_URL of web' }, { port: 9000, protocol: 'tcp', from: 'command of worker' }] },
      { origin: 'lock', ports: [{ port: 8080, protocol: 'tcp', from: 'image configuration (lock file)' }] },
      { origin: 'compose', ports: [{ port: 8080, protocol: 'tcp', from: 'ports', userName: 'web' }, { port: 53, protocol: 'udp', from: 'expose' }] },
      { origin: 'used', ports: [{ port: 9000, protocol: 'tcp', from: 'command of other' }, { port: 53, protocol: 'tcp', from: 'links of dns' }] },
      { origin: 'healthcheck', ports: [{ port: 5432, protocol: 'tcp', from: 'healthcheck' }] },
    ];
    const known = knownPorts(sources);
    expect(known).toEqual([
      { port: 8080, protocol: 'tcp', from: 'ports', userName: 'web', origin: 'compose' },
      { port: 53, protocol: 'udp', from: 'expose', origin: 'compose' },
      { port: 5432, protocol: 'tcp', from: 'healthcheck', origin: 'healthcheck' },
      { port: 9000, protocol: 'tcp', from: 'command of worker', origin: 'used' },
      { port: 53, protocol: 'tcp', from: 'links of dns', origin: 'used' },
    ]);
    // The keys in the order a spread of the port and its origin gave them.
    expect(known.map((k) => Object.keys(k).join(','))).toEqual(['port,protocol,from,userName,origin', ...Array(4).fill('port,protocol,from,origin')]);
  });

  test('networkLabel: the label key of a network, the same asked again', () => {
    expect(networkLabel('back_end')).toBe('network.cdk8s-compose.io/back-end');
    expect(networkLabel('back_end')).toBe('network.cdk8s-compose.io/back-end');
    expect(networkLabel('default')).toBe('network.cdk8s-compose.io/default');
  });
});
