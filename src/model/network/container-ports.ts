/** The ports a service's container declares. */
import { portName } from '../names';
import { ContainerPort } from '../types';
import { KnownPort } from './known-ports';

/**
 * Container ports: every known port (known-ports.ts, in its order), each port/protocol once, named
 * by `portName` (the long-syntax `name` first). Every port a Service lists is one of them.
 */
export function planPorts(known: readonly KnownPort[]): ContainerPort[] {
  const ports: ContainerPort[] = [];
  const taken = new Set<string>();
  for (const k of known) {
    const proto = k.protocol.toUpperCase() as ContainerPort['protocol'];
    if (ports.some((p) => p.containerPort === k.port && p.protocol === proto)) continue;
    const name = portName(k.port, k.protocol, taken, k.userName);
    taken.add(name);
    ports.push({ name, containerPort: k.port, protocol: proto });
  }
  return ports;
}
