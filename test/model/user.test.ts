/**
 * planUser: compose `user`, then x-k8s.runAsUser, then what is known of the image (a numeric user
 * read from its Dockerfile, `imageUser`), then the image profile, else 65532 with an image-user warning.
 */
import { Diagnostics } from '../../src/diagnostics';
import { HostAccess, FALLBACK_UID, planUser } from '../../src/model/security';
import { imageProfile } from '../../src/model/images';
import { service } from '../compose/helpers';

/** No host-access opt-in: Pod Security "restricted". */
const restricted = (d: Diagnostics) => new HostAccess(undefined, 'app', 'compose.yaml', d);

const svc = (extra = '') => service(`services:\n  app:\n    image: ghcr.io/example/app:1.0.0\n${extra}`, 'app');

test('a known numeric image user is used when compose and x-k8s say nothing; no warning', () => {
  const d = new Diagnostics();
  expect(planUser(svc(), {}, undefined, restricted(d), d, { uid: 10001, source: 'Dockerfile: USER 10001' })).toEqual({ uid: 10001, gid: 10001 });
  expect(planUser(svc(), {}, undefined, restricted(d), d, { uid: 1000, gid: 2000, source: 'Dockerfile: USER 1000:2000' })).toEqual({ uid: 1000, gid: 2000 });
  expect(d.all).toEqual([]);
});

test('compose user and x-k8s.runAsUser win over the image user; the image user wins over a profile', () => {
  const d = new Diagnostics();
  const known = { uid: 10001, source: 'Dockerfile: USER 10001' };
  expect(planUser(svc('    user: "1000:1000"\n'), {}, undefined, restricted(d), d, known)).toEqual({ uid: 1000, gid: 1000 });
  expect(planUser(svc(), { runAsUser: 2000 }, undefined, restricted(d), d, known)).toEqual({ uid: 2000, gid: 2000 });
  expect(planUser(svc(), {}, imageProfile('postgres:16.4'), restricted(d), d, known)).toEqual({ uid: 10001, gid: 10001 });
  expect(d.all).toEqual([]);
});

test('nothing known: 65532 with an image-user warning about the service', () => {
  const d = new Diagnostics();
  expect(planUser(svc(), {}, undefined, restricted(d), d)).toEqual({ uid: FALLBACK_UID, gid: FALLBACK_UID });
  expect(FALLBACK_UID).toBe(65532);
  // The full text is asserted in cluster-start.test.ts.
  expect(d.warnings.map((w) => [w.code, w.service, w.path])).toEqual([['image-user', 'app', 'services.app']]);
});
