/**
 * Compose schema of a service's start-up and stop: `depends_on:` (a list of services, or a
 * mapping with conditions) and the `post_start:` / `pre_stop:` hooks.
 */
import { NAME_EXPECTED, RESOURCE_NAME, command, names } from './schema-shared';
import { boolean, byType, list, listOrDict, object, str, type Check } from './validators';

/** `depends_on:` of a service. */
export const dependsOn: Check = byType(
  {
    list: list(str({ test: (s) => RESOURCE_NAME.test(s), what: 'service name', expected: NAME_EXPECTED }), { unique: true }),
    map: names(
      'service',
      object(
        {
          condition: str({ oneOf: ['service_started', 'service_healthy', 'service_completed_successfully'] }),
          required: boolean,
          restart: boolean,
        },
        { required: ['condition'] },
      ),
    ),
  },
  'expected a list of services or a mapping',
);

/** One `post_start:` / `pre_stop:` hook; `command` is required. */
export const hook: Check = object(
  { command, user: str(), privileged: boolean, working_dir: str(), environment: listOrDict },
  { required: ['command'] },
);
