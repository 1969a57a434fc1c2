/** secretFilesOf (storage/binds.ts): the files of a project's compose secrets, one set per secrets record. */
import { secretFilesOf } from '../../../src/model/storage/binds';
import type { ComposeProject } from '../../../src/compose';

type Secrets = ComposeProject['secrets'];

describe('secretFilesOf', () => {
  test('the absolute files of the file secrets only, the same set each time a record is asked, another for another record', () => {
    const a = { db: { file: '/p/secrets/db.txt' }, api: { environment: 'API_KEY' }, tls: { file: '/p/tls.pem' } } as unknown as Secrets;
    const b = { db: { file: '/q/db.txt' } } as unknown as Secrets;
    expect([...secretFilesOf(a)]).toEqual(['/p/secrets/db.txt', '/p/tls.pem']);
    expect(secretFilesOf(a)).toBe(secretFilesOf(a));
    expect([...secretFilesOf(b)]).toEqual(['/q/db.txt']);
    expect([...secretFilesOf({} as Secrets)]).toEqual([]);
  });
});
