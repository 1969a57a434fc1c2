/**
 * Compose's reachability holds on every rendered corpus project: each use of a service by another
 * that the model reads (environment, command, mounted files, depends_on, links, aliases) reaches the
 * target on the port used and on every port of its Service, and nothing else gets in from another
 * namespace. The four projects of issue 22 are also checked for what they are about.
 */
import * as path from 'path';
import { compile, CompileResult } from '../../src/compile';
import { planUses } from '../../src/model/network';
import { Any, ROOT } from '../helpers';
import { reachProblems } from '../network-reach';
import { ingressAllowed, OUTSIDE, podIn } from '../network-policy';

const CORPUS = path.join(ROOT, 'test/corpus');
const compileCorpus = (name: string): CompileResult => compile({ files: [], cwd: path.join(CORPUS, name), environment: {} });
const get = (r: CompileResult, kind: string, name: string) => r.objects.find((o: Any) => o.kind === kind && o.metadata.name === name) as Any;
const codes = (r: CompileResult) => r.warnings.flatMap((w) => (w.code ? [`${w.code}:${w.service ?? ''}`] : []));

describe.each(['php-fpm-nginx', 'workflow-engine', 'alias-links', 'loopback-admin', 'laravel', 'nextcloud', 'n8n', 'umami', 'self-hosted-photos', 'rabbitmq-worker'])('%s', (name) => {
  test('every use by name reaches its target on every port of its Service, and only published ports are open to other namespaces', () => {
    const r = compileCorpus(name);
    const uses = planUses(r.project);
    expect(reachProblems(r, uses)).toEqual([]);
  });
});

describe('the projects of issue 22', () => {
  test('php-fpm behind nginx: fastcgi_pass php:9000 in the mounted config gives php a Service on 9000', () => {
    const r = compileCorpus('php-fpm-nginx');
    expect(get(r, 'Service', 'php').spec.ports.map((p: Any) => p.port)).toEqual([9000]);
    expect(r.warnings.find((w) => w.code === 'undeclared-port')).toBeUndefined();
    expect(r.report.services.find((s) => s.service === 'php')!.notes.join('\n')).toContain('9000 (file ./nginx/default.conf of web)');
  });

  test('workflow engine: http://engine:7001 makes port 7001 known; the broker is reached on 6650 from the command', () => {
    const r = compileCorpus('workflow-engine');
    expect(get(r, 'Service', 'engine').spec.ports.map((p: Any) => p.port)).toEqual([7001]);
    expect(get(r, 'Service', 'broker').spec.ports.map((p: Any) => p.port)).toEqual([6650]);
    expect(get(r, 'Service', 'worker')).toBeUndefined(); // nobody uses the workers by name
    expect(codes(r).filter((c) => c.startsWith('undeclared-port'))).toEqual([]);
  });

  test('aliases and links: valid aliases get Services with the same selector; a dotted alias is an attention item', () => {
    const r = compileCorpus('alias-links');
    for (const [alias, target] of [['queue-primary', 'queue'], ['xmpp', 'prosody'], ['store', 'queue']]) {
      expect(get(r, 'Service', alias).spec.selector).toEqual(get(r, 'Service', target).spec.selector);
      expect(get(r, 'Service', alias).spec.ports).toEqual(get(r, 'Service', target).spec.ports);
    }
    const dotted = r.warnings.find((w) => w.code === 'network-alias')!;
    expect(dotted.message).toContain('"xmpp.meet.internal"');
    expect(dotted.message).toContain('used by web');
    expect(dotted.message).toContain('"xmpp-meet-internal"');
  });

  test('loopback-only published ports stay inside the project; the report says kubectl port-forward', () => {
    const r = compileCorpus('loopback-admin');
    for (const [svc, port] of [['prometheus', 9090], ['alertmanager', 9093], ['metrics-db', 3306]] as const) {
      const w = r.objects.find((o: Any) => ['Deployment', 'StatefulSet'].includes(o.kind) && o.metadata.name === svc);
      expect(ingressAllowed(r, podIn('monitoring'), w, port)).toBe(false);
      expect(ingressAllowed(r, OUTSIDE, w, port)).toBe(false);
      expect(r.report.reach.find((l) => l.service === svc)!.how).toContain(`kubectl port-forward service/${svc}`);
    }
    expect(ingressAllowed(r, OUTSIDE, get(r, 'Deployment', 'grafana'), 3000)).toBe(true);
  });
});
