/** readBindSourceOnce (storage/bind-files.ts): a bind source is read once per plan, again for the next plan. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readBindSource, readBindSourceOnce } from '../../../src/model/storage/bind-files';

describe('readBindSourceOnce', () => {
  test('one read per plan, source and secret files; the next plan reads the files again', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c8c-reads-'));
    try {
      fs.writeFileSync(path.join(dir, 'app.conf'), 'a=1\n');
      fs.writeFileSync(path.join(dir, 'db.txt'), 'pw\n');
      const plan = {};
      const first = readBindSourceOnce(plan, dir);
      expect(first).toEqual(readBindSource(dir));
      fs.writeFileSync(path.join(dir, 'app.conf'), 'a=2\n');
      // The same plan keeps its read; the same source with other secret files is another read.
      expect(readBindSourceOnce(plan, dir)).toBe(first);
      const secrets = new Set([path.join(dir, 'db.txt')]);
      expect(readBindSourceOnce(plan, dir, secrets)).toEqual(readBindSource(dir, secrets));
      expect(readBindSourceOnce(plan, dir, secrets).kind).toBe('secret');
      // A new plan reads the changed file.
      const next = readBindSourceOnce({}, dir);
      expect(next).not.toBe(first);
      expect(next.kind === 'files' && next.files.find((f) => f.rel === 'app.conf')?.text).toBe('a=2\n');
      expect(readBindSourceOnce(plan, path.join(dir, 'missing'))).toEqual({ kind: 'missing' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
