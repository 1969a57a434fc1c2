/** The four storage corpus projects render with the storage properties of issue 24. */
import * as path from 'path';
import { compile, CompileResult } from '../../src/compile';
import { GROUP_LABEL } from '../../src/model/storage';
import { Any, find } from '../helpers';

const compileCorpus = (name: string): CompileResult => compile({ files: [], cwd: path.join(__dirname, name), environment: {} });
const names = (r: CompileResult, kind: string) => r.objects.filter((o) => o.kind === kind).map((o) => o.metadata.name).sort();
const spec = (r: CompileResult, kind: string, name: string): Any => (find(r, kind, name) as Any).spec.template.spec;

describe('storage corpus projects', () => {
  it('social-shared-media: web and sidekiq mount one claim for ./public/system, on one node', () => {
    const r = compileCorpus('social-shared-media');
    expect(names(r, 'PersistentVolumeClaim')).toEqual(['postgres14', 'public-system', 'redis']);
    for (const w of ['web', 'sidekiq']) {
      expect(spec(r, 'Deployment', w).volumes).toContainEqual(expect.objectContaining({ persistentVolumeClaim: { claimName: 'public-system' } }));
      expect((find(r, 'Deployment', w) as Any).spec.template.metadata.labels[GROUP_LABEL]).toBe('public-system');
      expect(spec(r, 'Deployment', w).affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution).toHaveLength(1);
    }
    expect(r.report.storage.find((s) => s.name === 'public-system')?.mounts.map((m) => m.service)).toEqual(['sidekiq', 'web']);
  });

  it('chat-same-named: folders of one last name are different claims', () => {
    const r = compileCorpus('chat-same-named');
    expect(names(r, 'PersistentVolumeClaim')).toEqual(['jitsi-jicofo-config', 'jitsi-prosody-config', 'jitsi-web-config']);
  });

  it('tracker-entrypoint-cert: one ConfigMap per bound file for every service, the script executable, the missing certificate and key prerequisites', () => {
    const r = compileCorpus('tracker-entrypoint-cert');
    expect(names(r, 'ConfigMap')).toEqual(['docker-entrypoint-sh', 'docker-tracker-conf-py', 'nginx-nginx-conf']);
    for (const w of ['web', 'worker', 'cron']) {
      expect(spec(r, 'Deployment', w).volumes).toContainEqual({ name: 'cfg-entrypoint-sh', configMap: { name: 'docker-entrypoint-sh', items: [{ key: 'entrypoint.sh', path: 'entrypoint.sh', mode: 0o755 }] } });
    }
    expect(names(r, 'PersistentVolumeClaim')).toEqual(['tracker-redis']);
    const secrets = r.files.get('SECRETS.md')!;
    expect(secrets).toContain('kubectl create secret generic tls-server-crt');
    expect(secrets).toContain('kubectl create secret generic tls-server-key');
    expect(r.warnings.filter((w) => w.code === 'file-prerequisite')).toHaveLength(2);
  });

  it('workflow-anon-db: the database\'s anonymous data volume is a claim, the other anonymous volume an emptyDir with a warning', () => {
    const r = compileCorpus('workflow-anon-db');
    expect(names(r, 'PersistentVolumeClaim')).toEqual(['mysql-var-lib-mysql']);
    expect(spec(r, 'Deployment', 'engine').volumes).toContainEqual(expect.objectContaining({ name: 'anon-tmp-engine', emptyDir: expect.anything() }));
    expect(r.warnings.map((w) => w.message)).toContainEqual(expect.stringContaining('anonymous volume "/tmp/engine" becomes an emptyDir'));
  });
});
