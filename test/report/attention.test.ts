/** "Needs your attention" (src/report/attention.ts): coded warnings grouped by service, and the text of a warning. */
import { Diagnostic } from '../../src/diagnostics';
import { attentionGroups, reportText } from '../../src/report/attention';

const warning = (code: string | undefined, service: string | undefined, path: string, message: string): Diagnostic =>
  ({ severity: 'warning', file: '/home/me/app/compose.yaml', path, message, ...(code !== undefined ? { code } : {}), ...(service !== undefined ? { service } : {}) }) as Diagnostic;

describe('attention', () => {
  test('reportText: the file without folders, then path and message (empty parts left out)', () => {
    expect(reportText(warning(undefined, undefined, 'services.web', 'm'))).toBe('compose.yaml: services.web: m');
    expect(reportText({ severity: 'warning', message: 'only' })).toBe('only');
    expect(reportText({ severity: 'warning', path: '', file: 'a/b.yaml', message: 'x' })).toBe('b.yaml: x');
  });

  test('groups: the project first, then services by name; items of a group sorted by code and text; uncoded and errors left out', () => {
    const ws: Diagnostic[] = [
      warning('B_CODE', 'web', 'services.web.b', 'second'),
      warning('A_CODE', 'web', 'services.web.z', 'first'),
      warning('C_CODE', undefined, 'volumes', 'project'),
      warning(undefined, 'web', 'services.web', 'not coded'),
      warning('A_CODE', 'api', 'services.api', 'api'),
      { ...warning('A_CODE', 'api', 'services.api.x', 'an error'), severity: 'error' },
      warning('A_CODE', 'web', 'services.web.a', 'first'),
    ];
    const groups = attentionGroups(ws);
    expect(groups.map((g) => [g.service, g.items.map((i) => `${i.code} ${i.text}`)])).toEqual([
      [undefined, ['C_CODE compose.yaml: volumes: project']],
      ['api', ['A_CODE compose.yaml: services.api: api']],
      ['web', ['A_CODE compose.yaml: services.web.a: first', 'A_CODE compose.yaml: services.web.z: first', 'B_CODE compose.yaml: services.web.b: second']],
    ]);
    expect(groups[0]).not.toHaveProperty('service');
    // Texts made by the caller are used as given, one per warning.
    expect(attentionGroups(ws, ws.map((_, i) => `t${i}`)).map((g) => g.items.map((i) => i.text))).toEqual([['t2'], ['t4'], ['t1', 't6', 't0']]);
  });
});
