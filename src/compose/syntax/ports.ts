/**
 * Port syntaxes of compose `ports` and `expose`, expanded to one entry per container port.
 *
 * Short `ports` syntax: `[[HOST_IP:][HOST_PORT[-END]]:]CONTAINER_PORT[-END][/PROTOCOL]`
 * (`"8080"`, `"8080:80"`, `"127.0.0.1:8080:80/udp"`, `"[::1]:8080:80"`, `"127.0.0.1::80"`,
 * `"9090-9091:8080-8081"`, `"8000-8010:80"`, `":2283:2283"`: an empty host IP is every interface).
 * Protocol defaults to tcp.
 */
import { isIP } from 'net';
import { show } from '../../diagnostics';
import { parseInteger } from './units';
import type { PortSpec } from '../types';

export type Protocol = PortSpec['protocol'];

export const PROTOCOLS: readonly Protocol[] = ['tcp', 'udp', 'sctp'];

export const EXPECTED_PORT = 'expected a port like "8080", "8080:80" or "127.0.0.1:8080:80/udp" with port numbers from 1 to 65535';
export const EXPECTED_EXPOSE = 'expected a port like "3000", "3000-3005" or "3000/udp" with port numbers from 1 to 65535';

/** Most container ports the `ports` (or `expose`) entries of one service may expand to. */
export const MAX_PORTS_PER_SERVICE = 65535;

export const TOO_MANY_PORTS = `too many ports; expected at most ${MAX_PORTS_PER_SERVICE} ports per service`;

interface Range {
  readonly start: number;
  readonly end: number;
}

function isPort(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 65535;
}

/** `"80"` or `"8000-8010"`; undefined when not a valid port or range. */
export function parsePortRange(s: string): Range | undefined {
  const m = /^([0-9]+)(?:-([0-9]+))?$/.exec(s);
  if (m === null) return undefined;
  const start = Number(m[1]);
  const end = m[2] === undefined ? start : Number(m[2]);
  return isPort(start) && isPort(end) && start <= end ? { start, end } : undefined;
}

function splitProtocol(spec: string): { rest: string; protocol: Protocol } | undefined {
  const slash = spec.lastIndexOf('/');
  if (slash < 0) return { rest: spec, protocol: 'tcp' };
  const protocol = spec.slice(slash + 1).toLowerCase();
  return (PROTOCOLS as readonly string[]).includes(protocol) ? { rest: spec.slice(0, slash), protocol: protocol as Protocol } : undefined;
}

/** Splits `[HOST_IP:][HOST:]CONTAINER` (IPv6 host addresses in brackets). */
function splitParts(rest: string): { hostIp?: string; host?: string; container: string } | undefined {
  let hostIp: string | undefined;
  let remainder = rest;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']:');
    if (close < 0) return undefined;
    hostIp = rest.slice(1, close);
    remainder = rest.slice(close + 2);
    const [host, container, ...more] = remainder.split(':');
    if (container === undefined || more.length > 0) return undefined;
    return { hostIp, host, container };
  }
  const parts = remainder.split(':');
  if (parts.length === 1) return { container: parts[0] };
  if (parts.length === 2) return { host: parts[0], container: parts[1] };
  if (parts.length === 3) return { hostIp: parts[0], host: parts[1], container: parts[2] };
  return undefined;
}

