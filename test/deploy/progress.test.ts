/** up's progress view: one line per service, redrawn in place on a terminal, plain lines otherwise. */
import { ProgressView } from '../../src/deploy/progress';
import type { ServiceState } from '../../src/deploy/status';

const state = (service: string, ready: number, waiting: string, restarts = 0, failed?: string): ServiceState => ({ service, ready, desired: 1, waiting, restarts, ...(failed ? { failed } : {}) });
const polls: ServiceState[][] = [
  [state('backend', 0, 'Deployment/backend: 0/1 available, 0 updated'), state('db', 0, 'StatefulSet/db: 0/1 ready, 0 updated')],
  [state('backend', 0, 'Deployment/backend: 0/1 available, 1 updated', 2), state('db', 1, '')],
  [state('backend', 1, '', 2), state('db', 1, '')],
];

function run(tty: boolean, columns?: number): string {
  let out = '';
  const view = new ProgressView((t) => (out += t), tty, columns);
  // Each poll shown twice: an unchanged poll writes nothing.
  for (const p of polls) for (const _ of [1, 2]) view.show(p);
  return out;
}

test('on a terminal: one line per service (what it waits for, ready/desired, restarts), redrawn in place', () => {
  const out = run(true, 120);
  const frames = out.split(/(?=\x1b\[2A)/);
  expect(frames).toHaveLength(3);
  // The first frame draws the lines; each next one goes up over them and clears each line it redraws.
  expect(frames[0].startsWith('\x1b[2K')).toBe(true);
  expect(frames.slice(1).every((f) => f.startsWith('\x1b[2A\x1b[2K'))).toBe(true);
  const lines = (f: string) => f.replace(/^\x1b\[2A/, '').split('\n').filter(Boolean).map((l) => l.replace(/^\x1b\[2K/, ''));
  expect(lines(frames[0])).toEqual([
    '… backend              0/1   restarts 0   Deployment/backend: 0/1 available, 0 updated',
    '… db                   0/1   restarts 0   StatefulSet/db: 0/1 ready, 0 updated',
  ]);
  expect(lines(frames[1])).toEqual(['… backend              0/1   restarts 2   Deployment/backend: 0/1 available, 1 updated', '✓ db                   1/1   restarts 0   ready']);
  expect(lines(frames[2])).toEqual(['✓ backend              1/1   restarts 2   ready', '✓ db                   1/1   restarts 0   ready']);
});

test('on a narrow terminal a line is cut to the width, so the redraw goes up exactly the rows it drew', () => {
  const out = run(true, 40);
  for (const l of out.split('\n').filter(Boolean)) expect(Array.from(l.replace(/\x1b\[\d*[AK]/g, '')).length).toBeLessThanOrEqual(39);
  expect(out).toContain('\x1b[2K… backend              0/1   restarts …\n');
});

test('not a terminal: plain lines, each printed when it changes, no control sequences', () => {
  const out = run(false);
  expect(out).not.toMatch(/\x1b/);
  expect(out.split('\n').filter(Boolean)).toEqual([
    '… backend              0/1   restarts 0   Deployment/backend: 0/1 available, 0 updated',
    '… db                   0/1   restarts 0   StatefulSet/db: 0/1 ready, 0 updated',
    '… backend              0/1   restarts 2   Deployment/backend: 0/1 available, 1 updated',
    '✓ db                   1/1   restarts 0   ready',
    '✓ backend              1/1   restarts 2   ready',
  ]);
});

test('a failed service is marked ✗ with its failure', () => {
  let out = '';
  new ProgressView((t) => (out += t), false).show([state('migrate', 0, 'Job/migrate-1: failed', 0, 'Job/migrate-1 failed: BackoffLimitExceeded')]);
  expect(out).toBe('✗ migrate              0/1   restarts 0   Job/migrate-1 failed: BackoffLimitExceeded\n');
});
