/** Compose schema of a service's `networks:` (a list of names, or per-network settings) and `extra_hosts:`. */
import { NAME_EXPECTED, RESOURCE_NAME, names, stringOrNumber } from './schema-shared';
import { byType, list, listOfStrings, mapOf, nullable, number, object, str, type Check } from './validators';

/** `networks:` of a service. */
export const serviceNetworks: Check = byType(
  {
    list: list(str({ test: (s) => RESOURCE_NAME.test(s), what: 'network name', expected: NAME_EXPECTED }), { unique: true }),
    map: names(
      'network',
      nullable(
        object({
          aliases: listOfStrings,
          interface_name: str(),
          ipv4_address: str(),
          ipv6_address: str(),
          link_local_ips: listOfStrings,
          mac_address: str(),
          driver_opts: mapOf(stringOrNumber),
          priority: number,
          gw_priority: number,
        }),
      ),
    ),
  },
  'expected a list of networks or a mapping',
);

/** `extra_hosts:` of a service: a list of "HOST:IP" / "HOST=IP" strings, or a mapping of hosts to IP addresses. */
export const extraHosts: Check = byType(
  {
    list: list(
      str({
        test: (s) => /^[^:=\s]+[:=]\S+$/.test(s),
        what: 'host entry',
        expected: 'expected "HOST:IP" or "HOST=IP"',
      }),
      { unique: true },
    ),
    map: mapOf(byType({ string: str(), list: list(str()) }, 'expected an IP address or a list of them')),
  },
  'expected a list of "HOST:IP" strings or a mapping of hosts to IP addresses',
);
