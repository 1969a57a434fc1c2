/**
 * Answers the model asks again and again with the same argument, kept by argument: a pass over
 * every service asks them of each service's names and paths, which repeat across services
 * (`DB_HOST`, `/tmp`, a project's folder), and cold code (a synth runs most functions a few
 * thousand times, never long enough for V8 to optimize them) pays for every question in full.
 */

/**
 * Default bound of the answers one remembered function keeps: far above the distinct arguments of a
 * real project, a bound on memory for a long-lived process (the tests, a watch loop).
 */
export const REMEMBERED_ANSWERS = 10_000;

/** `f` with its answers kept by argument (the first `limit` arguments asked); `f` must be pure. */
export function remembered<A, R>(f: (a: A) => R, limit = REMEMBERED_ANSWERS): (a: A) => R {
  const answers = new Map<A, R>();
  return (a: A): R => {
    let r = answers.get(a);
    if (r === undefined && !answers.has(a)) {
      r = f(a);
      if (answers.size < limit) answers.set(a, r);
    }
    return r as R;
  };
}
