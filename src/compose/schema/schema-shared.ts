/**
 * Checks the compose schema modules share: resource names (services, networks, volumes, secrets,
 * configs), strings-or-numbers, commands, and the `secrets:` / `configs:` grants that services and
 * builds both take.
 */
import { show } from '../../diagnostics';
import { splitShellWords } from '../syntax';
import { anything, byType, fileMode, list, mapOf, number, object, str, type Check } from './validators';

/** Names of services, networks, volumes, secrets and configs (compose: `^[a-zA-Z0-9._-]+$`). */
export const RESOURCE_NAME = /^[a-zA-Z0-9._-]+$/;
/** What a name that fails {@link RESOURCE_NAME} should be. */
export const NAME_EXPECTED = 'expected letters, digits, ".", "_" and "-" only';

/** A mapping of resource names (checked against {@link RESOURCE_NAME}) to their definitions. */
export function names(what: string, definition: Check): Check {
  return mapOf(definition, { key: RESOURCE_NAME, keyWhat: `${what} name`, keyExpected: NAME_EXPECTED, of: `${what}s` });
}

/** A string or a number (`driver_opts` values, `cpu_rt_period`, `group_add` entries, ...). */
export const stringOrNumber: Check = byType({ string: str(), number: number }, 'expected a string or a number');

/** `command`, `entrypoint`, hook commands: null, a shell-like string, or a list of strings. */
export const command: Check = byType(
  {
    null: anything,
    string: (value, path, ctx) => {
      const split = splitShellWords(value as string);
      if ('error' in split) ctx.error(path, `invalid command ${show(value)}: ${split.error}; close the quote or use the list form`);
    },
    list: list(str()),
  },
  'expected a string or a list of strings',
);

/** `secrets:` / `configs:` of a service (and `build.secrets`). */
export const fileGrants: Check = list(
  byType(
    {
      string: str(),
      map: object({ source: str(), target: str(), uid: str(), gid: str(), mode: fileMode }, { required: ['source'] }),
    },
    'expected a name or a mapping with "source"',
  ),
);
