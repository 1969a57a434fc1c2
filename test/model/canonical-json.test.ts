import { createHash } from 'crypto';
import { canonicalJson } from '../../src/model/build';
import { sha256Hex } from '../../src/model/canonical-json';

describe('canonicalJson', () => {
  test('keys in code-unit order at every depth, undefined members left out', () => {
    expect(canonicalJson({ b: 1, a: undefined, B: [1, { z: null, y: undefined }], é: 'x\n', '"q': true })).toBe('{"\\"q":true,"B":[1,{"z":null}],"b":1,"é":"x\\n"}');
    // Integer-like keys sort as text, not in the engine's own integer-first order.
    expect(canonicalJson({ '10': 1, '2': 2, a: { '': 0 } })).toBe('{"10":1,"2":2,"a":{"":0}}');
  });

  test('arrays keep their order; an element without JSON is written empty, as Array.join writes it', () => {
    expect(canonicalJson([undefined, null, 1, 'x', , 3])).toBe('[,null,1,"x",,3]');
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson({})).toBe('{}');
  });

  test('the same value gives the same text whatever the order its keys were written in', () => {
    expect(canonicalJson({ spec: { b: [1, 2], a: 'x' }, kind: 'Job' })).toBe(canonicalJson({ kind: 'Job', spec: { a: 'x', b: [1, 2] } }));
  });
});

describe('sha256Hex', () => {
  test('the hex SHA-256 of the UTF-8 text, as a Hash object gives it', () => {
    for (const text of ['', 'abc', '{"é":"x\\n"}', '\u{1F600}'.repeat(100)]) expect(sha256Hex(text)).toBe(createHash('sha256').update(text).digest('hex'));
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
