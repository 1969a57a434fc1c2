/**
 * Short syntax of service `devices`: `HOST_PATH[:CONTAINER_PATH[:PERMISSIONS]]` (permissions a
 * combination of r, w and m; the container path defaults to the host path), or a CDI device name
 * (`vendor.com/class=name`, e.g. `nvidia.com/gpu=all`).
 */
import { show } from '../../diagnostics';

export const EXPECTED_DEVICE =
  'expected HOST_PATH[:CONTAINER_PATH[:PERMISSIONS]] with absolute paths and permissions of r, w and m, like "/dev/ttyUSB0" or "/dev/sda:/dev/xvda:rwm", or a CDI name like "vendor.com/class=name"';

export interface ShortDevice {
  readonly source: string;
  readonly target: string;
  readonly permissions?: string;
}

const CDI = /^[a-z0-9][a-z0-9.-]*\/[a-zA-Z0-9][a-zA-Z0-9_.-]*=[a-zA-Z0-9_.:-]+$/;

/** True for a CDI device name (`nvidia.com/gpu=all`), which names a device rather than a path. */
export function isCdiDevice(spec: string): boolean {
  return CDI.test(spec);
}

/** Parses a short `devices` entry; CDI names are given back as their own source and target. */
export function parseDeviceString(spec: string): { device: ShortDevice } | { error: string } {
  if (isCdiDevice(spec)) return { device: { source: spec, target: spec } };
  // Built only when the entry is invalid (show() of every valid entry is wasted work).
  const invalid = () => ({ error: `invalid device ${show(spec)}; ${EXPECTED_DEVICE}` });
  const parts = spec.split(':');
  if (parts.length > 3 || parts.some((p) => p === '')) return invalid();
  const [source, target = source, permissions] = parts;
  if (!source.startsWith('/') || !target.startsWith('/')) return invalid();
  if (permissions !== undefined && !/^[rwm]{1,3}$/.test(permissions)) return invalid();
  return { device: { source, target, ...(permissions === undefined ? {} : { permissions }) } };
}
