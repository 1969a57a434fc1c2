/** The Kubernetes names of the compose services. */
import { ComposeProject } from '../../compose';
import { Diagnostics, show } from '../../diagnostics';
import { toDnsLabel } from '../names';

/**
 * Compose service name → its Kubernetes name (the name as a DNS label). A name that changes is a
 * warning (others must reach it under the new name); two services with one Kubernetes name are an error.
 */
export function planServiceNames(project: ComposeProject, d: Diagnostics): Map<string, string> {
  const names = new Map<string, string>();
  const byDns = new Map<string, string>();
  for (const n of Object.keys(project.services).sort()) {
    const s = project.services[n];
    const dns = toDnsLabel(n);
    const other = byDns.get(dns);
    if (other !== undefined) d.error(s.source.file, `services.${n}`, `its Kubernetes name ${show(dns)} is also the name of service ${show(other)}; rename one of them`);
    else if (dns !== n) d.warn(s.source.file, `services.${n}`, `named ${show(dns)} on Kubernetes (a valid DNS name); other services must reach it as ${show(dns)}`);
    byDns.set(dns, n);
    names.set(n, dns);
  }
  return names;
}
