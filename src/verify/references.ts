/**
 * References between objects other than ConfigMaps and Secrets: Services reach pods and container
 * ports, claims exist, pods run as ServiceAccounts that exist, RoleBindings bind Roles and
 * ServiceAccounts that exist, Roles grant access to Jobs that exist, Ingresses and HTTPRoutes, autoscalers and
 * disruption budgets point at something.
 */
import type { Diagnostic } from '../diagnostics';
import type { K8sObject } from '../output/render';
import type { Inventory, PodTemplate } from './inventory';
import {
  elsewhereHint, groupOf, inNamespace, isExternal, isMap, labelSelectorIsEmpty, labelSelectorMatches, mapOf, mapsOf, namespaceOf, problem, refOf,
  showContainerPorts, showPort, showSelector, str, stringMap,
} from './objects';
import type { ExternalObjects } from './types';

const TEMPLATE_KINDS_TEXT = 'Deployment, StatefulSet, DaemonSet, Job, CronJob';

function templatesIn(inv: Inventory, ns: string | undefined): PodTemplate[] {
  return inv.templates.filter((t) => t.ns === ns);
}

function showTemplatePorts(t: PodTemplate): string {
  const shown = t.containers
    .filter((c) => c.serving)
    .map((c) => showContainerPorts(c.container))
    .filter((p) => p !== 'none');
  return shown.length > 0 ? shown.join(', ') : 'none';
}

/**
 * A Service's selector matches a pod template in its namespace, and each port's `targetPort`
 * (default: `port`) is a containerPort, with the same protocol, of every template it matches.
 */
export function checkServices(inv: Inventory): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const svc of inv.ofKind('Service')) {
    if (groupOf(svc.apiVersion) !== '') continue;
    const spec = mapOf(svc.spec);
    const selector = stringMap(spec.selector);
    if (spec.type === 'ExternalName' || Object.keys(selector).length === 0) continue;
    const ns = namespaceOf(svc);
    const matched = inv.templatesMatching(ns, selector);
    if (matched.length === 0) {
      out.push(problem(svc, `${refOf(svc)} selector ${showSelector(selector)} matches no pod template (${TEMPLATE_KINDS_TEXT})${inNamespace(ns)}`));
      continue;
    }
    for (const port of mapsOf(spec.ports)) {
      const target = port.targetPort ?? port.port;
      const protocol = String(port.protocol ?? 'TCP');
      const label = port.name !== undefined ? showPort(port.name) : showPort(port.port);
      for (const t of matched) {
        const candidates = t.servingPorts.filter((p) => (typeof target === 'number' ? p.containerPort === target : p.name === target));
        if (candidates.length === 0) {
          out.push(problem(svc, `${refOf(svc)} port ${label} targets container port ${showPort(target)}, which ${refOf(t.owner)} does not declare (its ports: ${showTemplatePorts(t)})`));
        } else if (!candidates.some((p) => String(p.protocol ?? 'TCP') === protocol)) {
          const theirs = [...new Set(candidates.map((p) => String(p.protocol ?? 'TCP')))].join(', ');
          out.push(problem(svc, `${refOf(svc)} port ${label} targets container port ${showPort(target)} over ${protocol}, which ${refOf(t.owner)} declares only over ${theirs}`));
        }
      }
    }
  }
  return out;
}

