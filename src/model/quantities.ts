/** Kubernetes quantities from compose units (bytes, CPUs). */

const MI = 1024 * 1024;
const GI = 1024 * MI;

/** Bytes → the shortest exact binary quantity: 2147483648 → `2Gi`, 536870912 → `512Mi`, else `Ki` or bytes. */
export function bytesToQuantity(bytes: number): string {
  const b = Math.round(bytes);
  if (b > 0 && b % GI === 0) return `${b / GI}Gi`;
  if (b > 0 && b % MI === 0) return `${b / MI}Mi`;
  if (b > 0 && b % 1024 === 0) return `${b / 1024}Ki`;
  if (b >= MI) return `${Math.ceil(b / MI)}Mi`;
  return String(b);
}

/** CPUs → a quantity: 2 → `2`, 0.5 → `500m`, 0.25 → `250m` (millicores, rounded up, at least 1m). */
export function cpusToQuantity(cpus: number): string {
  if (Number.isInteger(cpus)) return String(cpus);
  return `${Math.max(1, Math.ceil(cpus * 1000 - 1e-9))}m`;
}

/** Parses a quantity we produced (or a user wrote in x-k8s) to a number of base units, for comparisons. */
export function parseQuantity(q: string): number {
  // A project repeats a few quantities (`256Mi`, `100m`) in every service: each is parsed once.
  let n = quantityCache.get(q);
  if (n === undefined) {
    const m = /^([0-9]+(?:\.[0-9]+)?)(m|k|Ki|M|Mi|G|Gi|T|Ti)?$/.exec(q.trim());
    n = m ? Number(m[1]) * QUANTITY_FACTORS[m[2] ?? ''] : NaN;
    if (quantityCache.size < QUANTITY_CACHE_SIZE) quantityCache.set(q, n);
  }
  return n;
}
const QUANTITY_FACTORS: Readonly<Record<string, number>> = { '': 1, m: 0.001, k: 1e3, Ki: 1024, M: 1e6, Mi: MI, G: 1e9, Gi: GI, T: 1e12, Ti: 1024 * GI };
/** At most this many quantities' values are kept (a bound on memory). */
const QUANTITY_CACHE_SIZE = 10_000;
const quantityCache = new Map<string, number>();

/** Milliseconds → whole seconds, rounded up, at least `min`. */
export function msToSeconds(ms: number, min = 1): number {
  return Math.max(min, Math.ceil(ms / 1000));
}
