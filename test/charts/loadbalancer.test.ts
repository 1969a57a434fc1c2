/** Service ports: ClusterIP on the container port, LoadBalancer on the published port, NodePort only from an explicit value. */
import { formatDiagnostic, UserError } from '../../src/diagnostics';
import { Any, compileText, find, nginxWeb } from '../helpers';

const SVC = (x: string, ports?: string, labels = '') => nginxWeb(`${labels}${x}`, { ports });

const service = (r: ReturnType<typeof compileText>) => (find(r, 'Service', 'web') as Any).spec;

describe('Service ports', () => {
  test('ClusterIP (the default) exposes the container port: web:80 keeps working inside the cluster', () => {
    expect(service(compileText(SVC('')))).toMatchObject({ type: 'ClusterIP', ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] });
  });

  test('a LoadBalancer listens on the published port (8080:80 → port 8080, target 80), with a warning about the in-cluster port', () => {
    const r = compileText(SVC('    x-k8s: {serviceType: LoadBalancer}\n'));
    expect(service(r)).toEqual({
      type: 'LoadBalancer',
      selector: expect.any(Object),
      ports: [{ name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' }],
    });
    expect((find(r, 'Deployment', 'web') as Any).spec.template.spec.containers[0].ports).toEqual([{ name: 'http', containerPort: 80, protocol: 'TCP' }]);
    expect(r.warnings.map(formatDiagnostic)).toContain(
      'warning: compose.yaml: services.web.ports: the LoadBalancer Service listens on 8080, the port compose publishes for container port 80; inside the cluster other services reach web:8080 too, not web:80 as under compose: publish "80:80" if they use 80',
    );
    expect(r.report.reach).toEqual([{ service: 'web', port: 'published port 8080', how: 'reached through LoadBalancer Service web on port 8080' }]);
  });

  test('a LoadBalancer on the same published and container port, on UDP, and via kompose.service.type: no warning', () => {
    const same = compileText(SVC('    x-k8s: {serviceType: LoadBalancer}\n', '["80:80", "27015:27015/udp"]'));
    expect(service(same).ports).toEqual([
      { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
      { name: 'udp-27015', port: 27015, targetPort: 'udp-27015', protocol: 'UDP' },
    ]);
    expect(same.warnings.filter((w) => w.message.includes('LoadBalancer'))).toEqual([]);
    const kompose = compileText(SVC('', '["9000:80"]', '    labels: {kompose.service.type: loadbalancer}\n'));
    expect(service(kompose)).toMatchObject({ type: 'LoadBalancer', ports: [{ port: 9000, targetPort: 'http' }] });
  });

  test('NodePort: nodePort from kompose.service.nodeport.port or a published port in 30000-32767, else the cluster assigns one', () => {
    expect(service(compileText(SVC('    x-k8s: {serviceType: NodePort}\n', '["30080:80"]'))).ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP', nodePort: 30080 }]);
    expect(service(compileText(SVC('    x-k8s: {serviceType: NodePort}\n', '["8080:80"]'))).ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);
    const label = compileText(SVC('    x-k8s: {serviceType: NodePort}\n', '["8080:80"]', '    labels: {kompose.service.nodeport.port: "31000"}\n'));
    expect(service(label).ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP', nodePort: 31000 }]);
    expect(label.warnings.filter((w) => w.message.includes('kompose'))).toEqual([]);
    expect(label.report.reach[0].how).toBe('reached through NodePort Service web on node port 31000');
    const assigned = compileText(SVC('    x-k8s: {serviceType: NodePort}\n', '["8080:80"]'));
    expect(assigned.report.reach[0].how).toBe('reached through NodePort Service web on a node port the cluster assigns (kubectl get service web)');
  });

  test('a kompose.service.nodeport.port outside 30000-32767 is an error', () => {
    let messages: string[] = [];
    try {
      compileText(SVC('    x-k8s: {serviceType: NodePort}\n', '["8080:80"]', '    labels: {kompose.service.nodeport.port: "8080"}\n'));
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      messages = e.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
    }
    expect(messages).toEqual(['error: compose.yaml: services.web.labels.kompose.service.nodeport.port: invalid node port "8080"; expected a number from 30000 to 32767']);
  });
});