/** Every `persistentVolumeClaim.claimName` is a claim of the output, a claim template of the StatefulSet, or external. */
export function checkClaims(inv: Inventory, external: ExternalObjects): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const t of inv.templates) {
    const volumes = t.spec.volumes;
    if (!Array.isArray(volumes)) continue;
    const ns = t.ns;
    const isSts = t.owner.kind === 'StatefulSet';
    const claimTemplates = () => (isSts ? mapsOf(mapOf(t.owner.spec).volumeClaimTemplates).map((c) => str(mapOf(c.metadata).name)) : []);
    for (const volume of volumes) {
      if (!isMap(volume) || volume.persistentVolumeClaim === undefined) continue;
      const claim = str(mapOf(volume.persistentVolumeClaim).claimName);
      if (claim === undefined) continue;
      if (inv.get(ns, 'PersistentVolumeClaim', claim) || claimTemplates().includes(claim) || isExternal(ns, claim, external.claims)) continue;
      const alsoTemplate = isSts ? `, nor a volumeClaimTemplate of ${refOf(t.owner)},` : '';
      const hint = elsewhereHint(inv.elsewhere(ns, 'PersistentVolumeClaim', claim));
      out.push(problem(t.owner, `${refOf(t.owner)} volume ${JSON.stringify(volume.name ?? '?')} uses PersistentVolumeClaim/${claim}${inNamespace(ns)}, which is neither in the output${alsoTemplate} nor an external claim${hint}`));
    }
  }
  return out;
}

/** `serviceAccountName` (other than `default`) names a ServiceAccount of the output. */
export function checkServiceAccounts(inv: Inventory): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const t of inv.templates) {
    const name = str(t.spec.serviceAccountName) ?? str(t.spec.serviceAccount);
    if (name === undefined || name === 'default') continue;
    const ns = t.ns;
    if (inv.get(ns, 'ServiceAccount', name)) continue;
    const hint = elsewhereHint(inv.elsewhere(ns, 'ServiceAccount', name));
    out.push(problem(t.owner, `${refOf(t.owner)} runs as ServiceAccount/${name}${inNamespace(ns)}, which is not in the output${hint}`));
  }
  return out;
}

/**
 * RBAC: a RoleBinding's Role exists; its ServiceAccount subjects exist where it says (a subject
 * without a namespace is in the binding's); a Role that names Jobs grants access to Jobs that exist.
 */
export function checkRbac(inv: Inventory): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const rb of inv.ofKind('RoleBinding')) {
    if (groupOf(rb.apiVersion) !== 'rbac.authorization.k8s.io') continue;
    const ns = namespaceOf(rb);
    const roleRef = mapOf(rb.roleRef);
    const role = str(roleRef.name);
    if (roleRef.kind === 'Role' && role !== undefined && !inv.get(ns, 'Role', role)) {
      out.push(problem(rb, `${refOf(rb)} refers to Role/${role}${inNamespace(ns)}, which is not in the output${elsewhereHint(inv.elsewhere(ns, 'Role', role))}`));
    }
    for (const subject of mapsOf(rb.subjects)) {
      const name = str(subject.name);
      if (subject.kind !== 'ServiceAccount' || name === undefined) continue;
      const subjectNs = str(subject.namespace) ?? ns;
      if (inv.get(subjectNs, 'ServiceAccount', name)) continue;
      const elsewhere = inv.elsewhere(subjectNs, 'ServiceAccount', name);
      // A subject in another namespace may be bound on purpose; one that the output holds elsewhere is a slip.
      if (subjectNs !== ns && elsewhere.length === 0) continue;
      out.push(problem(rb, `${refOf(rb)} binds ServiceAccount/${name}${inNamespace(subjectNs)}, which is not in the output${elsewhereHint(elsewhere)}`));
    }
  }
  for (const role of inv.ofKind('Role')) {
    if (groupOf(role.apiVersion) !== 'rbac.authorization.k8s.io') continue;
    const ns = namespaceOf(role);
    for (const rule of mapsOf(role.rules)) {
      const groups = Array.isArray(rule.apiGroups) ? rule.apiGroups : [];
      const resources = Array.isArray(rule.resources) ? rule.resources : [];
      if (!groups.includes('batch') || !resources.includes('jobs') || !Array.isArray(rule.resourceNames)) continue;
      for (const name of rule.resourceNames) {
        if (typeof name !== 'string' || inv.get(ns, 'Job', name)) continue;
        out.push(problem(role, `${refOf(role)} grants access to Job/${name}${inNamespace(ns)}, which is not in the output`));
      }
    }
  }
  return out;
}

