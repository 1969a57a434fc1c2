/** Compose schema of a service's `build:`: a context path, or the mapping of build options. */
import { fileGrants } from './schema-shared';
import { anything, boolean, byType, byteSize, list, listOrDict, object, str, type Check } from './validators';

/** `build:` of a service. */
export const build: Check = byType(
  {
    string: str(),
    map: object({
      context: str(),
      dockerfile: str(),
      dockerfile_inline: str(),
      entitlements: list(str()),
      args: listOrDict,
      ssh: anything,
      labels: listOrDict,
      cache_from: list(str()),
      cache_to: list(str()),
      no_cache: boolean,
      additional_contexts: listOrDict,
      network: str(),
      pull: boolean,
      target: str(),
      shm_size: byteSize,
      extra_hosts: anything,
      isolation: str(),
      privileged: boolean,
      secrets: fileGrants,
      tags: list(str()),
      ulimits: anything,
      platforms: list(str()),
    }),
  },
  'expected a build context path or a mapping',
);
