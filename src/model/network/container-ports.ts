/** The ports a service's container declares. */
import { ComposeService } from '../../compose';
import { Diagnostics } from '../../diagnostics';
import { ImageProfile } from '../images';
import { portName } from '../names';
import { ContainerPort } from '../types';

/**
 * Container ports: compose `ports` targets, then `expose` (each port/protocol once, named by
 * `portName`); with neither, the port of the image's profile. A service others depend on (`reached`)
 * that ends up without a port gets a warning: no Service is created for it.
 */
export function planPorts(s: ComposeService, profile: ImageProfile | undefined, reached: boolean, d: Diagnostics): ContainerPort[] {
  const ports: ContainerPort[] = [];
  const taken = new Set<string>();
  const add = (port: number, protocol: string, userName?: string): void => {
    const proto = protocol.toUpperCase() as ContainerPort['protocol'];
    if (ports.some((p) => p.containerPort === port && p.protocol === proto)) return;
    const name = portName(port, protocol, taken, userName);
    taken.add(name);
    ports.push({ name, containerPort: port, protocol: proto });
  };
  for (const p of s.ports) add(p.target, p.protocol, p.name);
  for (const e of s.expose) add(e.port, e.protocol);
  // Compose services reach each other on any port of a shared network without declaring it; a
  // well-known server image gets its port (and so a Service) even when compose declares none.
  if (ports.length === 0 && profile?.port !== undefined) add(profile.port, 'tcp');
  else if (ports.length === 0 && reached) {
    d.warn(s.source.file, `services.${s.name}`, 'other services depend on it but it declares no port; no Service is created (add ports: or expose:)');
  }
  return ports;
}
