'use strict';
/** The report: figures formatted and the results table. */

const fmtMs = (x) => (x === null || x === undefined ? 'n/a' : String(Math.round(x)));
const fmtMB = (x) => (x === null || x === undefined ? 'n/a' : x.toFixed(1));
const fmtX = (x) => (x === null || x === undefined ? 'n/a' : `${x.toFixed(2)}×`);
const verdict = (ok) => (ok === null ? 'n/a' : ok ? 'PASS' : 'MISS');

function table(rows) {
  const head = ['case', 'runs', 'median ms', 'peak MB', 'ratio / cost', 'target', 'result'];
  const cells = [head, ...rows.map((r) => [r.name, r.runs, r.ms, r.mb, r.ratio, r.target, r.result].map((c) => String(c ?? '')))];
  const widths = head.map((_, i) => Math.max(...cells.map((c) => c[i].length)));
  const numeric = new Set([1, 2, 3]);
  const fmt = (c) => c.map((x, i) => (numeric.has(i) ? x.padStart(widths[i]) : x.padEnd(widths[i]))).join('  ').trimEnd();
  return [fmt(head), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(fmt)].join('\n');
}

module.exports = { fmtMs, fmtMB, fmtX, verdict, table };
