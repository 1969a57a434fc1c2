/**
 * Where a run's time goes, stage by stage, for `CDK8S_COMPOSE_TIMINGS=1` (the benchmark sets it to
 * say which stage a change moved). Off, `timed` only calls the function.
 */
const records: { stage: string; ms: number }[] = [];

/** Calls `f`, recording its wall time under `stage` when `enabled`. */
export function timed<T>(enabled: boolean, stage: string, f: () => T): T {
  if (!enabled) return f();
  const start = process.hrtime.bigint();
  try {
    return f();
  } finally {
    records.push({ stage, ms: Number(process.hrtime.bigint() - start) / 1e6 });
  }
}

/**
 * The recorded stages as one line (`timings: load 60 ms (code cache used), read 412 ms, …`), and
 * forgets them. `startup`: the loading of the command, as bin/cdk8s-compose.js measured it.
 */
export function takeTimings(startup?: { readonly ms: number; readonly codeCache: string }): string {
  const load = startup ? [`load ${startup.ms.toFixed(0)} ms (code cache ${startup.codeCache})`] : [];
  const line = `timings: ${[...load, ...records.map((r) => `${r.stage} ${r.ms.toFixed(0)} ms`)].join(', ')}\n`;
  records.length = 0;
  return line;
}

/** Whether an environment asks for timings. */
export function timingsWanted(env: Readonly<Record<string, string | undefined>>): boolean {
  return env.CDK8S_COMPOSE_TIMINGS === '1';
}
