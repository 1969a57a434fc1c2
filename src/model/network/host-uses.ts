/**
 * Where a text uses a name as a host: the host of a URL (`http://engine:7001/x`,
 * `postgres://u:$(PW)@app_db/app`), `host:port` (`php:9000`, `api:8081`), the target of an nginx
 * `proxy_pass`/`fastcgi_pass`/`uwsgi_pass`/`grpc_pass`/`scgi_pass`/`server` directive, and the whole
 * value of a host-like variable (`DB_HOST=db`). Other occurrences (a database named like the
 * service, a path) are not uses. The same reading finds uses (which Services and ports exist) and
 * rewrites renamed hosts, so a rewritten value is exactly a found use.
 */

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

/** Characters of a host name; a name is found only where none of them touches it. */
const HOST_CHAR = /[A-Za-z0-9_.-]/;
const NGINX_DIRECTIVE = /\b(?:proxy_pass|fastcgi_pass|uwsgi_pass|grpc_pass|scgi_pass|server)\s+$/;

function bounded(text: string, start: number, end: number): boolean {
  return (start === 0 || !HOST_CHAR.test(text[start - 1])) && (end === text.length || !HOST_CHAR.test(text[end]) || text[end] === '.' && !HOST_CHAR.test(text[end + 1] ?? ' '));
}

/**
 * Every place where `text` uses one of `names` as a host. `wholeValueIsHost`: the text is the value
 * of a host-like variable, so the whole value (`db`, `db:5432`) is a host too.
 */
export function hostOccurrences(text: string, names: ReadonlySet<string>, wholeValueIsHost = false): HostOccurrence[] {
  const found = new Map<number, HostOccurrence>();
  const add = (o: HostOccurrence) => {
    if (!found.has(o.start)) found.set(o.start, o);
  };
  for (const name of names) {
    if (name === '') continue;
    let from = 0;
    for (;;) {
      const start = text.indexOf(name, from);
      if (start < 0) break;
      from = start + 1;
      const end = start + name.length;
      if (!bounded(text, start, end)) continue;
      const before = text.slice(0, start);
      const portMatch = /^:(\d{1,5})(?![0-9A-Za-z])/.exec(text.slice(end));
      const port = portMatch && Number(portMatch[1]) >= 1 && Number(portMatch[1]) <= 65535 ? Number(portMatch[1]) : undefined;
      const url = /([a-z][a-z0-9+.-]*):\/\/(?:[^@/\s"'?#]*@)?$/i.exec(before);
      if (url) {
        add({ name, start, end, ...(port !== undefined ? { port } : SCHEME_PORTS[url[1].toLowerCase()] !== undefined ? { port: SCHEME_PORTS[url[1].toLowerCase()] } : {}) });
      } else if (port !== undefined) {
        add({ name, start, end, port });
      } else if (NGINX_DIRECTIVE.test(before) && /^\s*;/.test(text.slice(end))) {
        add({ name, start, end });
      } else if (wholeValueIsHost && start === 0 && end === text.length) {
        add({ name, start, end });
      }
    }
  }
  return [...found.values()].sort((a, b) => a.start - b.start);
}

/** `text` with every host occurrence of a renamed name replaced by its new name, and how many were replaced. */
export function rewriteHosts(text: string, renames: ReadonlyMap<string, string>, wholeValueIsHost = false): { text: string; count: number } {
  const hits = hostOccurrences(text, new Set(renames.keys()), wholeValueIsHost);
  let out = '';
  let at = 0;
  for (const h of hits) {
    if (h.start < at) continue;
    out += text.slice(at, h.start) + renames.get(h.name)!;
    at = h.end;
  }
  return { text: out + text.slice(at), count: hits.length };
}
