/** remembered.ts and the path answers kept with it (storage/project-path.ts): the same answers, asked once. */
import * as path from 'path';
import { remembered } from '../../src/model/remembered';
import { normalizeContainerPath } from '../../src/model/container-paths';
import { isInside } from '../../src/model/storage/project-path';

describe('remembered', () => {
  test('asks the function once per argument, undefined answers included, and keeps at most `limit` answers', () => {
    const asked: string[] = [];
    const f = remembered((a: string) => {
      asked.push(a);
      return a === 'none' ? undefined : a.length;
    }, 2);
    expect(['ab', 'ab', 'none', 'none', 'abc', 'abc', 'ab'].map(f)).toEqual([2, 2, undefined, undefined, 3, 3, 2]);
    // 'abc' came after the limit: asked each time.
    expect(asked).toEqual(['ab', 'none', 'abc', 'abc']);
  });
});

describe('path answers', () => {
  const inside = (child: string, parent: string) => {
    const rel = path.relative(parent, child);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  };

  test('isInside answers as path.relative does, asked once or again, absolute or relative', () => {
    const paths = ['/data', '/data/', '/data/db', '/data//db/../x', '/database', '/', '/tmp', 'data', 'data/db', '.', '..'];
    for (let round = 0; round < 2; round++) {
      for (const child of paths) for (const parent of paths) expect([child, parent, isInside(child, parent)]).toEqual([child, parent, inside(child, parent)]);
    }
    expect(isInside('/data/db', '/data')).toBe(true);
    expect(isInside('/database', '/data')).toBe(false);
  });

  test('a relative path is resolved against the working folder of each question', () => {
    const cwd = process.cwd();
    try {
      process.chdir('/tmp');
      expect(isInside('x', '/tmp')).toBe(true);
      process.chdir('/');
      expect(isInside('x', '/tmp')).toBe(false);
    } finally {
      process.chdir(cwd);
    }
  });

  test('normalizeContainerPath is path.posix.normalize', () => {
    for (const p of ['/tmp', '/tmp/', '/var//lib/../data', './x', '', '/a/./b/']) {
      expect(normalizeContainerPath(p)).toBe(path.posix.normalize(p));
      expect(normalizeContainerPath(p)).toBe(path.posix.normalize(p));
    }
  });
});
