import { sortedRecord } from '../../src/compose/syntax';

/** What sortedRecord promises: Object.fromEntries of the entries stably sorted by key. */
function reference<T>(entries: readonly (readonly [string, T])[]): Record<string, T> {
  return Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function same<T>(entries: readonly (readonly [string, T])[]): void {
  const got = sortedRecord(entries);
  const want = reference(entries);
  expect(Object.getPrototypeOf(got)).toBe(Object.prototype);
  expect(Object.entries(got)).toEqual(Object.entries(want));
  expect(Object.getOwnPropertyNames(got)).toEqual(Object.getOwnPropertyNames(want));
}

describe('sortedRecord', () => {
  const awkward: [string, number][] = [
    ['web', 1],
    ['__proto__', 2],
    ['10', 3],
    ['2', 4],
    ['constructor', 5],
    ['Web', 6],
    ['web', 7],
    ['', 8],
    ['é', 9],
  ];

  it('is Object.fromEntries of the entries sorted by key, for few keys (in order or not)', () => {
    same(awkward);
    same([...awkward].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    same([]);
    same([['only', { x: 1 }]]);
    expect(Object.prototype.hasOwnProperty.call(sortedRecord(awkward), '__proto__')).toBe(true);
    expect(sortedRecord(awkward).web).toBe(7);
  });

  it('is the same for many keys (built by Object.fromEntries), and takes an iterable', () => {
    const many: [string, number][] = [];
    for (let i = 0; i < 1000; i++) many.push([`svc-${(i * 7919) % 1000}`, i]);
    same([...many, ...awkward]);
    same([...many].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const fromMap = sortedRecord(new Map(many));
    expect(Object.entries(fromMap)).toEqual(Object.entries(reference(many)));
    expect(Object.keys(sortedRecord(many))).toHaveLength(1000);
  });
});
