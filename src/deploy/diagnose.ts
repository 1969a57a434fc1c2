/**
 * What `up` shows for a service that did not become ready: its pods' conditions and container
 * states, the last events of its objects, and what to check. Pure (the caller lists the objects).
 */
import type { Obj } from './kube';
import { podsOf } from './status';

function containerLines(p: Obj): string[] {
  const out: string[] = [];
  for (const s of [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])]) {
    const st = s.state ?? {};
    const what = st.waiting
      ? `waiting: ${st.waiting.reason ?? ''}${st.waiting.message ? ` (${st.waiting.message})` : ''}`
      : st.terminated
        ? `terminated: ${st.terminated.reason ?? ''}, exit code ${st.terminated.exitCode}${st.terminated.message ? ` (${st.terminated.message})` : ''}`
        : st.running
          ? `running${s.ready ? ', ready' : ', not ready'}`
          : 'no state';
    out.push(`      container ${s.name}: ${what}${s.restartCount ? `, ${s.restartCount} restarts` : ''}`);
  }
  return out;
}

/**
 * The command that shows the failed containers' logs. A Job's pods never restart a container
 * (restartPolicy Never): each retry is a pod of its own, kept, so its logs are the current ones
 * (`--previous` would find none); a workload's crashed container was restarted in place, so its
 * logs are the previous instance's.
 */
function logsCommand(namespace: string, service: string, jobs: readonly string[]): string {
  if (jobs.length === 1) return `kubectl logs -n ${namespace} -l batch.kubernetes.io/job-name=${jobs[0]} --all-containers --prefix`;
  return `kubectl logs -n ${namespace} -l app.kubernetes.io/name=${service} --all-containers --prefix${jobs.length === 0 ? ' --previous' : ''}`;
}

/** What to check, from the reasons seen. */
function hints(text: string, namespace: string, service: string, jobs: readonly string[]): string[] {
  const h: string[] = [];
  if (/ImagePullBackOff|ErrImagePull|InvalidImageName/.test(text)) h.push('the image name and tag, and the registry credentials (imagePullSecrets) if the registry is private');
  if (/CrashLoopBackOff|Error, exit code|BackoffLimitExceeded|exit code [1-9]/.test(text)) h.push(`the container's logs: ${logsCommand(namespace, service, jobs)}`);
  if (/CreateContainerConfigError|secret .* not found|couldn't find key/i.test(text)) h.push('the Secrets and ConfigMaps the pod reads (up creates the Secrets unless --no-create-secrets)');
  if (/PersistentVolumeClaim.*Pending|unbound|ProvisioningFailed|storageclass/i.test(text)) h.push(`the claim's StorageClass exists and can provision (kubectl get storageclass; kubectl describe pvc -n ${namespace})`);
  if (/Insufficient|didn't match|untolerated/.test(text)) h.push('the nodes have room for the requests (cpu, memory) and match the pod\'s node selectors and tolerations');
  if (/PodSecurity/.test(text)) h.push('the namespace\'s Pod Security labels against what the pod asks (x-k8s.podSecurity)');
  if (/exceeded quota|LimitRange|must specify limits/i.test(text)) h.push(`the namespace's ResourceQuotas and LimitRanges against the pods' requests and limits (kubectl describe quota,limitrange -n ${namespace})`);
  if (/Readiness probe failed|Liveness probe failed|not ready/.test(text)) h.push('the healthcheck: the probe command and the time the service needs to start');
  return h.length > 0 ? h : [`kubectl describe -n ${namespace} pods -l app.kubernetes.io/name=${service}`];
}

export function diagnose(service: string, waiting: string, namespace: string, objects: readonly Obj[], pods: readonly Obj[], events: readonly Obj[]): string[] {
  const mine = podsOf(pods, service);
  const names = new Set([...objects.map((o) => o.metadata.name), ...mine.map((p) => p.metadata.name)]);
  const lines = [`✗ ${service}: ${waiting}`];
  for (const p of mine) {
    lines.push(`    pod ${p.metadata.name}: ${p.status?.phase ?? 'no phase'}${p.status?.reason ? ` (${p.status.reason})` : ''}`);
    for (const c of p.status?.conditions ?? []) if (c.status !== 'True') lines.push(`      ${c.type}: ${c.reason ?? 'False'}${c.message ? `: ${c.message}` : ''}`);
    lines.push(...containerLines(p));
  }
  const mineEvents = events
    .filter((e) => names.has(e.involvedObject?.name) || [...names].some((n) => String(e.involvedObject?.name ?? '').startsWith(`${n}-`)))
    .sort((a, b) => String(a.lastTimestamp ?? a.eventTime ?? '').localeCompare(String(b.lastTimestamp ?? b.eventTime ?? '')))
    .slice(-6);
  if (mineEvents.length > 0) {
    lines.push('    last events:');
    for (const e of mineEvents) lines.push(`      ${e.type} ${e.involvedObject.kind}/${e.involvedObject.name}: ${e.reason}: ${e.message ?? ''}${(e.count ?? 1) > 1 ? ` (x${e.count})` : ''}`);
  }
  const jobs = objects.filter((o) => o.kind === 'Job').map((o) => o.metadata.name);
  lines.push(...hints(lines.join('\n'), namespace, service, jobs).map((h, i) => `    ${i === 0 ? 'check' : '     '}: ${h}`));
  return lines;
}
