import { compileText, find, podSpecOf } from '../helpers';
import type { Any } from '../helpers';

const lines = (...l: string[]) => [...l, ''].join('\n');

describe('newer compose keys', () => {
  test('restart: on-failure:N is the Job backoffLimit', () => {
    const r = compileText(lines('name: shop', 'services:', '  seed:', '    image: acme/seed:1.0', '    user: "1000:1000"', '    restart: on-failure:5'));
    expect((find(r, 'Job', /^seed-[0-9a-f]{8}$/).spec as Any).backoffLimit).toBe(5);
  });

  test('configs.content and configs.environment become ConfigMap data; secrets.environment a Secret key, never its value', () => {
    const r = compileText(
      lines(
        'name: shop',
        'services:',
        '  web:',
        '    image: acme/web:1.0',
        '    user: "1000:1000"',
        '    configs: [{source: site, target: /etc/site.txt}, {source: motd, target: /etc/motd}]',
        '    secrets: [api_key]',
        'configs:',
        '  site: {content: "name: shop"}',
        '  motd: {environment: MOTD}',
        'secrets:',
        '  api_key: {environment: API_KEY}',
      ),
      { environment: { MOTD: 'hello', API_KEY: 'sk-do-not-leak' } },
    );
    const data = r.objects.filter((o) => o.kind === 'ConfigMap').map((o) => (o as Any).data);
    expect(data).toEqual(expect.arrayContaining([{ site: 'name: shop' }, { motd: 'hello' }]));
    expect([...r.files.values()].some((t) => t.includes('sk-do-not-leak'))).toBe(false);
    const secretVolume = podSpecOf(find(r, 'Deployment', 'web')).volumes.find((v: Any) => v.secret);
    expect(secretVolume.secret).toMatchObject({ secretName: 'shop-secrets', items: [{ key: 'API_KEY', path: 'api_key' }] });
    expect(r.files.get('SECRETS.md')).toContain('API_KEY');
  });
});
