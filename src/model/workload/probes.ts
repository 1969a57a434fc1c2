/**
 * Compose `healthcheck` → Kubernetes probes.
 *
 * - The check itself is kept faithful: `CMD` argv as exec, `CMD-SHELL` as `sh -c`; a `curl`/`wget`
 *   of localhost becomes an `httpGet` (no dependence on curl in the image), `nc -z localhost PORT`
 *   a `tcpSocket`.
 * - readiness = the check, every `interval`, `timeout`, `retries` failures.
 * - liveness = a cheaper, different handler (a TCP connect to the first port, or the check when the
 *   container has no port), same timing: kube-score flags identical readiness and liveness probes,
 *   and a liveness probe must not fail because a dependency is slow.
 * - a startupProbe runs the check every `start_interval` and allows three times `start_period`
 *   (practices C-03), or DEFAULT_STARTUP_WINDOW when compose gives none: compose never restarts an
 *   unhealthy container, so a slow starter must not be killed by the liveness probe before it is up;
 *   never less than the image's first-start window (databases: 10 minutes, image-profiles.ts).
 * - an `httpGet` sends what the check sent: the `Host` header curl and wget derive from the URL
 *   (`localhost:8000`; without the port when it is the scheme's default) unless the check sets one,
 *   and every `-H`/`--header` header. Without it the kubelet sends the pod IP as the host, which
 *   allowed-hosts checks (Django, Rails) answer with 400.
 * Compose defaults, used when a field is absent: interval 30s, timeout 30s, retries 3,
 * start_period 0s, start_interval 5s.
 */
import { splitShellWords, Healthcheck } from '../../compose';
import { Probe, ProbeHandler } from '../types';
import { msToSeconds } from '../quantities';
import { remembered } from '../remembered';

export const COMPOSE_HEALTHCHECK_DEFAULTS = { interval: 30_000, timeout: 30_000, retries: 3, startPeriod: 0, startInterval: 5_000 } as const;
/** The startup window is this many times compose's start_period. */
export const STARTUP_WINDOW_FACTOR = 3;
/** Startup window (ms) when compose gives no start_period. */
export const DEFAULT_STARTUP_WINDOW = 300_000;
/** Readiness probe for a service with ports and no healthcheck: TCP connect every 10s. */
export const DEFAULT_TCP_PROBE = { periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 } as const;

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '0.0.0.0', '[::1]', '::1']);

/**
 * The words of a simple shell command (compose's word rules), or undefined when it uses shell syntax
 * (pipes, redirections, `;`, `&&`, substitutions, variables): then the check stays a faithful `sh -c`.
 */
