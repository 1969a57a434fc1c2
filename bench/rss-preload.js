'use strict';
// Preloaded into measured node processes (`node -r bench/rss-preload.js ...`, or through
// NODE_OPTIONS for process trees). When BENCH_RSS_FILE is set, appends "<pid> <maxRSS KiB>" to it
// when the process exits, however it exits (end of event loop, process.exit(), an uncaught
// exception). A process killed by a signal leaves no line; the harness then reports no figure.
// Never prints, never throws, never changes the exit status.
(() => {
  let isMain = true;
  try {
    isMain = require('worker_threads').isMainThread;
  } catch {
    // no worker_threads: a plain process
  }
  const file = process.env.BENCH_RSS_FILE;
  if (!file || !isMain) return;
  const fs = require('fs');
  let written = false;
  const record = () => {
    if (written) return;
    written = true;
    try {
      const kib = typeof process.resourceUsage === 'function'
        ? process.resourceUsage().maxRSS
        : Math.round(process.memoryUsage().rss / 1024); // current, not peak: better than nothing
      fs.appendFileSync(file, `${process.pid} ${kib}\n`);
    } catch {
      // the figure is lost; the run itself is unaffected
    }
  };
  process.on('exit', record);
})();
