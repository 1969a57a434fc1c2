/** Images, missing files and one-shot servers: rendered with a coded warning (DESIGN "Render what people write"). */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compile, CompileResult } from '../../src/compile';
import { formatDiagnostic, UserError } from '../../src/diagnostics';
import { Any } from '../helpers';

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-attn-'));
  for (const [f, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), text);
  }
  return dir;
}
const run = (dir: string, options: Record<string, unknown> = {}): CompileResult => compile({ files: [], cwd: dir, environment: {}, ...options });
const coded = (r: CompileResult) => r.warnings.filter((w) => w.code !== undefined).map((w) => `${w.code} ${w.service ?? '-'}: ${formatDiagnostic(w)}`);
const workload = (r: CompileResult, name: string) => r.objects.find((o) => ['Deployment', 'StatefulSet', 'Job'].includes(o.kind) && o.metadata.name === name) as Any;

describe('images', () => {
  test('untagged and latest images are written as given with imagePullPolicy Always; a pinned one stays IfNotPresent', () => {
    const r = run(project({ 'compose.yaml': 'name: app\nservices:\n  a:\n    image: nginx\n  b:\n    image: ghcr.io/acme/b:latest\n  c:\n    image: redis:7.4.1\n  d:\n    image: nginx\n    pull_policy: missing\n' }));
    const containers = ['a', 'b', 'c', 'd'].map((n) => workload(r, n).spec.template.spec.containers[0]);
    expect(containers.map((c: Any) => [c.image, c.imagePullPolicy])).toEqual([
      ['nginx', 'Always'],
      ['ghcr.io/acme/b:latest', 'Always'],
      ['redis:7.4.1', 'IfNotPresent'],
      ['nginx', 'IfNotPresent'],
    ]);
    expect(coded(r).filter((l) => l.startsWith('mutable-image'))).toEqual([
      'mutable-image a: warning: compose.yaml: services.a.image: image "nginx" has no tag; it is written as given with imagePullPolicy: Always, so a restarted pod may run another version: pin a version (e.g. nginx:1.2.3) or a digest',
      'mutable-image b: warning: compose.yaml: services.b.image: image "ghcr.io/acme/b:latest" uses the tag "latest"; it is written as given with imagePullPolicy: Always, so a restarted pod may run another version: pin a version (e.g. acme/b:1.2.3) or a digest',
      'mutable-image d: warning: compose.yaml: services.d.image: image "nginx" has no tag; it is written as given with imagePullPolicy: Always, so a restarted pod may run another version: pin a version (e.g. nginx:1.2.3) or a digest',
    ]);
  });
});

describe('missing secret and config files', () => {
  const files = {
    'compose.yaml':
      'name: app\nservices:\n  web:\n    image: nginx:1.27\n    secrets: [db_password]\n    configs:\n      - source: site\n        target: /etc/nginx/conf.d/default.conf\nsecrets:\n  db_password:\n    file: ./secrets/db_password.txt\nconfigs:\n  site:\n    file: ./nginx/site.conf\n',
  };

  test('warnings; the Secret is referenced as usual, the ConfigMap is not written and the pods still reference it', () => {
    const r = run(project(files));
    expect(coded(r)).toEqual([
      'missing-file web: warning: compose.yaml: secrets.db_password.file: secret file "./secrets/db_password.txt" does not exist here; the manifests reference the Secret app-db-password all the same: create it where the file exists, as SECRETS.md says',
      'missing-file web: warning: compose.yaml: configs.site.file: config file "./nginx/site.conf" does not exist here; the ConfigMap site is not written: create it where the file exists (kubectl create configmap site --from-file=site=./nginx/site.conf), or put the file in place and synth again',
    ]);
    expect(r.objects.filter((o) => o.kind === 'ConfigMap').map((o) => o.metadata.name)).toEqual([]);
    const volumes = workload(r, 'web').spec.template.spec.volumes;
    expect(volumes.filter((v: Any) => v.configMap).map((v: Any) => v.configMap.name)).toEqual(['site']);
    expect(volumes.filter((v: Any) => v.secret).map((v: Any) => v.secret.secretName)).toEqual(['app-db-password']);
  });

  test('with --secrets inline they are errors (the values are needed)', () => {
    try {
      run(project(files), { secrets: 'inline', allowInsecureSecrets: true });
      throw new Error('expected a failure');
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      const lines = (e as UserError).diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
      expect(lines).toContain('error: compose.yaml: secrets.db_password.file: secret file "./secrets/db_password.txt" does not exist; --secrets inline writes its content into the output: create the file, or use --secrets external');
      expect(lines).toContain('error: compose.yaml: configs.site.file: config file "./nginx/site.conf" does not exist; --secrets inline writes its content into the output: create the file, or use --secrets external');
    }
  });

  test('a file that exists gives no warning', () => {
    const r = run(project({ ...files, 'secrets/db_password.txt': 'x', 'nginx/site.conf': 'server {}\n' }));
    expect(coded(r)).toEqual([]);
  });
});

describe('servers stay servers', () => {
  test('restart: "no" or on-failure with ports and no completion dependent → Deployment with a warning; without ports or awaited → Job', () => {
    const r = run(
      project({
        'compose.yaml':
          'name: app\nservices:\n  web:\n    image: ghcr.io/acme/web:1.0.0\n    restart: "no"\n    ports: ["8080:8080"]\n  api:\n    image: ghcr.io/acme/api:1.0.0\n    restart: on-failure:5\n    expose: ["9000"]\n  seed:\n    image: ghcr.io/acme/seed:1.0.0\n    restart: "no"\n  migrate:\n    image: ghcr.io/acme/web:1.0.0\n    restart: "no"\n    expose: ["8081"]\n  app:\n    image: ghcr.io/acme/web:1.0.0\n    depends_on:\n      migrate: {condition: service_completed_successfully}\n',
      }),
    );
    const kinds = Object.fromEntries(r.model.workloads.map((w) => [w.service, w.kind]));
    expect(kinds).toEqual({ api: 'Deployment', app: 'Deployment', migrate: 'Job', seed: 'Job', web: 'Deployment' });
    expect(coded(r).filter((l) => l.startsWith('one-shot-server'))).toEqual([
      'one-shot-server api: warning: compose.yaml: services.api.restart: restart: "on-failure:5" makes a one-shot service, but it serves ports (expose:) and no service waits for it to complete; it becomes a Deployment, restarted when it exits, so that its ports stay reachable: remove restart: "on-failure:5" or set x-k8s.kind: job to run it once',
      'one-shot-server web: warning: compose.yaml: services.web.restart: restart: "no" makes a one-shot service, but it serves ports (ports:) and no service waits for it to complete; it becomes a Deployment, restarted when it exits, so that its ports stay reachable: remove restart: "no" or set x-k8s.kind: job to run it once',
    ]);
    expect(workload(r, 'web').spec.template.spec.containers[0].ports).toEqual([{ containerPort: 8080, name: 'http', protocol: 'TCP' }]);
  });
});
