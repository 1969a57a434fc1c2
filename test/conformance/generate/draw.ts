/**
 * Imperative drawing on top of fast-check's `fc.gen()`: the generators below read like the compose
 * files they write, and every draw still comes from fast-check's seeded random source, so a seed
 * gives the same projects on every machine.
 */
import fc from 'fast-check';

export class Draw {
  constructor(private readonly g: fc.GeneratorValue) {}

  int(min: number, max: number): number {
    return this.g(fc.integer, { min, max });
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.int(0, 999) < p * 1000;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }

  /** A subset of `items` (order kept), of size between `min` and `max`. */
  some<T>(items: readonly T[], min: number, max: number): T[] {
    const n = this.int(Math.min(min, items.length), Math.min(max, items.length));
    const pool = [...items];
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(pool.splice(this.int(0, pool.length - 1), 1)[0]);
    return items.filter((x) => out.includes(x));
  }

  /** Lower-case word text (no `$`, no quotes, no spaces) of 1–`max` characters. */
  word(max = 8): string {
    return this.chars(LOWER, 1, 1) + this.chars(`${LOWER}0123456789`, 0, max - 1);
  }

  /** Text that any YAML scalar and env value may hold: letters, digits, space and `._:/,=+%-`. */
  text(max = 12): string {
    return (this.chars(`${LOWER}ABCXYZ0123456789`, 1, 1) + this.chars(`${LOWER}ABCXYZ0123456789 ._:/,=+%-`, 0, max - 1)).trimEnd();
  }

  private chars(alphabet: string, min: number, max: number): string {
    let out = '';
    for (let n = this.int(min, max); n > 0; n--) out += alphabet[this.int(0, alphabet.length - 1)];
    return out;
  }
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz';

/** Draws `count` values of `build` with a fixed seed: same seed, same values. */
export function sampleWith<T>(seed: number, count: number, build: (d: Draw, index: number) => T): T[] {
  let index = 0;
  return fc.sample(
    fc.gen().map((g) => build(new Draw(g), index++)),
    { seed, numRuns: count },
  );
}
