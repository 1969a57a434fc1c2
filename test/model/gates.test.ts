import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { escapeKubernetesVars } from '../../src/model/values';
import { waitForJob, waitForService } from '../../src/model/workload';

/** Kubernetes turns `$$(` back into `$(` before the shell sees the command. */
const unescape = (s: string) => s.replace(/\$\$\(/g, '$(');

describe('gates', () => {
  test('the Job gate script is valid sh, polls one Job with the token, and treats a missing Job as not yet', () => {
    const c = waitForJob('migrate', 'migrate-0123abcd', 'curlimages/curl:8.11.1');
    expect(c.command?.slice(0, 2)).toEqual(['sh', '-c']);
    const script = unescape(c.command![2]);
    expect(spawnSync('sh', ['-n', '-c', script]).status).toBe(0);
    expect(script).toContain('/apis/batch/v1/namespaces/$(cat /var/run/secrets/cdk8s-compose/api/namespace)/jobs/migrate-0123abcd');
    expect(script).toContain('"succeeded": *[1-9]');
    expect(c.volumeMounts).toEqual([{ name: 'api-token', mountPath: '/var/run/secrets/cdk8s-compose/api', readOnly: true }]);
  });

  test('the Job gate succeeds once the API reports a success (simulated curl)', () => {
    const c = waitForJob('migrate', 'm-1', 'img');
    const script = unescape(c.command![2]).replace(/\/var\/run\/secrets\/cdk8s-compose\/api/g, '$TMPD').replace('sleep 5', 'sleep 0');
    const fakeCurl = `curl() { n=$(cat "$TMPD/n"); echo $((n+1)) > "$TMPD/n"; if [ "$n" -ge 2 ]; then echo '{"status":{"succeeded":1}}'; else return 22; fi; }`;
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gate-'));
    for (const f of ['namespace', 'token', 'ca.crt']) fs.writeFileSync(`${tmp}/${f}`, 'x');
    fs.writeFileSync(`${tmp}/n`, '0');
    const r = spawnSync('sh', ['-c', `${fakeCurl}\n${script}`], { env: { TMPD: tmp, PATH: process.env.PATH }, encoding: 'utf8', timeout: 10_000 });
    expect(r.status).toBe(0);
    expect(r.stdout.match(/waiting for job m-1/g)).toHaveLength(2);
  });

  test('the Job gate script is escaped as a whole: its pieces are escaped apart, whatever the Job name holds', () => {
    for (const job of ['m-1', 'a$', '$(x)', '(y', 'z$$', '$']) {
      const script =
        `url="https://kubernetes.default.svc/apis/batch/v1/namespaces/$(cat /var/run/secrets/cdk8s-compose/api/namespace)/jobs/${job}"; ` +
        `until curl -sf --cacert /var/run/secrets/cdk8s-compose/api/ca.crt -H "Authorization: Bearer $(cat /var/run/secrets/cdk8s-compose/api/token)" "$url" | grep -Eq '"succeeded": *[1-9]'; ` +
        `do echo "waiting for job ${job}"; sleep 5; done`;
      expect(waitForJob('migrate', job, 'img').command).toEqual(['sh', '-c', escapeKubernetesVars(script)]);
    }
  });

  test('the service gate waits for a TCP connect to the Service', () => {
    const c = waitForService('db', 5432, 'busybox:1.36.1');
    expect(c.name).toBe('wait-for-db');
    expect(c.command).toEqual(['sh', '-c', 'until nc -z -w 2 db 5432; do echo "waiting for db:5432"; sleep 2; done']);
    expect(spawnSync('sh', ['-n', '-c', c.command![2]]).status).toBe(0);
  });
});
