/**
 * extra_hosts → hostAliases: the API server accepts only IP addresses there (found by the cluster
 * suite: `host.docker.internal:host-gateway` made the gitea-postgres fixture's Deployment invalid).
 */
import { formatDiagnostic } from '../../src/diagnostics';
import { compileText, podSpecOf, find } from '../helpers';

const compose = (hosts: string) => `name: hosts
services:
  app:
    image: nginxinc/nginx-unprivileged:1.27.3
    extra_hosts:
${hosts}
`;

test('host-gateway is left out with a warning that says how to reach the host instead', () => {
  const r = compileText(compose('      - "host.docker.internal:host-gateway"\n      - "db.local:10.0.0.5"'));
  expect(podSpecOf(find(r, 'Deployment', 'app')).hostAliases).toEqual([{ ip: '10.0.0.5', hostnames: ['db.local'] }]);
  const w = r.warnings.map(formatDiagnostic).filter((m) => m.includes('extra_hosts'));
  expect(w).toHaveLength(1);
  expect(w[0]).toContain('"host.docker.internal" → "host-gateway": host-gateway is the address of the Docker host');
  expect(w[0]).toContain('ExternalName');
});

test('several addresses of one host give one alias each; IPv6 in brackets loses them; a name that is not an IP is left out', () => {
  const r = compileText(compose('      both: ["10.0.0.1", "10.0.0.2"]\n      v6: "[::1]"\n      named: gateway.example'));
  expect(podSpecOf(find(r, 'Deployment', 'app')).hostAliases).toEqual([
    { ip: '10.0.0.1', hostnames: ['both'] },
    { ip: '10.0.0.2', hostnames: ['both'] },
    { ip: '::1', hostnames: ['v6'] },
  ]);
  expect(r.warnings.map(formatDiagnostic).filter((m) => m.includes('extra_hosts'))).toEqual([
    expect.stringContaining('"named" → "gateway.example": a host alias needs an IP address'),
  ]);
});

test('no extra_hosts that are all left out: no hostAliases field', () => {
  const r = compileText(compose('      - "host.docker.internal:host-gateway"'));
  expect(podSpecOf(find(r, 'Deployment', 'app')).hostAliases).toBeUndefined();
});
