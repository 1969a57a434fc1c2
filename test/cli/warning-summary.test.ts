/** The warning summary: one line per kind, naming who it is about, losing no code and no count. */
import { groupWarnings, warningSummary } from '../../src/cli/warning-summary';
import { Diagnostic } from '../../src/diagnostics';

const w = (path: string, message: string, code?: Diagnostic['code'], service?: string): Diagnostic => ({
  severity: 'warning',
  file: 'compose.yaml',
  path,
  message,
  ...(code ? { code } : {}),
  ...(service ? { service } : {}),
});

const noSize = (v: string) => w(`volumes.${v}`, `no size given; the claim requests 1Gi; set x-k8s: {size: 10Gi} on the volume "${v}"`);

test('warnings of one kind are one line naming each subject; values that differ are elided, shared ones kept', () => {
  const lines = warningSummary([noSize('a'), noSize('b'), noSize('c')], 'out/README.md');
  expect(lines).toEqual([
    'warning: compose.yaml: 3 volumes (a, b, c): no size given; the claim requests 1Gi; set x-k8s: {size: 10Gi} on the volume "…"',
    '(3 warnings in 1 lines; out/README.md lists each one)',
  ]);
});

test('a kind with one warning is printed exactly as before, with its code', () => {
  const one = w('services.web.image', 'image "nginx" has no tag; pin a version', 'mutable-image', 'web');
  expect(warningSummary([one], 'out/README.md')).toEqual(['warning: compose.yaml: services.web.image: image "nginx" has no tag; pin a version [mutable-image]']);
});

test('attention codes first (in the table\'s order), then the largest kinds; a path with a dotted service name keeps it', () => {
  const ds = [
    noSize('a'),
    noSize('b'),
    w('services.api.v2', 'no resources given; set deploy.resources'),
    w('services.web', 'the image\'s write paths are unknown', 'writable-root', 'web'),
    w('services.api', 'the image\'s user is unknown', 'image-user', 'api'),
    w('services.web', 'the image\'s user is unknown', 'image-user', 'web'),
  ];
  const groups = groupWarnings(ds);
  expect(groups.map((g) => [g.code, g.items.length])).toEqual([
    ['writable-root', 1],
    ['image-user', 2],
    [undefined, 2],
    [undefined, 1],
  ]);
  const lines = warningSummary(ds, undefined);
  expect(lines[1]).toBe('warning: compose.yaml: 2 services (api, web): the image\'s user is unknown [image-user]');
  expect(lines[3]).toBe('warning: compose.yaml: services.api.v2: no resources given; set deploy.resources');
  // Without a place that lists them, no pointer line.
  expect(lines).toHaveLength(4);
});

test('warnings that differ in an unquoted number or path are one kind; different words are not', () => {
  const ds = [
    w('services.a.volumes[0]', 'bind of /srv/a becomes a claim of 1Gi'),
    w('services.b.volumes[1]', 'bind of /srv/b becomes a claim of 2Gi'),
    w('services.c', 'bind of /srv/c is dropped'),
  ];
  expect(warningSummary(ds, 'R')).toEqual([
    'warning: compose.yaml: 2 services (a, b): bind of … becomes a claim of …',
    'warning: compose.yaml: services.c: bind of /srv/c is dropped',
    '(3 warnings in 2 lines; R lists each one)',
  ]);
});
