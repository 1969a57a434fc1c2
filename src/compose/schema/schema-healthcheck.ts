/**
 * Compose schema of a service's `healthcheck:`: its timings and its `test` (a shell string, or a
 * list starting with "CMD", "CMD-SHELL" or "NONE").
 */
import { show } from '../../diagnostics';
import { boolean, byType, duration, integer, list, object, str, type Check } from './validators';
import { indexPath, untag, type YamlValue } from '../yaml-value';

/** The forms a list `test` may start with. */
const HEALTHCHECK_FORMS = ['CMD', 'CMD-SHELL', 'NONE'];

/** `healthcheck.test`: a string, or a list with a form first and (for CMD, CMD-SHELL) a command after it. */
const healthcheckTest: Check = byType(
  {
    string: str(),
    list: (value, path, ctx) => {
      list(str())(value, path, ctx);
      const items = (value as YamlValue[]).map(untag);
      const first = items[0];
      if (first === undefined) {
        ctx.error(path, 'invalid healthcheck test []; expected ["CMD", ...], ["CMD-SHELL", "command"] or ["NONE"]');
      } else if (typeof first === 'string' && !HEALTHCHECK_FORMS.includes(first)) {
        ctx.error(indexPath(path, 0), `invalid healthcheck test form ${show(first)}; expected "CMD", "CMD-SHELL" or "NONE" first`);
      } else if ((first === 'CMD' || first === 'CMD-SHELL') && items.length < 2) {
        ctx.error(path, `invalid healthcheck test with ${show(first)} alone; expected a command after it`);
      }
    },
  },
  'expected a string or a list of strings',
);

/** `healthcheck:` of a service. */
export const healthcheck: Check = object({
  disable: boolean,
  interval: duration,
  retries: integer({ min: 0 }),
  test: healthcheckTest,
  timeout: duration,
  start_period: duration,
  start_interval: duration,
});
