import { createHash } from 'crypto';

/**
 * Kubernetes names derived from compose names: DNS-1123 labels for object names and IANA service
 * names for ports.
 */

/** Longest DNS-1123 label (object names that are also DNS names, like Services). */
export const MAX_LABEL = 63;

/** Names repeat (a service's, a network's, the project's) across a project: the answers are kept, up to 50,000 names. */
const dnsLabels = new Map<string, string>();
const DNS_LABEL_CACHE_SIZE = 50_000;

/**
 * Normalizes a compose name to a DNS-1123 label: lowercase, `_` and `.` and other characters become
 * `-`, runs of `-` collapse, leading/trailing `-` are dropped, a leading digit gets an `s-` prefix
 * (Services must start with a letter), at most 63 characters.
 */
export function toDnsLabel(name: string): string {
  const known = dnsLabels.get(name);
  if (known !== undefined) return known;
  // Most names are DNS labels already (`db`, `web-1`): they stay as they are, without the rewrites below.
  if (isDnsLabel(name) && !name.includes('--')) {
    if (dnsLabels.size < DNS_LABEL_CACHE_SIZE) dnsLabels.set(name, name);
    return name;
  }
  let s = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-+|-+$/g, '');
  if (s === '') s = 'x';
  if (/^[0-9]/.test(s)) s = `s-${s}`;
  if (s.length > MAX_LABEL) s = s.slice(0, MAX_LABEL).replace(/-+$/, '');
  if (dnsLabels.size < DNS_LABEL_CACHE_SIZE) dnsLabels.set(name, s);
  return s;
}

export function isDnsLabel(name: string): boolean {
  return name.length <= MAX_LABEL && /^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name);
}

/** Well-known port names (IANA), used for container and Service port names. */
const WELL_KNOWN_PORTS: Readonly<Record<number, string>> = {
  21: 'ftp',
  22: 'ssh',
  25: 'smtp',
  53: 'dns',
  80: 'http',
  443: 'https',
  389: 'ldap',
  587: 'submission',
  1433: 'mssql',
  1521: 'oracle',
  2181: 'zookeeper',
  3000: 'http',
  3306: 'mysql',
  4222: 'nats',
  5000: 'http',
  5432: 'postgresql',
  5672: 'amqp',
  6379: 'redis',
  8000: 'http',
  8080: 'http',
  8443: 'https',
  9000: 'http',
  9042: 'cql',
  9090: 'http',
  9092: 'kafka',
  9200: 'http',
  11211: 'memcache',
  15672: 'http-mgmt',
  27017: 'mongodb',
};

/**
 * A port name that is a valid IANA service name (≤ 15 characters, `[a-z0-9-]`, at least one letter,
 * no leading/trailing/double hyphen) and unique among `taken`. The user's long-syntax `name` wins
 * when valid; else a well-known name; else `<proto>-<port>` (e.g. `tcp-8081`).
 */
export function portName(port: number, protocol: string, taken: ReadonlySet<string>, userName?: string): string {
  const proto = protocol.toLowerCase();
  const candidates: string[] = [];
  if (userName !== undefined) candidates.push(toIanaName(userName));
  const known = WELL_KNOWN_PORTS[port];
  if (known !== undefined) candidates.push(proto === 'tcp' ? known : `${known}-${proto}`);
  candidates.push(`${proto}-${port}`);
  for (const c of candidates) if (isIanaName(c) && !taken.has(c)) return c;
  for (let i = 2; ; i++) {
    const c = `${proto}-${port}-${i}`.slice(0, 15);
    if (!taken.has(c)) return c;
  }
}

function toIanaName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '').slice(0, 15).replace(/-$/, '');
}

export function isIanaName(name: string): boolean {
  return name.length >= 1 && name.length <= 15 && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name) && !name.includes('--') && /[a-z]/.test(name);
}

/** A valid label value (≤ 63 characters, alphanumerics with `-_.` inside), or undefined. */
export function toLabelValue(value: string): string | undefined {
  return value.length <= 63 && /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(value) ? value : undefined;
}

/**
 * Fits a name into `max` characters (a DNS-1123 label by default). A name that is too long keeps
 * its beginning and gets a short hash of the whole name, so that two long names that differ only
 * at the end stay different; no name ends in `-` or `.`.
 */
export function truncateName(name: string, max = MAX_LABEL): string {
  if (name.length <= max) {
    // Most names end in a letter or digit: nothing to trim, no regular expression to run.
    const last = name.charCodeAt(name.length - 1);
    return last === 45 || last === 46 ? name.replace(/[-.]+$/, '') : name;
  }
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, max - hash.length - 1).replace(/[-.]+$/, '')}-${hash}`;
}
