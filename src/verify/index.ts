/**
 * The built-in output check: reference integrity of synthesized Kubernetes objects. Every finding is
 * an error whose path is the object (`Deployment/backend`) and whose message names both the object
 * and what it refers to. Meant to gate `synth` (refuse to write output that fails it) and to back
 * `check --output DIR` (verifyFolder); this module prints nothing and is not wired in by itself.
 *
 * Rules: Services select pod templates and reach declared container ports; probes target declared
 * ports; claims, ConfigMaps (and their keys), Secrets (and their keys, when the manifests list them)
 * and ServiceAccounts exist; RoleBindings bind existing Roles and ServiceAccounts; Roles grant access
 * to existing Jobs; controller selectors select their own templates; volume mounts name pod volumes;
 * Ingress and HTTPRoute backends, autoscaler targets and disruption budget selectors point at something.
 */
import type { Diagnostic } from '../diagnostics';
import type { K8sObject } from '../output/render';
import { checkConfigReferences } from './config-refs';
import { readFolder } from './folder';
import { Inventory } from './inventory';
import { checkClaims, checkExposure, checkRbac, checkServiceAccounts, checkServices } from './references';
import type { ExternalObjects } from './types';
import { checkProbes, checkSelectors, checkVolumeMounts } from './workloads';

export type { ExternalObjects } from './types';

/** Every reference problem among `objects`; `external` lists what is created outside them. */
export function verifyObjects(objects: readonly K8sObject[], external: ExternalObjects): Diagnostic[] {
  const inv = new Inventory(objects);
  return [
    ...checkSelectors(inv),
    ...checkServices(inv),
    ...checkProbes(inv),
    ...checkVolumeMounts(inv),
    ...checkClaims(inv, external),
    ...checkConfigReferences(inv, external),
    ...checkServiceAccounts(inv),
    ...checkRbac(inv),
    ...checkExposure(inv),
  ];
}

/**
 * Reads every `*.yaml` of `dir` (YAML 1.1 like kubectl, every document; `kustomization.yaml` is
 * skipped) and verifies the objects. Files that do not parse and documents that are no object are
 * errors on the file; every finding about an object names the file it was read from (`file`, a
 * name in `dir`).
 */
export function verifyFolder(dir: string, external: ExternalObjects): Diagnostic[] {
  const { objects, problems, fileOf } = readFolder(dir);
  const files = new Map<string, string>();
  for (const o of objects) files.set(`${o.kind}/${o.metadata.name}`, fileOf.get(o) ?? '');
  const found = verifyObjects(objects, external).map((d) => {
    const file = d.path !== undefined ? files.get(d.path) : undefined;
    return file ? { ...d, file } : d;
  });
  return [...problems, ...found];
}