/** The ports a Service offers, for messages: `http=8000, 9090`. */
function showServicePorts(svc: K8sObject): string {
  const ports = mapsOf(mapOf(svc.spec).ports).map((p) => `${p.name !== undefined ? `${String(p.name)}=` : ''}${String(p.port)}`);
  return ports.length > 0 ? ports.join(', ') : 'none';
}

/** A backend of `from` is a Service of the output with that port (a name or a number). */
function checkBackend(inv: Inventory, from: K8sObject, ns: string | undefined, name: string | undefined, wanted: unknown): Diagnostic[] {
  if (name === undefined) return [];
  const svc = inv.get(ns, 'Service', name);
  if (!svc) return [problem(from, `${refOf(from)} routes to Service/${name}${inNamespace(ns)}, which is not in the output`)];
  if (wanted === undefined) return [];
  const ports = mapsOf(mapOf(svc.spec).ports);
  if (ports.some((p) => (typeof wanted === 'number' ? p.port === wanted : p.name === wanted))) return [];
  return [problem(from, `${refOf(from)} routes to port ${showPort(wanted)} of ${refOf(svc)}, which has no such port (its ports: ${showServicePorts(svc)})`)];
}

/** Ingress and HTTPRoute backends are Services of the output with that port; autoscalers and disruption budgets target something. */
export function checkExposure(inv: Inventory): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const ing of inv.ofKind('Ingress')) {
    if (groupOf(ing.apiVersion) !== 'networking.k8s.io') continue;
    const ns = namespaceOf(ing);
    const spec = mapOf(ing.spec);
    const backends = [mapOf(spec.defaultBackend), ...mapsOf(spec.rules).flatMap((r) => mapsOf(mapOf(r.http).paths).map((p) => mapOf(p.backend)))];
    for (const backend of backends) {
      const service = mapOf(backend.service);
      const port = mapOf(service.port);
      out.push(...checkBackend(inv, ing, ns, str(service.name), port.name ?? port.number));
    }
  }
  // Gateway API routes: backendRefs to core Services in the route's namespace.
  for (const route of inv.ofKind('HTTPRoute')) {
    if (groupOf(route.apiVersion) !== 'gateway.networking.k8s.io') continue;
    const ns = namespaceOf(route);
    for (const ref of mapsOf(mapOf(route.spec).rules).flatMap((r) => mapsOf(r.backendRefs))) {
      if ((ref.group ?? '') !== '' || (ref.kind ?? 'Service') !== 'Service' || (ref.namespace !== undefined && ref.namespace !== ns)) continue;
      out.push(...checkBackend(inv, route, ns, str(ref.name), ref.port));
    }
  }
  for (const hpa of inv.ofKind('HorizontalPodAutoscaler')) {
    const target = mapOf(mapOf(hpa.spec).scaleTargetRef);
    const kind = str(target.kind);
    const name = str(target.name);
    if (kind === undefined || name === undefined) continue;
    const ns = namespaceOf(hpa);
    if (!inv.get(ns, kind, name)) out.push(problem(hpa, `${refOf(hpa)} scales ${kind}/${name}${inNamespace(ns)}, which is not in the output`));
  }
  for (const pdb of inv.ofKind('PodDisruptionBudget')) {
    const selector = mapOf(mapOf(pdb.spec).selector);
    if (labelSelectorIsEmpty(selector)) continue;
    const ns = namespaceOf(pdb);
    const matchLabels = stringMap(selector.matchLabels);
    const candidates = Object.keys(matchLabels).length > 0 ? inv.templatesMatching(ns, matchLabels) : templatesIn(inv, ns);
    if (!candidates.some((t) => labelSelectorMatches(selector, t.labels))) {
      out.push(problem(pdb, `${refOf(pdb)} selector ${showSelector(selector)} matches no pod template (${TEMPLATE_KINDS_TEXT})${inNamespace(ns)}`));
    }
  }
  return out;
}
