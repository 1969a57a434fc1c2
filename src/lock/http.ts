/**
 * HTTP for the registry client, on Node's http/https: a timeout on every request (connect and every
 * silence), retries with exponential backoff on 429 and 5xx (Retry-After honoured, capped), and
 * redirects followed without the Authorization header (a blob redirect points at a storage service
 * that must not receive the registry's token).
 */
import * as http from 'http';
import * as https from 'https';
import type { Readable } from 'stream';

export interface HttpOptions {
  /** Milliseconds a request may wait for a connection or stay silent. Default 30 000. */
  readonly timeoutMs: number;
  /** Attempts after the first on 429, 5xx and connection errors. Default 3. */
  readonly retries: number;
  /** First backoff delay in milliseconds, doubled per attempt. Default 500. */
  readonly retryBaseMs: number;
}

/** Defaults of {@link HttpOptions} (documented in the README's "Image facts and the lock file"). */
export const DEFAULT_HTTP: HttpOptions = { timeoutMs: 30_000, retries: 3, retryBaseMs: 500 };
/** Longest wait a Retry-After header may impose. */
const MAX_RETRY_AFTER_MS = 30_000;
const MAX_REDIRECTS = 5;

export interface HttpResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  /** The final URL (after redirects). */
  readonly url: string;
  /** The body, unread (the caller reads or discards it). */
  readonly body: Readable;
}

export class HttpError extends Error {}

function once(method: string, url: URL, headers: Record<string, string>, timeoutMs: number): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const mod = url.protocol === 'http:' ? http : https;
    const req = mod.request(url, { method, headers }, resolve);
    req.setTimeout(timeoutMs, () => req.destroy(new HttpError(`no answer from ${url.host} within ${timeoutMs / 1000} s`)));
    req.on('error', (e) => reject(e instanceof HttpError ? e : new HttpError(`cannot reach ${url.host}: ${e.message}`)));
    req.end();
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Reads a whole body (at most `limit` bytes, else an error). */
export async function readBody(body: Readable, limit: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of body) {
    n += (c as Buffer).length;
    if (n > limit) {
      body.destroy();
      throw new HttpError(`${what} is larger than ${limit} bytes`);
    }
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

function retryDelay(res: http.IncomingMessage | undefined, attempt: number, opts: HttpOptions): number {
  const after = res?.headers['retry-after'];
  const seconds = after !== undefined && /^\d+$/.test(after) ? Number(after) : undefined;
  return seconds !== undefined ? Math.min(seconds * 1000, MAX_RETRY_AFTER_MS) : opts.retryBaseMs * 2 ** attempt;
}

/**
 * One request with redirects and retries. The response of the last attempt is returned whatever its
 * status (the caller judges 401/404); 429/5xx are retried first.
 */
export async function request(method: 'GET' | 'HEAD', url: string, headers: Record<string, string>, opts: HttpOptions): Promise<HttpResponse> {
  for (let attempt = 0; ; attempt++) {
    let res: http.IncomingMessage | undefined;
    let current = new URL(url);
    let hdrs = headers;
    try {
      for (let hop = 0; ; hop++) {
        res = await once(method, current, hdrs, opts.timeoutMs);
        const location = res.headers.location;
        if (![301, 302, 303, 307, 308].includes(res.statusCode ?? 0) || location === undefined) break;
        res.resume();
        if (hop >= MAX_REDIRECTS) throw new HttpError(`more than ${MAX_REDIRECTS} redirects from ${url}`);
        current = new URL(location, current);
        const { Authorization: _dropped, ...rest } = hdrs;
        hdrs = rest;
      }
    } catch (e) {
      if (attempt < opts.retries && !(e instanceof HttpError && /redirects/.test(e.message))) {
        await sleep(retryDelay(undefined, attempt, opts));
        continue;
      }
      throw e;
    }
    const status = res.statusCode ?? 0;
    if ((status === 429 || status >= 500) && attempt < opts.retries) {
      res.resume();
      await sleep(retryDelay(res, attempt, opts));
      continue;
    }
    const body = res;
    body.setTimeout?.(opts.timeoutMs, () => body.destroy(new HttpError(`${current.host} stopped sending for ${opts.timeoutMs / 1000} s`)));
    return { status, headers: res.headers, url: current.toString(), body };
  }
}