/** Expands a short `ports` entry into at most `limit` ports. */
export function parsePortString(spec: string, limit = MAX_PORTS_PER_SERVICE): { ports: PortSpec[] } | { error: string } {
  // Built only when the entry is invalid (show() of every valid entry is wasted work).
  const invalid = () => ({ error: `invalid port ${show(spec)}; ${EXPECTED_PORT}` });
  const withProtocol = splitProtocol(spec.trim());
  if (withProtocol === undefined) return invalid();
  const parts = splitParts(withProtocol.rest);
  if (parts === undefined) return invalid();
  const container = parsePortRange(parts.container);
  if (container === undefined) return invalid();
  const host = parts.host === undefined || parts.host === '' ? undefined : parsePortRange(parts.host);
  if (parts.host !== undefined && parts.host !== '' && host === undefined) return invalid();
  // An empty host IP (":2283:2283") is accepted, as compose does; any other must be an address.
  if (parts.hostIp !== undefined && parts.hostIp !== '' && isIP(parts.hostIp) === 0) {
    return { error: `invalid port ${show(spec)}: ${show(parts.hostIp)} is not an IP address; expected CONTAINER, HOST:CONTAINER or IP:HOST:CONTAINER (like "80", "8080:80" or "127.0.0.1:8080:80")` };
  }
  const count = container.end - container.start + 1;
  const hostCount = host === undefined ? 0 : host.end - host.start + 1;
  if (host !== undefined && count > 1 && hostCount !== count) {
    return { error: `invalid port ${show(spec)}; expected host and container ranges of the same length` };
  }
  if (count > limit) return { error: TOO_MANY_PORTS };
  const ports: PortSpec[] = [];
  for (let i = 0; i < count; i++) {
    // A host range with one container port: the engine picks a free port of the range.
    const published = host === undefined ? undefined : count > 1 ? host.start + i : host.start;
    const publishedEnd = host !== undefined && count === 1 && host.end > host.start ? host.end : undefined;
    ports.push({
      target: container.start + i,
      ...(published === undefined ? {} : { published }),
      ...(publishedEnd === undefined ? {} : { publishedEnd }),
      ...(parts.hostIp === undefined || parts.hostIp === '' ? {} : { hostIp: parts.hostIp }),
      protocol: withProtocol.protocol,
    });
  }
  return { ports };
}

/** A port given as a YAML number (`- 8080` in `ports`): a container port, not published. */
export function parsePortNumber(value: number): { ports: PortSpec[] } | { error: string } {
  return isPort(value) ? { ports: [{ target: value, protocol: 'tcp' }] } : { error: `invalid port ${show(value)}; ${EXPECTED_PORT}` };
}

/** The last port of a long-syntax `published` range (`"8000-8002"` → 8002); undefined for one port. */
export function longPublishedEnd(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const r = parsePortRange(value.trim());
  return r !== undefined && r.end > r.start ? r.end : undefined;
}

/** A target or published port of the long syntax (number or numeric string); for `published`, a range gives its first port. */
export function parseLongPort(value: unknown, allowRange: boolean): number | undefined {
  if (typeof value === 'string' && allowRange) return parsePortRange(value.trim())?.start;
  const n = parseInteger(value);
  return n !== undefined && isPort(n) ? n : undefined;
}

/** Expands an `expose` entry (`3000`, `"3000"`, `"3000-3005"`, `"3000/udp"`) into at most `limit` ports. */
export function parseExpose(
  value: unknown,
  limit = MAX_PORTS_PER_SERVICE,
): { ports: { port: number; protocol: Protocol }[] } | { error: string } {
  // Built only when the entry is invalid (show() of every valid entry is wasted work).
  const invalid = () => ({ error: `invalid port ${show(value)}; ${EXPECTED_EXPOSE}` });
  if (typeof value === 'number') return isPort(value) ? { ports: [{ port: value, protocol: 'tcp' }] } : invalid();
  if (typeof value !== 'string') return invalid();
  const withProtocol = splitProtocol(value.trim());
  const range = withProtocol === undefined ? undefined : parsePortRange(withProtocol.rest);
  if (withProtocol === undefined || range === undefined) return invalid();
  if (range.end - range.start + 1 > limit) return { error: TOO_MANY_PORTS };
  const ports: { port: number; protocol: Protocol }[] = [];
  for (let p = range.start; p <= range.end; p++) ports.push({ port: p, protocol: withProtocol.protocol });
  return { ports };
}

/**
 * The merge identity of a `ports` entry (compose: host IP, published port, target, protocol),
 * so that `"8080:80"` and `{published: 8080, target: 80}` are the same entry. Entries that do not
 * parse keep their text as identity; validation reports them.
 */
export function portIdentity(value: unknown): string {
  if (typeof value === 'string') {
    const parsed = parsePortString(value);
    if ('ports' in parsed && parsed.ports.length === 1) {
      const p = parsed.ports[0];
      return `${p.hostIp ?? ''}:${p.published ?? ''}:${p.target}/${p.protocol}`;
    }
    return value;
  }
  if (typeof value === 'number') return `::${value}/tcp`;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    const published = v.published === undefined ? '' : String(parseLongPort(v.published, true) ?? v.published);
    const protocol = typeof v.protocol === 'string' ? v.protocol.toLowerCase() : 'tcp';
    return `${typeof v.host_ip === 'string' ? v.host_ip : ''}:${published}:${String(v.target)}/${protocol}`;
  }
  return JSON.stringify(value);
}
