/**
 * Device requests: the service's `gpus` (`all`, or a list of `{count, device_ids, driver,
 * capabilities, options}`) and `deploy.resources.reservations.devices`, in that order.
 *
 * Defaults (compose's): a `gpus` entry has the capability `gpu`; `gpus: all` is one request of
 * every GPU (`count: "all"`); a request with neither `count` nor `device_ids` asks for all devices.
 */
import { scalarText, parseInteger } from '../syntax';
import type { DeviceRequest } from '../types';
import { getKey, indexPath, isMap, untag, type YamlValue } from '../yaml-value';

function strings(value: YamlValue): string[] {
  const v = untag(value);
  return Array.isArray(v) ? v.map((x) => scalarText(untag(x))) : [];
}

function request(item: YamlValue, path: string, gpu: boolean): DeviceRequest | undefined {
  const v = untag(item);
  if (!isMap(v)) return undefined;
  const count = untag(getKey(v, 'count') ?? null);
  const driver = untag(getKey(v, 'driver') ?? null);
  const capabilities = strings(getKey(v, 'capabilities') ?? null);
  const n = count === 'all' || count === null ? undefined : parseInteger(count);
  return {
    capabilities: gpu && capabilities.length === 0 ? ['gpu'] : capabilities,
    count: n ?? 'all',
    countWritten: count !== null,
    deviceIds: strings(getKey(v, 'device_ids') ?? null),
    ...(typeof driver === 'string' ? { driver } : {}),
    path,
  };
}

/** The requests of `services.<name>`: `gpus` first, then `deploy.resources.reservations.devices`. */
export function deviceRequests(gpus: YamlValue | undefined, deploy: YamlValue | undefined, at: string): DeviceRequest[] {
  const out: DeviceRequest[] = [];
  const g = untag(gpus ?? null);
  if (g === 'all') out.push({ capabilities: ['gpu'], count: 'all', countWritten: true, deviceIds: [], path: `${at}.gpus` });
  else if (Array.isArray(g)) g.forEach((item, i) => out.push(...[request(item, indexPath(`${at}.gpus`, i), true)].filter((r): r is DeviceRequest => r !== undefined)));
  const dep = untag(deploy ?? null);
  const res = isMap(dep) ? untag(getKey(dep, 'resources') ?? null) : null;
  const reservations = isMap(res) ? untag(getKey(res, 'reservations') ?? null) : null;
  const devices = isMap(reservations) ? untag(getKey(reservations, 'devices') ?? null) : null;
  if (Array.isArray(devices)) {
    devices.forEach((item, i) => {
      const r = request(item, indexPath(`${at}.deploy.resources.reservations.devices`, i), false);
      if (r) out.push(r);
    });
  }
  return out;
}
