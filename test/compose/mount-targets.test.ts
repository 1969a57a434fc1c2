/** Mount targets are read as the runtime reads them: one spelling per container path. */
import { Any, compileText, find, mainContainer } from '../helpers';

test('a trailing slash or a "." in a mount target is cleaned (the pod mounts /data, not /data/)', () => {
  const r = compileText(`name: shop
services:
  app:
    image: ghcr.io/acme/app:1.0.0
    user: "1000:1000"
    volumes:
      - data:/data/
      - type: volume
        source: cache
        target: /srv/./cache//
    tmpfs: [/run/app/]
volumes:
  data: {x-k8s: {size: 1Gi}}
  cache: {x-k8s: {size: 1Gi}}
`);
  const paths = (mainContainer(find(r, 'Deployment', 'app')).volumeMounts as Any[]).map((m) => m.mountPath).sort();
  expect(paths).toEqual(['/data', '/run/app', '/srv/cache']);
});
