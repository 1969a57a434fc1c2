/**
 * Every HTTPRoute we write is valid for the Gateway API CRD in crds/ (v1.6.1, standard channel): its
 * OpenAPI v3 schema (ajv, defaults applied, unknown fields refused) and its CEL rules
 * (x-kubernetes-validations, with @marcbachmann/cel-js), checked by test/support/crd-validate.mjs.
 */
import { execFileSync } from 'child_process';
import * as path from 'path';
import { CompileResult } from '../../src/compile';
import { K8sObject } from '../../src/output/render';
import { Any, compileExample, compileText, nginxWeb, ROOT } from '../helpers';

const CRD = path.join(ROOT, 'crds/gateway.networking.k8s.io_httproutes.yaml');

interface Validation {
  readonly results: string[][];
  readonly rules: number;
  readonly unparsable: string[];
}

/** Runs the validator (an ES module: the CEL evaluator is one) on the objects. */
function validate(objects: readonly unknown[]): Validation {
  const out = execFileSync(process.execPath, [path.join(ROOT, 'test/support/crd-validate.mjs')], {
    cwd: ROOT,
    input: JSON.stringify({ crd: CRD, objects }),
    encoding: 'utf8',
  });
  return JSON.parse(out) as Validation;
}

const routesOf = (r: CompileResult): K8sObject[] => r.objects.filter((o) => o.kind === 'HTTPRoute');

const SERVICE = (x: string, ports?: string) => nginxWeb(x, { ports });

/** Routes of every form we emit. */
function emittedRoutes(): K8sObject[] {
  return [
    ...routesOf(compileText(SERVICE('    x-k8s:\n      route: {hosts: [shop.example.com, "*.shop.example.com"], path: /store/v1, port: 80, gateway: infra/public, sectionName: https}\n'))),
    ...routesOf(compileText(SERVICE('    x-k8s:\n      route: {hosts: shop.example.com}\n'), { gateway: 'infra/public', namespace: 'shop' })),
    ...routesOf(compileText(SERVICE('    x-k8s:\n      ingress: {host: shop.example.com, path: "/a%20b", tls: true}\n'), { gateway: 'infra/public' })),
    ...routesOf(compileText(SERVICE('    labels:\n      kompose.service.expose: "true"\n'), { gateway: 'infra/public' })),
    ...routesOf(compileText(SERVICE('    x-k8s:\n      serviceType: LoadBalancer\n      route: {hosts: [shop.example.com], gateway: infra/public, port: 8443}\n', '["8080:80", "8443:443"]'))),
    ...routesOf(compileExample('gateway-shop')),
  ];
}

describe('HTTPRoute against the Gateway API CRD', () => {
  const routes = emittedRoutes();
  const checked = validate([
    ...routes,
    // Mutations that the API server refuses: each validator must catch its own.
    ...[
      (o: Any) => delete o.spec.rules[0].backendRefs[0].port, // CEL: a Service backendRef needs a port
      (o: Any) => (o.spec.rules[0].matches[0].path.value = 'store'), // CEL: paths start with "/"
      (o: Any) => (o.spec.rules[0].matches[0].path.value = '/a//b'), // CEL: no "//"
      (o: Any) => (o.spec.rules[0].timeout = '10s'), // schema: unknown field (timeouts is the field)
      (o: Any) => (o.spec.hostnames = ['Shop.Example.com']), // schema: hostname pattern
      (o: Any) => (o.spec.parentRefs = [o.spec.parentRefs[0], o.spec.parentRefs[0]]), // CEL: parentRefs must be unique
    ].map((mutate) => {
      const o = structuredClone(routes[0]) as Any;
      mutate(o);
      return o;
    }),
  ]);

  test('every CEL rule of the CRD parses and type-checks in the evaluator', () => {
    expect(checked.rules).toBeGreaterThan(100);
    expect(checked.unparsable).toEqual([]);
  });

  test('every form we emit passes the schema and every CEL rule', () => {
    expect(routes.length).toBeGreaterThanOrEqual(6);
    expect(routes.map((o, i) => [o.metadata.name, checked.results[i]])).toEqual(routes.map((o) => [o.metadata.name, []]));
  });

  test('the validators catch what the API server refuses', () => {
    expect(checked.results.slice(routes.length)).toEqual([
      ['self.spec.rules[0].backendRefs[0]: Must have port for Service reference'],
      ["self.spec.rules[0].matches[0].path: value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']"],
      ["self.spec.rules[0].matches[0].path: must not contain '//' when type one of ['Exact', 'PathPrefix']"],
      ['/spec/rules/0: must NOT have additional properties "timeout"'],
      ['/spec/hostnames/0: must match pattern "^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"'],
      [expect.stringMatching(/^self\.spec\.parentRefs: /)],
    ]);
  });
});
