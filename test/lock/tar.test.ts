import { Readable } from 'stream';
import { readTar, type TarEntry } from '../../src/lock/tar';
import { tarOf } from './test-registry';

async function entries(buf: Buffer, chunk = 7): Promise<TarEntry[]> {
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += chunk) parts.push(buf.subarray(i, i + chunk));
  const out: TarEntry[] = [];
  await readTar(Readable.from(parts), (n) => n.endsWith('passwd'), (e) => out.push(e));
  return out;
}

describe('tar reader', () => {
  test('names, wanted bodies across small chunks, pax paths and GNU long names', async () => {
    const long = `${'d/'.repeat(60)}etc/passwd`;
    const rec = ` path=${long}\n`;
    let len = rec.length + 1;
    while (String(len).length + rec.length !== len) len++;
    const pax = tarOf({ 'PaxHeader/x': `${len}${rec}` });
    pax[156] = 'x'.charCodeAt(0);
    // fix the checksum after changing the type flag
    pax.write('        ', 148);
    let sum = 0;
    for (const b of pax.subarray(0, 512)) sum += b;
    pax.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    const withPax = Buffer.concat([pax.subarray(0, pax.length - 1024), tarOf({ short: 'root:x:0:0::/:/bin/sh\n' })]);
    const got = await entries(withPax);
    expect(got.map((e) => e.name)).toEqual([long]);
    expect(got[0].body?.toString()).toBe('root:x:0:0::/:/bin/sh\n');
    const plain = await entries(tarOf({ './etc/': null, './etc/passwd': 'a:x:1:1\n', 'usr/bin/x': 'y'.repeat(1000) }), 100);
    expect(plain.map((e) => [e.name, e.type, e.body?.toString()])).toEqual([
      ['etc', '5', undefined],
      ['etc/passwd', '0', 'a:x:1:1\n'],
      ['usr/bin/x', '0', undefined],
    ]);
  });

  test('a truncated archive is an error', async () => {
    const t = tarOf({ 'etc/passwd': 'x'.repeat(2000) });
    await expect(entries(t.subarray(0, 1024))).rejects.toThrow('truncated');
  });
});
