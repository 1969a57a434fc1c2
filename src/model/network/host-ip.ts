/**
 * The host IP of a published port (`"127.0.0.1:8080:80"`). A loopback address publishes the port for
 * the host's own tools only: on Kubernetes it stays reachable inside the project (like a published
 * database port), and the report says to use `kubectl port-forward`. Any other specific address is
 * one of the docker host's addresses, which Kubernetes does not bind: the port is treated as
 * published, with a warning.
 */
import { ComposeService, PortSpec } from '../../compose';
import { Diagnostics, show } from '../../diagnostics';

/** `127.0.0.0/8`, `::1` (with or without brackets) and `localhost`. */
export function isLoopback(hostIp: string | undefined): boolean {
  if (hostIp === undefined) return false;
  const ip = hostIp.replace(/^\[|\]$/g, '').toLowerCase();
  return /^127(\.\d{1,3}){3}$/.test(ip) || ip === '::1' || ip === '0:0:0:0:0:0:0:1' || ip === 'localhost';
}

/** Addresses that mean "every address of the host", as when none is written. */
function isWildcard(hostIp: string | undefined): boolean {
  const ip = (hostIp ?? '').replace(/^\[|\]$/g, '');
  return ip === '' || ip === '0.0.0.0' || ip === '::';
}

/** A port compose publishes to more than the host itself: it gets the rules of a published port. */
export function isPublishedOutside(p: PortSpec): boolean {
  return p.published !== undefined && !isLoopback(p.hostIp);
}

/** Warns about published ports bound to a specific, non-loopback host address. */
export function checkHostIps(s: ComposeService, name: string, d: Diagnostics): void {
  for (const p of s.ports) {
    if (p.published === undefined || isWildcard(p.hostIp) || isLoopback(p.hostIp)) continue;
    d.warn(
      s.source.file,
      `services.${s.name}.ports`,
      `port ${p.published}:${p.target} is published on host address ${show(p.hostIp)}; Kubernetes does not bind node addresses, so it is treated as published on every address (Service ${name}); to restrict who reaches it, use x-k8s.ingressNamespace or a NetworkPolicy of your own`,
    );
  }
}
