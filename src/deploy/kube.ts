/**
 * Cluster access for up/ps/down through @kubernetes/client-node (kubeconfig files, contexts, exec
 * credential plugins, as kubectl reads them). This file is the only one that imports the client;
 * the CLI loads src/deploy only for up, ps and down, so `synth` never pays for it.
 */
import * as k8s from '@kubernetes/client-node';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Obj = any;

export interface ClusterOptions {
  readonly kubeconfig?: string;
  readonly context?: string;
}

export class ClusterError extends Error {}

export interface Kube {
  readonly objects: k8s.KubernetesObjectApi;
  readonly core: k8s.CoreV1Api;
  readonly apis: k8s.ApisApi;
  /** The context's namespace, else `default` (as kubectl). */
  readonly namespace: string;
  readonly server: string;
}

export function connect(o: ClusterOptions, env: Readonly<Record<string, string | undefined>>): Kube {
  const kc = new k8s.KubeConfig();
  try {
    if (o.kubeconfig !== undefined) kc.loadFromFile(o.kubeconfig);
    else if (env.KUBECONFIG) {
      const files = env.KUBECONFIG.split(':').filter((f) => f !== '');
      kc.loadFromFile(files[0]);
      for (const f of files.slice(1)) {
        const more = new k8s.KubeConfig();
        more.loadFromFile(f);
        kc.mergeConfig(more);
      }
    } else kc.loadFromDefault();
  } catch (e) {
    throw new ClusterError(`cannot read the kubeconfig ${o.kubeconfig ?? env.KUBECONFIG ?? '~/.kube/config'}: ${(e as Error).message}`);
  }
  if (o.context !== undefined) {
    if (!kc.getContexts().some((c) => c.name === o.context)) {
      throw new ClusterError(`--context ${o.context}: no such context in the kubeconfig; it has: ${kc.getContexts().map((c) => c.name).join(', ') || 'none'}`);
    }
    kc.setCurrentContext(o.context);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new ClusterError('the kubeconfig names no current cluster: pass --context NAME or --kubeconfig FILE');
  return {
    objects: k8s.KubernetesObjectApi.makeApiClient(kc),
    core: kc.makeApiClient(k8s.CoreV1Api),
    apis: kc.makeApiClient(k8s.ApisApi),
    namespace: kc.getContextObject(kc.getCurrentContext())?.namespace ?? 'default',
    server: cluster.server,
  };
}

/** HTTP status of an API error (404, 409 ...), else undefined. */
export function statusOf(e: unknown): number | undefined {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
}

/** The API server's message of an error, without the response dump. */
export function messageOf(e: unknown): string {
  const body = (e as { body?: unknown }).body;
  if (typeof body === 'string') {
    try {
      const m = (JSON.parse(body) as { message?: string }).message;
      if (m) return m;
    } catch {
      return body.slice(0, 500);
    }
  }
  return e instanceof Error ? e.message.split('\n')[0] : String(e);
}

/** Server-side apply of one object under `manager` (conflicts forced: the project owns its fields). */
export async function apply(kube: Kube, o: Obj, manager: string, dryRun = false): Promise<Obj> {
  return kube.objects.patch(o, undefined, dryRun ? 'All' : undefined, manager, true, k8s.PatchStrategy.ServerSideApply);
}

export async function read(kube: Kube, apiVersion: string, kind: string, name: string, namespace?: string): Promise<Obj | undefined> {
  try {
    return await kube.objects.read({ apiVersion, kind, metadata: { name, ...(namespace !== undefined ? { namespace } : {}) } });
  } catch (e) {
    if (statusOf(e) === 404) return undefined;
    throw e;
  }
}

export async function list(kube: Kube, apiVersion: string, kind: string, namespace: string, labelSelector?: string): Promise<Obj[]> {
  const r = await kube.objects.list(apiVersion, kind, namespace, undefined, undefined, undefined, undefined, labelSelector);
  return (r.items as Obj[]).map((o) => ({ ...o, apiVersion, kind }));
}

/** Deletes (foreground: the pods of a workload go with it); gone already is fine. */
export async function remove(kube: Kube, o: Obj, dryRun = false): Promise<void> {
  try {
    await kube.objects.delete({ apiVersion: o.apiVersion, kind: o.kind, metadata: { name: o.metadata.name, namespace: o.metadata.namespace } }, undefined, dryRun ? 'All' : undefined, undefined, undefined, 'Foreground');
  } catch (e) {
    if (statusOf(e) !== 404) throw e;
  }
}

const BUILT_IN: Readonly<Record<string, string>> = {
  '': 'v1',
  apps: 'apps/v1',
  batch: 'batch/v1',
  policy: 'policy/v1',
  autoscaling: 'autoscaling/v2',
  'networking.k8s.io': 'networking.k8s.io/v1',
  'rbac.authorization.k8s.io': 'rbac.authorization.k8s.io/v1',
  'storage.k8s.io': 'storage.k8s.io/v1',
};

/** The apiVersion to read a group-kind (`Deployment.apps`) with: built-in, else the group's preferred version. */
export async function apiVersionOf(kube: Kube, groupKind: string): Promise<{ apiVersion: string; kind: string } | undefined> {
  const dot = groupKind.indexOf('.');
  const kind = dot < 0 ? groupKind : groupKind.slice(0, dot);
  const group = dot < 0 ? '' : groupKind.slice(dot + 1);
  if (BUILT_IN[group]) return { apiVersion: BUILT_IN[group], kind };
  const groups = await kube.apis.getAPIVersions();
  const g = groups.groups.find((x) => x.name === group);
  return g?.preferredVersion ? { apiVersion: g.preferredVersion.groupVersion, kind } : undefined;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
