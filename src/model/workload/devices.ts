/**
 * GPU requests → extended resources in `resources.limits` (the vendor's device plugin advertises
 * them on the nodes; requests default to the limits). Other device requests cannot be expressed
 * without a device plugin and are warnings.
 *
 * - driver `amd` → `amd.com/gpu`, `intel` → `gpu.intel.com/i915`, anything else (nvidia, none) →
 *   `nvidia.com/gpu`;
 * - `count: N` → N; `device_ids` → their number (which devices cannot be chosen: a warning);
 *   `count: all` (or no count) → {@link DEFAULT_GPU_COUNT}, with a warning: extended resources are counted.
 */
import { ComposeService, DeviceRequest } from '../../compose';
import { Diagnostics, show } from '../../diagnostics';

/** GPUs requested for `count: all` (or no count), which Kubernetes cannot express. */
export const DEFAULT_GPU_COUNT = 1;

function resourceOf(driver: string | undefined): string {
  switch (driver?.toLowerCase()) {
    case 'amd':
      return 'amd.com/gpu';
    case 'intel':
      return 'gpu.intel.com/i915';
    default:
      return 'nvidia.com/gpu';
  }
}

function countOf(r: DeviceRequest, resource: string, file: string, d: Diagnostics): number {
  if (r.deviceIds.length > 0) {
    d.warn(
      file,
      `${r.path}.device_ids`,
      `GPU device_ids ${r.deviceIds.map((x) => show(x)).join(', ')} cannot be expressed with extended resources: the pod gets ${r.deviceIds.length} ${resource} chosen by the device plugin; to pin GPUs, label the nodes and add a nodeSelector, or use the vendor's device-plugin configuration`,
    );
    return r.deviceIds.length;
  }
  if (r.count === 'all') {
    d.warn(
      file,
      r.path,
      `count "all" needs a number on Kubernetes (extended resources are counted): requesting ${DEFAULT_GPU_COUNT} ${resource}; write count: N (the GPUs a node has) in the compose file`,
    );
    return DEFAULT_GPU_COUNT;
  }
  return r.count;
}

/** The extended resources of the service's GPU requests (as limits), with a warning for what cannot be expressed. */
export function planDevices(s: ComposeService, d: Diagnostics): Record<string, string> {
  const totals = new Map<string, number>();
  for (const r of s.deviceRequests) {
    if (!r.capabilities.includes('gpu')) {
      d.warn(
        s.source.file,
        r.path,
        `not translated: a device request with capabilities ${show(r.capabilities.join(','))}${r.driver ? ` (driver ${show(r.driver)})` : ''}; Kubernetes gives devices to pods through a device plugin that advertises them as an extended resource: install the plugin on the nodes and add the resource to resources.limits in a kustomize patch`,
      );
      continue;
    }
    const resource = resourceOf(r.driver);
    const n = countOf(r, resource, s.source.file, d);
    if (n > 0) totals.set(resource, (totals.get(resource) ?? 0) + n);
  }
  if (totals.size > 0) {
    d.warn(
      s.source.file,
      `services.${s.name}`,
      `requests ${[...totals].map(([k, v]) => `${v} ${k}`).join(', ')}: the nodes need the vendor's device plugin (e.g. the NVIDIA GPU Operator) to offer it, and GPU nodes are often tainted: add the matching toleration in a kustomize patch`,
    );
  }
  return Object.fromEntries([...totals].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, String(v)]));
}
