/**
 * planUses finds the hits of each distinct text once (uses.ts): a value that several services hold,
 * or one text that is a host variable's value in one entry and another variable's in the next, must
 * give every consumer its own uses, each read as its own entry says.
 */
import { planUses } from '../../../src/model/network';
import { HOST_VARIABLE, isHostVariable } from '../../../src/model/network/host-uses';
import { compileText } from '../../helpers';

const img = (n: string) => `ghcr.io/acme/${n}:1.0.0`;
const usesOf = (compose: string) => planUses(compileText(compose).project).map((u) => `${u.consumer}>${u.target}:${u.port ?? ''} ${u.where}`);

describe('repeated values', () => {
  test('the same URL in two services is a use by each of them', () => {
    expect(
      usesOf(`name: t
services:
  engine: {image: ${img('engine')}, user: "1000:1000"}
  a: {image: ${img('a')}, user: "1000:1000", environment: {URL: "http://engine:7001/x"}}
  b: {image: ${img('b')}, user: "1000:1000", environment: {OTHER: "http://engine:7001/x"}, command: ["run", "http://engine:7001/x"]}
`),
    ).toEqual(['a>engine:7001 environment URL', 'b>engine:7001 command', 'b>engine:7001 environment OTHER']);
  });

  test('one text is a use as the whole value of a host variable, and no use in another variable, whichever comes first', () => {
    const compose = (first: string, second: string) => `name: t
services:
  engine: {image: ${img('engine')}, user: "1000:1000"}
  a: {image: ${img('a')}, user: "1000:1000", environment: {${first}: engine}}
  b: {image: ${img('b')}, user: "1000:1000", environment: {${second}: engine}}
`;
    expect(usesOf(compose('MODE', 'ENGINE_HOST'))).toEqual(['b>engine: environment ENGINE_HOST']);
    expect(usesOf(compose('ENGINE_HOST', 'MODE'))).toEqual(['a>engine: environment ENGINE_HOST']);
  });

  test('isHostVariable answers as HOST_VARIABLE, asked once or again', () => {
    const names = ['DB_HOST', 'REDIS_HOSTNAME', 'SMTP_SERVER', 'BROKER_ADDR', 'db_host', 'HOST', 'HOSTS', 'GHOST', 'HOST_PORT', 'LOG_LEVEL', 'ADDRESSES', ''];
    for (let round = 0; round < 2; round++) expect(names.map(isHostVariable)).toEqual(names.map((n) => HOST_VARIABLE.test(n)));
    expect(names.filter(isHostVariable)).toEqual(['DB_HOST', 'REDIS_HOSTNAME', 'SMTP_SERVER', 'BROKER_ADDR', 'db_host', 'HOST', 'HOSTS']);
  });
});
