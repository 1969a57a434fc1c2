/**
 * Compose schema of a service's `ports:` and `expose:`: short strings, numbers and the long
 * mapping syntax, with at most {@link MAX_PORTS_PER_SERVICE} ports (ranges count one per port).
 */
import { show } from '../../diagnostics';
import { MAX_PORTS_PER_SERVICE, PROTOCOLS, TOO_MANY_PORTS, parseExpose, parseLongPort, parsePortNumber, parsePortString } from '../syntax';
import { anything, object, str, validateAt, type Check } from './validators';
import { getKey, indexPath, isMap, keyPath, untag } from '../yaml-value';

/** `ports:` of a service: a list of port strings, port numbers or long-syntax mappings. */
export const ports: Check = (value, path, ctx) => {
  if (!Array.isArray(value)) return ctx.error(path, `invalid value ${show(value)}; expected a list of ports`);
  let budget = MAX_PORTS_PER_SERVICE;
  value.forEach((item, i) => {
    validateAt(
      (v, at) => {
        if (isMap(v)) return longPort(v, at, ctx);
        const parsed = typeof v === 'number' ? parsePortNumber(v) : typeof v === 'string' ? parsePortString(v, budget) : undefined;
        if (parsed === undefined) ctx.error(at, `invalid value ${show(v)}; expected a port string, a port number or a mapping`);
        else if ('error' in parsed) ctx.error(at, parsed.error);
        else budget -= parsed.ports.length;
      },
      item,
      indexPath(path, i),
      ctx,
    );
  });
  if (budget < 0) ctx.error(path, TOO_MANY_PORTS);
};

/** The keys of a long-syntax port mapping; `target` is required. */
const longPortFields: Check = object(
  {
    name: str(),
    mode: str({ oneOf: ['host', 'ingress'] }),
    host_ip: str(),
    target: anything,
    published: anything,
    protocol: str({ oneOf: PROTOCOLS }),
    app_protocol: str(),
  },
  { required: ['target'] },
);

/** A long-syntax port mapping: its keys, then `target` and `published` as port numbers (or a published range). */
const longPort: Check = (value, path, ctx) => {
  longPortFields(value, path, ctx);
  if (!isMap(value)) return;
  const target = untag(getKey(value, 'target') ?? null);
  if (target !== null && parseLongPort(target, false) === undefined) {
    ctx.error(keyPath(path, 'target'), `invalid port ${show(target)}; expected a port number from 1 to 65535`);
  }
  const published = untag(getKey(value, 'published') ?? null);
  if (published !== null && parseLongPort(published, true) === undefined) {
    ctx.error(keyPath(path, 'published'), `invalid port ${show(published)}; expected a port number from 1 to 65535 or a range like "8000-8010"`);
  }
};

/** `expose:` of a service: a list of container ports or port ranges. */
export const expose: Check = (value, path, ctx) => {
  if (!Array.isArray(value)) return ctx.error(path, `invalid value ${show(value)}; expected a list of ports`);
  let budget = MAX_PORTS_PER_SERVICE;
  value.forEach((item, i) =>
    validateAt(
      (v, at) => {
        const parsed = parseExpose(v, budget);
        if ('error' in parsed) ctx.error(at, parsed.error);
        else budget -= parsed.ports.length;
      },
      item,
      indexPath(path, i),
      ctx,
    ),
  );
};