export function shellWords(cmd: string): string[] | undefined {
  if (/[$`;&|<>()]/.test(cmd)) return undefined;
  const split = splitShellWords(cmd);
  return 'words' in split ? split.words : undefined;
}

/** The argv of a check, with a trailing `|| exit 1` / `|| false` removed (it changes nothing for a probe). */
function checkArgv(test: readonly string[]): string[] | undefined {
  if (test.length === 3 && test[0] === 'sh' && test[1] === '-c') {
    const cmd = test[2].replace(/\s*\|\|\s*(exit\s+1|false)\s*$/, '');
    return shellWords(cmd);
  }
  return [...test];
}

interface HttpCheck {
  path: string;
  port: number;
  scheme: 'HTTP' | 'HTTPS';
  headers: { name: string; value: string }[];
}

function parseUrl(url: string): (HttpCheck & { host: string }) | undefined {
  const m = /^(https?):\/\/([^/:]+|\[[^\]]+\])(?::([0-9]+))?(\/[^\s]*)?$/i.exec(url);
  if (!m || !LOCAL_HOSTS.has(m[2].toLowerCase())) return undefined;
  const scheme = m[1].toLowerCase() === 'https' ? 'HTTPS' : 'HTTP';
  const defaultPort = scheme === 'HTTPS' ? 443 : 80;
  const port = m[3] ? Number(m[3]) : defaultPort;
  // curl and wget send the URL's host, with its port unless it is the scheme's default.
  const host = port === defaultPort ? m[2] : `${m[2]}:${port}`;
  return { path: m[4] ?? '/', port, scheme, headers: [], host };
}

/** Flags of curl / wget that do not change what an HTTP GET probe checks. */
const CURL_FLAGS = new Set(['-f', '--fail', '-s', '--silent', '-S', '--show-error', '-sf', '-fs', '-fsS', '-sSf', '-fSs', '-sS', '-L', '--location', '-k', '--insecure', '-q', '--fail-with-body', '-I', '--head']);
const CURL_ARG_FLAGS = new Set(['-o', '--output', '--max-time', '-m', '--connect-timeout', '--retry', '-w', '--write-out', '-A', '--user-agent']);
const WGET_FLAGS = new Set(['-q', '--quiet', '--spider', '-nv', '--no-verbose', '-O-', '-qO-', '-qO', '-S', '--server-response', '--no-check-certificate']);
const WGET_ARG_FLAGS = new Set(['-O', '--output-document', '-T', '--timeout', '-t', '--tries', '-U', '--user-agent']);

function httpCheck(argv: string[]): HttpCheck | undefined {
  const tool = argv[0]?.split('/').pop();
  if (tool !== 'curl' && tool !== 'wget') return undefined;
  const flags = tool === 'curl' ? CURL_FLAGS : WGET_FLAGS;
  const argFlags = tool === 'curl' ? CURL_ARG_FLAGS : WGET_ARG_FLAGS;
  let url: string | undefined;
  const headers: { name: string; value: string }[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (flags.has(a) || /^--(tries|timeout|max-time|connect-timeout|retry|output-document|user-agent|output)=/.test(a)) continue;
    if (argFlags.has(a)) {
      i++;
      continue;
    }
    // curl: `-H 'N: v'`, `-H'N: v'`, `--header 'N: v'`; wget: `--header 'N: v'`, `--header='N: v'`
    // (wget's -H is --span-hosts).
    let header: string | undefined;
    if ((a === '--header' || (a === '-H' && tool === 'curl')) && i + 1 < argv.length) header = argv[++i];
    else if (a.startsWith('--header=')) header = a.slice('--header='.length);
    else if (tool === 'curl' && a.startsWith('-H') && a.length > 2) header = a.slice(2);
    if (header !== undefined) {
      const h = /^([^:]+):\s*(.*)$/.exec(header);
      if (!h) return undefined;
      headers.push({ name: h[1].trim(), value: h[2] });
      continue;
    }
    if (/^https?:\/\//i.test(a) && url === undefined) {
      url = a;
      continue;
    }
    return undefined;
  }
  const parsed = url ? parseUrl(url) : undefined;
  if (!parsed) return undefined;
  const { host, ...check } = parsed;
  const sent = headers.some((h) => h.name.toLowerCase() === 'host') ? headers : [{ name: 'Host', value: host }, ...headers];
  return { ...check, headers: sent };
}

function tcpCheck(argv: string[]): number | undefined {
  const tool = argv[0]?.split('/').pop();
  if (tool !== 'nc' && tool !== 'netcat') return undefined;
  let zeroIo = false;
  const positional: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('-')) {
      positional.push(a);
      continue;
    }
    if (a.includes('z')) zeroIo = true;
    // `-w 3`, `-zw 3`, `-q 1`, `-i 1` take a value.
    if (/^-[a-z]*[wqi]$/.test(a)) i++;
  }
  if (!zeroIo || positional.length !== 2 || !LOCAL_HOSTS.has(positional[0]) || !/^[0-9]+$/.test(positional[1])) return undefined;
  return Number(positional[1]);
}

export interface ProbePlan {
  readonly readiness?: Probe;
  readonly liveness?: Probe;
  readonly startup?: Probe;
  /** Ports the probes use that the container must declare (added by the caller when missing). */
  readonly portsNeeded: readonly number[];
  /** How the check was translated, for the report. */
  readonly how: 'httpGet' | 'tcpSocket' | 'exec' | 'none' | 'default-tcp';
}

/**
 * The ports a healthcheck's own check uses (the port of an HTTP or TCP check on the container):
 * `planProbes(hc, resolvedTest, undefined).portsNeeded`, without planning the probes.
 */
export function checkPorts(hc: Healthcheck | undefined, resolvedTest: string[] | undefined): number[] {
  if (!hc || hc.disabled || !resolvedTest || resolvedTest.length === 0) return [];
  const { http, tcp } = containerCheck(resolvedTest);
  return http ? [http.port] : tcp !== undefined ? [tcp] : [];
}

type ContainerCheck = { readonly http?: NonNullable<ReturnType<typeof httpCheck>>; readonly tcp?: number };

/**
 * The HTTP check, or else the TCP check, that a healthcheck argv makes on its own container;
 * remembered by the argv as JSON (an exact key of a list of words): checkPorts and planProbes
 * ask about the same argv of a service (build.ts), and services of one image repeat one check
 * (`curl -f http://localhost:8080/health`), which takes a shell split and a few regular
 * expressions to read. The answer is shared and never changed.
 */
function containerCheck(resolvedTest: string[]): ContainerCheck {
  return containerCheckOf(JSON.stringify(resolvedTest));
}
const containerCheckOf = remembered((json: string): ContainerCheck => {
  const argv = checkArgv(JSON.parse(json) as string[]);
  const http = argv ? httpCheck(argv) : undefined;
  return http ? { http } : { tcp: argv ? tcpCheck(argv) : undefined };
});

/**
 * Plans the probes of a long-running container. `resolvedTest` is the healthcheck argv with secret
 * references already rendered; `firstPort` is the container's first TCP port, if any;
 * `minStartupSeconds` the shortest startup window the image needs (its profile's first start).
 */
export function planProbes(hc: Healthcheck | undefined, resolvedTest: string[] | undefined, firstPort: number | undefined, minStartupSeconds = 0): ProbePlan {
  if (!hc || hc.disabled || !resolvedTest || resolvedTest.length === 0) {
    if (hc?.disabled || firstPort === undefined) return { portsNeeded: [], how: 'none' };
    const handler: ProbeHandler = { tcpSocket: { port: firstPort } };
    return {
      readiness: { handler, ...DEFAULT_TCP_PROBE },
      liveness: { handler, ...DEFAULT_TCP_PROBE, periodSeconds: 20 },
      startup: { handler, ...DEFAULT_TCP_PROBE, failureThreshold: Math.ceil(Math.max(DEFAULT_STARTUP_WINDOW / 1000, minStartupSeconds) / DEFAULT_TCP_PROBE.periodSeconds) },
      portsNeeded: [firstPort],
      how: 'default-tcp',
    };
  }
  const interval = hc.interval ?? COMPOSE_HEALTHCHECK_DEFAULTS.interval;
  const timeout = hc.timeout ?? COMPOSE_HEALTHCHECK_DEFAULTS.timeout;
  const retries = hc.retries ?? COMPOSE_HEALTHCHECK_DEFAULTS.retries;
  const startPeriod = hc.startPeriod ?? COMPOSE_HEALTHCHECK_DEFAULTS.startPeriod;
  const startInterval = hc.startInterval ?? COMPOSE_HEALTHCHECK_DEFAULTS.startInterval;

  const { http, tcp } = containerCheck(resolvedTest);
  let check: ProbeHandler;
  let how: ProbePlan['how'];
  const portsNeeded: number[] = [];
  if (http) {
    check = {
      httpGet: { path: http.path, port: http.port, scheme: http.scheme, ...(http.headers.length ? { httpHeaders: http.headers } : {}) },
    };
    how = 'httpGet';
    portsNeeded.push(http.port);
  } else if (tcp !== undefined) {
    check = { tcpSocket: { port: tcp } };
    how = 'tcpSocket';
    portsNeeded.push(tcp);
  } else {
    check = { exec: { command: resolvedTest } };
    how = 'exec';
  }
  const timing = {
    periodSeconds: msToSeconds(interval),
    timeoutSeconds: msToSeconds(timeout),
    failureThreshold: Math.max(1, retries),
  };
  const readiness: Probe = { handler: check, ...timing };
  const livePort = 'tcpSocket' in check ? undefined : http ? http.port : firstPort;
  const liveness: Probe =
    livePort !== undefined ? { handler: { tcpSocket: { port: livePort } }, ...timing } : { handler: check, ...timing };
  if (livePort !== undefined && !portsNeeded.includes(livePort)) portsNeeded.push(livePort);
  const period = msToSeconds(startInterval);
  const window = Math.max(startPeriod > 0 ? STARTUP_WINDOW_FACTOR * startPeriod : DEFAULT_STARTUP_WINDOW, minStartupSeconds * 1000);
  const startup: Probe = {
    handler: check,
    periodSeconds: period,
    timeoutSeconds: msToSeconds(timeout),
    failureThreshold: Math.max(retries, Math.ceil(window / 1000 / period)),
  };
  return { readiness, liveness, startup, portsNeeded, how };
}
