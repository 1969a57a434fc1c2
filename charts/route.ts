/** Gateway API HTTPRoute (gateway.networking.k8s.io/v1) to the workload's Service, from the classes imported from crds/. */
import { ObjectSink } from './sink';
import { AppModel, Workload } from '../src/model/types';
import type * as gateway from '../imports/gateway.networking.k8s.io';
import { metadata, workloadLabels } from './labels';

/** The generated classes are large (~7 ms to load): loaded only when a project has a route. */
let classes: typeof gateway | undefined;
function gatewayClasses(): typeof gateway {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  classes ??= require('../imports/gateway.networking.k8s.io') as typeof gateway;
  return classes;
}

/** One rule: a PathPrefix match, one backendRef to the Service port (by number, as the API requires). */
export function addRoute(out: ObjectSink, app: AppModel, w: Workload): void {
  const r = w.route;
  if (!r) return;
  const g = gatewayClasses();
  out.add(g.HttpRoute, `httproute-${r.name}`, {
    metadata: metadata(app, 'HTTPRoute', r.name, workloadLabels(app, w), w),
    spec: {
      parentRefs: [{ namespace: r.parent.namespace, name: r.parent.name, ...(r.parent.sectionName !== undefined ? { sectionName: r.parent.sectionName } : {}) }],
      hostnames: [...r.hostnames],
      rules: [
        {
          matches: [{ path: { type: g.HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: r.path } }],
          backendRefs: [{ name: w.service, port: r.servicePort }],
        },
      ],
    },
  });
}
