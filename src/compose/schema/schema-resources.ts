/**
 * Compose schema of the top-level resources a project defines besides services: `networks:`,
 * `volumes:`, `secrets:` and `configs:` entries.
 */
import { stringOrNumber } from './schema-shared';
import { anything, boolean, byType, list, listOrDict, mapOf, object, str, type Check } from './validators';

/** `external:` of a resource: true or false (also as a string), or the legacy `{name: ...}` mapping. */
const external: Check = byType(
  { boolean: anything, string: boolean, map: object({ name: str() }) },
  'expected true or false',
);

/** One top-level `networks:` entry. */
export const network: Check = object({
  name: str(),
  driver: str(),
  driver_opts: mapOf(stringOrNumber),
  ipam: object({ driver: str(), config: list(anything), options: mapOf(str()) }),
  external,
  internal: boolean,
  enable_ipv4: boolean,
  enable_ipv6: boolean,
  attachable: boolean,
  labels: listOrDict,
});

/** One top-level `volumes:` entry. */
export const volume: Check = object({
  name: str(),
  driver: str(),
  driver_opts: mapOf(stringOrNumber),
  external,
  labels: listOrDict,
});

/** One top-level `secrets:` entry. */
export const secret: Check = object({
  name: str(),
  environment: str(),
  file: str(),
  external,
  labels: listOrDict,
  driver: str(),
  driver_opts: mapOf(stringOrNumber),
  template_driver: str(),
});

/** One top-level `configs:` entry. */
export const config: Check = object({
  name: str(),
  content: str(),
  environment: str(),
  file: str(),
  external,
  labels: listOrDict,
  template_driver: str(),
});
