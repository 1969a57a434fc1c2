/**
 * Compose's service-level `annotations` are the container's annotations (compose specification):
 * they annotate the pod template, where pod-reading tools look for them; `labels` and
 * `deploy.labels` annotate the workload.
 */
import { compileText, find, type Any } from '../helpers';

const project = (annotation: string) =>
  [
    'name: shop',
    'services:',
    '  migrate:',
    '    image: "acme/app:1.0"',
    '    restart: "no"',
    `    annotations: {${annotation}}`,
    '    labels: {com.example.team: data}',
    '  web:',
    '    image: "acme/app:1.0"',
    '    annotations: ["prometheus.io/scrape=true", "example.com/owner=web team"]',
    '    labels: {com.example.team: web}',
    '    deploy: {labels: {com.example.tier: front}}',
    '    configs: [{source: site, target: /etc/site.conf}]',
    '    depends_on: {migrate: {condition: service_completed_successfully}}',
    'configs:',
    '  site:',
    '    content: "a = 1"',
    '',
  ].join('\n');

describe('annotations', () => {
  test('service annotations go to the pod template, labels to the workload; ours win', () => {
    const r = compileText(project('cdk8s-compose.test/outcome: failed'));
    const web = find(r, 'Deployment', 'web') as Any;
    expect(web.spec.template.metadata.annotations).toEqual({
      'prometheus.io/scrape': 'true',
      'example.com/owner': 'web team',
      'cdk8s-compose.io/config-hash': expect.stringMatching(/^[0-9a-f]+$/),
    });
    expect(web.metadata.annotations).toMatchObject({ 'com.example.team': 'web', 'com.example.tier': 'front' });
    expect(web.metadata.annotations['prometheus.io/scrape']).toBeUndefined();
    const job = find(r, 'Job', /^migrate-/) as Any;
    expect(job.spec.template.metadata.annotations).toEqual({ 'cdk8s-compose.test/outcome': 'failed' });
    expect(job.metadata.annotations['cdk8s-compose.test/outcome']).toBeUndefined();
    expect(job.metadata.annotations['com.example.team']).toBe('data');
  });

  test("an annotation of a Job's pods is in the Job's name (its template is immutable): a change makes a new Job", () => {
    const a = find(compileText(project('a: "1"')), 'Job', /^migrate-/).metadata.name;
    const b = find(compileText(project('a: "2"')), 'Job', /^migrate-/).metadata.name;
    expect(a).not.toBe(b);
  });

  test("a compose annotation never replaces the compiler's own pod annotation", () => {
    const r = compileText(project('x: y').replace('["prometheus.io/scrape=true", "example.com/owner=web team"]', '{cdk8s-compose.io/config-hash: mine}'));
    expect((find(r, 'Deployment', 'web') as Any).spec.template.metadata.annotations['cdk8s-compose.io/config-hash']).toMatch(/^[0-9a-f]+$/);
  });

  test('containers of one pod (network_mode: service:X): the annotations of all, the host winning', () => {
    const r = compileText(
      [
        'name: shop',
        'services:',
        '  vpn:',
        '    image: "acme/vpn:1.0"',
        '    annotations: {shared: vpn, vpn.example/only: "1"}',
        '  app:',
        '    image: "acme/app:1.0"',
        '    network_mode: "service:vpn"',
        '    annotations: {shared: app, app.example/only: "1"}',
        '',
      ].join('\n'),
    );
    expect((find(r, 'Deployment', 'vpn') as Any).spec.template.metadata.annotations).toEqual({ shared: 'vpn', 'vpn.example/only': '1', 'app.example/only': '1' });
  });
});
