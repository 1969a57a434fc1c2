/**
 * The compose file schema (after the Compose Specification's `compose-spec.json`), as a table of
 * checks. Every service, network, volume, secret and config key of the specification is known;
 * unknown keys are errors (with a "did you mean" hint), `x-` extensions are allowed wherever the
 * specification allows them. Values that compose casts from strings (integers, booleans) are
 * accepted as strings too.
 *
 * This module holds the top level of a file (`version`, `name`, `include`, and which schema each
 * section follows); the parts are in schema-service (every service key, with the long-syntax
 * sub-schemas in schema-ports, schema-mounts, schema-build, schema-deploy, schema-healthcheck,
 * schema-lifecycle and schema-service-networks), schema-resources (networks, volumes, secrets,
 * configs) and schema-shared (checks they share).
 */
import { isRemoteInclude } from '../syntax';
import { config, network, secret, volume } from './schema-resources';
import { service } from './schema-service';
import { names } from './schema-shared';
import { allOf, anything, byType, list, nullable, object, str, stringOrList, type Check } from './validators';

/** Why a remote `include:` (git URL, OCI reference) is refused, and what to do instead. */
const REMOTE_INCLUDE = 'remote includes (git repositories, OCI artifacts) are not supported; clone or copy the project and include it by a local path';

/** One `include:` path: a local path (remote ones are errors). */
const includePath: Check = str({ test: (s) => !isRemoteInclude(s), what: 'include path', expected: REMOTE_INCLUDE });

/** `include:` (Compose Specification): a list of paths, or of mappings with `path`, `env_file`, `project_directory`. */
const include: Check = list(
  byType(
    {
      string: includePath,
      map: object({ path: stringOrList(includePath), env_file: stringOrList(), project_directory: str() }, { extensions: false, required: ['path'] }),
    },
    'expected a path or a mapping with "path"',
  ),
);

/** The top-level `version`: a string, warned about (compose ignores it). */
const obsoleteVersion: Check = allOf(str(), (_value, path, ctx) =>
  ctx.warn(path, 'the top-level "version" is obsolete and ignored; remove it'),
);

/** The whole compose file. */
export const COMPOSE_FILE_SCHEMA: Check = object({
  version: obsoleteVersion,
  name: str(),
  include,
  services: nullable(names('service', service)),
  networks: nullable(names('network', nullable(network))),
  volumes: nullable(names('volume', nullable(volume))),
  secrets: nullable(names('secret', secret)),
  configs: nullable(names('config', config)),
  models: anything,
});
