/**
 * Where a text uses a name as a host: the host of a URL (`http://engine:7001/x`,
 * `postgres://u:$(PW)@app_db/app`), `host:port` (`php:9000`, `api:8081`), the target of an nginx
 * `proxy_pass`/`fastcgi_pass`/`uwsgi_pass`/`grpc_pass`/`scgi_pass`/`server` directive, and the whole
 * value of a host-like variable (`DB_HOST=db`). Other occurrences (a database named like the
 * service, a path) are not uses. The same reading finds uses (which Services and ports exist) and
 * rewrites renamed hosts, so a rewritten value is exactly a found use.
 */

import { remembered } from '../remembered';

/** A name used as a host at [start, end) of the text, with the port when one is written or implied by the URL's scheme. */
export interface HostOccurrence {
  readonly name: string;
  readonly start: number;
  readonly end: number;
  readonly port?: number;
}

/**
 * Default ports of URL schemes whose URL may leave the port out (`http://engine/`): the port the
 * client connects to, so the target's Service must list it.
 */
export const SCHEME_PORTS: Readonly<Record<string, number>> = {
  http: 80,
  ws: 80,
  https: 443,
  wss: 443,
  postgres: 5432,
  postgresql: 5432,
  mysql: 3306,
  mariadb: 3306,
  redis: 6379,
  amqp: 5672,
  mongodb: 27017,
  nats: 4222,
  memcached: 11211,
};

/** Variable names whose whole value is a host name (`DB_HOST`, `REDIS_HOSTNAME`, `SMTP_SERVER`, `BROKER_ADDR`). */
export const HOST_VARIABLE = /(^|_)(HOST|HOSTNAME|SERVER|ADDR|ADDRESS|HOSTS)$/i;

/**
 * HOST_VARIABLE's answer for a variable name, remembered by name: every pass over the environments
 * asks it of every entry, and the names repeat across services (`DB_HOST`, `LOG_LEVEL`).
 */
export const isHostVariable: (name: string) => boolean = remembered((name: string) => HOST_VARIABLE.test(name));

const NGINX_DIRECTIVE = /\b(?:proxy_pass|fastcgi_pass|uwsgi_pass|grpc_pass|scgi_pass|server)\s+$/;

/**
 * Every place where `text` uses one of `names` as a host. `wholeValueIsHost`: the text is the value
 * of a host-like variable, so the whole value (`db`, `db:5432`) is a host too.
 */
export function hostOccurrences(text: string, names: ReadonlySet<string>, wholeValueIsHost = false): HostOccurrence[] {
  const found: HostOccurrence[] = [];
  // A name is found only where no host character ([A-Za-z0-9_.-]) touches it, so every candidate is
  // a maximal run of host characters, or that run without its last character when that is a dot
  // (`db.` at the end of a sentence). Looking the runs up in the set costs one pass over the text,
  // whatever the number of names. Names are tried in the set's order, the first that matches wins.
  let order: Map<string, number> | undefined;
  const rank = (n: string): number => {
    order ??= new Map([...names].map((x, i) => [x, i]));
    return order.get(n) ?? Infinity;
  };
  for (let start = 0, end = 0; start < text.length; start = end) {
    if (!isHostChar(text.charCodeAt(start))) {
      end = start + 1;
      continue;
    }
    for (end = start + 1; end < text.length && isHostChar(text.charCodeAt(end)); end++);
    const run = text.slice(start, end);
    const whole = names.has(run) ? run : undefined;
    const trimmed = run.length > 1 && run.endsWith('.') && names.has(run.slice(0, -1)) ? run.slice(0, -1) : undefined;
    if (whole === undefined && trimmed === undefined) continue;
    const candidates = whole !== undefined && trimmed !== undefined
      ? [whole, trimmed].sort((a, b) => rank(a) - rank(b))
      : whole !== undefined ? [whole] : trimmed !== undefined ? [trimmed] : [];
    for (const name of candidates) {
      const o = occurrence(text, name, start, wholeValueIsHost);
      if (o) {
        found.push(o);
        break;
      }
    }
  }
  return found;
}

/** Whether a character code is one of a host name's ([A-Za-z0-9_.-]): maximal runs of them are the candidates. */
function isHostChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45;
}

/** The occurrence of `name` at `start` when the text there uses it as a host. */
function occurrence(text: string, name: string, start: number, wholeValueIsHost: boolean): HostOccurrence | undefined {
  const end = start + name.length;
  const before = text.slice(0, start);
  const portMatch = /^:(\d{1,5})(?![0-9A-Za-z])/.exec(text.slice(end));
  const port = portMatch && Number(portMatch[1]) >= 1 && Number(portMatch[1]) <= 65535 ? Number(portMatch[1]) : undefined;
  const url = /([a-z][a-z0-9+.-]*):\/\/(?:[^@/\s"'?#]*@)?$/i.exec(before);
  if (url) return { name, start, end, ...(port !== undefined ? { port } : SCHEME_PORTS[url[1].toLowerCase()] !== undefined ? { port: SCHEME_PORTS[url[1].toLowerCase()] } : {}) };
  if (port !== undefined) return { name, start, end, port };
  if (NGINX_DIRECTIVE.test(before) && /^\s*;/.test(text.slice(end))) return { name, start, end };
  if (wholeValueIsHost && start === 0 && end === text.length) return { name, start, end };
  return undefined;
}

/** `text` with every host occurrence of a renamed name replaced by its new name, and how many were replaced. */
export function rewriteHosts(text: string, renames: ReadonlyMap<string, string>, wholeValueIsHost = false): { text: string; count: number } {
  const hits = hostOccurrences(text, renamedNames(renames), wholeValueIsHost);
  let out = '';
  let at = 0;
  for (const h of hits) {
    if (h.start < at) continue;
    out += text.slice(at, h.start) + renames.get(h.name)!;
    at = h.end;
  }
  return { text: out + text.slice(at), count: hits.length };
}

/**
 * The old names of a renames map as a set, made once per map: every value and mounted file of a
 * project is rewritten with the same map (a set per text was a copy of every renamed name per value).
 * The maps are never changed once made (renames.ts).
 */
function renamedNames(renames: ReadonlyMap<string, string>): ReadonlySet<string> {
  let names = renamedNameSets.get(renames);
  if (names === undefined) renamedNameSets.set(renames, (names = new Set(renames.keys())));
  return names;
}
const renamedNameSets = new WeakMap<ReadonlyMap<string, string>, ReadonlySet<string>>();
