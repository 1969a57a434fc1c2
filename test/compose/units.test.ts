import { closest, editDistance } from '../../src/compose/suggest';
import { splitShellWords, parseBoolean, parseBytes, parseCpus, parseDuration, parseFileMode, parseInteger } from '../../src/compose/syntax';

describe('units', () => {
  test('durations in milliseconds', () => {
    expect(['10s', '1m30s', '500ms', '1h', '1.5s', '2h32m', '100us', '0', ' 5m '].map(parseDuration)).toEqual([
      10000, 90000, 500, 3600000, 1500, 9120000, 0.1, 0, 300000,
    ]);
    expect(['soon', '10', '', '-1s', '1d', '1m30', 10, null].map(parseDuration)).toEqual(Array(8).fill(undefined));
  });

  test('byte sizes in bytes (binary multiples)', () => {
    expect(['2g', '512m', '1.5gb', '1GiB', '100k', '1024', '10b', '1 MB', 4096].map(parseBytes)).toEqual([
      2147483648, 536870912, 1610612736, 1073741824, 102400, 1024, 10, 1048576, 4096,
    ]);
    expect(['2 gigs', '-1', 'g', '', -5, 1.5, true].map(parseBytes)).toEqual(Array(7).fill(undefined));
  });

  test('CPU counts', () => {
    expect(['0.5', '2', 1.5, '2.0', '.25'].map(parseCpus)).toEqual([0.5, 2, 1.5, 2, 0.25]);
    expect(['two', '-1', -1, '', '1e400'].map(parseCpus)).toEqual(Array(5).fill(undefined));
  });

  test('integers, booleans and file modes', () => {
    expect(['3', ' 42 ', 7, '-1'].map(parseInteger)).toEqual([3, 42, 7, -1]);
    expect(['three', '1.5', 1.5, ''].map(parseInteger)).toEqual(Array(4).fill(undefined));
    expect([true, 'yes', 'ON', 'n', 'False'].map(parseBoolean)).toEqual([true, true, true, false, false]);
    expect(['maybe', 1].map(parseBoolean)).toEqual([undefined, undefined]);
    expect(['0440', '440', '0o440', 288, '1777'].map(parseFileMode)).toEqual([0o440, 0o440, 0o440, 288, 0o1777]);
    expect(['rwx', '0999', 99999].map(parseFileMode)).toEqual([undefined, undefined, undefined]);
  });
});

describe('shell words', () => {
  test('quotes and escapes', () => {
    expect(splitShellWords(`a 'b c' "d \\"e\\" \\$f" g\\ h  "" i'j'k`)).toEqual({ words: ['a', 'b c', 'd "e" $f', 'g h', '', 'ijk'] });
    expect(splitShellWords('  ')).toEqual({ words: [] });
    expect(splitShellWords(`echo 'open`)).toEqual({ error: 'unterminated single quote' });
    expect(splitShellWords('echo "open')).toEqual({ error: 'unterminated double quote' });
  });
});

describe('did you mean', () => {
  test('close candidates only', () => {
    expect(editDistance('replicaz', 'replicas')).toBe(1);
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(closest('replicaz', ['mode', 'replicas', 'labels'])).toBe('replicas');
    expect(closest('enviroment', ['environment', 'entrypoint'])).toBe('environment');
    expect(closest('xyz', ['image', 'ports'])).toBeUndefined();
  });
});
