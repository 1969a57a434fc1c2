/**
 * A service's mounts in long form: `volumes` (short and long syntax), `tmpfs`, and the `secrets`
 * and `configs` it is granted.
 *
 * Defaults: a short-syntax bind mount creates its host path (`createHostPath: true`, as compose
 * does for backward compatibility), a long-syntax one only with a `bind:` mapping (where
 * `create_host_path` defaults to true, as compose-go fills it in);
 * `read_only` defaults to false; a secret's target defaults to `/run/secrets/<source>` and a
 * relative target is placed under `/run/secrets/`; a config's target defaults to `/<source>`.
 */
import * as path from 'path';
import { hostPath } from '../host-paths';
import type { FileGrant, Source, VolumeMountSpec } from '../types';
import { parseBoolean, parseBytes, parseFileMode, parseTmpfsString, parseVolumeString } from '../syntax';
import { getKey, indexPath, isMap, untag, type YamlMap, type YamlValue } from '../yaml-value';

function items(value: YamlValue | undefined): YamlValue[] {
  const v = untag(value ?? null);
  if (Array.isArray(v)) return v.map(untag);
  return v === null ? [] : [v];
}

function field(map: YamlMap, key: string): YamlValue {
  return untag(getKey(map, key) ?? null);
}

function optionalString(map: YamlMap, key: string): string | undefined {
  const v = field(map, key);
  return typeof v === 'string' ? v : undefined;
}

function longVolume(v: YamlMap, projectDir: string, sourceInfo: Source): VolumeMountSpec {
  const type = field(v, 'type');
  const target = optionalString(v, 'target') ?? '';
  const readOnly = parseBoolean(field(v, 'read_only')) ?? false;
  const source = optionalString(v, 'source');
  const options = (key: string): YamlMap => {
    const o = field(v, key);
    return isMap(o) ? o : {};
  };
  switch (type) {
    case 'bind':
      return {
        type: 'bind',
        source: hostPath(source ?? '', projectDir),
        sourceAsWritten: source ?? '',
        target,
        readOnly,
        // compose-go fills `create_host_path: true` into any `bind:` mapping that does not set it.
        createHostPath: parseBoolean(field(options('bind'), 'create_host_path')) ?? isMap(field(v, 'bind')),
        sourceInfo,
      };
    case 'tmpfs': {
      const size = parseBytes(field(options('tmpfs'), 'size'));
      const mode = parseFileMode(field(options('tmpfs'), 'mode'));
      return { type: 'tmpfs', target, readOnly, ...(size === undefined ? {} : { size }), ...(mode === undefined ? {} : { mode }), sourceInfo };
    }
    case 'npipe':
    case 'cluster':
    case 'image':
      return { type, ...(source === undefined ? {} : { source }), target, readOnly, sourceInfo };
    default: {
      const volume = options('volume');
      const subpath = optionalString(volume, 'subpath');
      const nocopy = parseBoolean(field(volume, 'nocopy'));
      return {
        type: 'volume',
        ...(source === undefined || source === '' ? {} : { source }),
        target,
        readOnly,
        ...(subpath === undefined ? {} : { subpath }),
        ...(nocopy === undefined ? {} : { nocopy }),
        sourceInfo,
      };
    }
  }
}

/**
 * A container path as the runtime reads it: `/data/` and `/srv/./app` are `/data` and `/srv/app`
 * (Docker cleans mount targets too), so that every later decision and the pod's `mountPath` see one
 * spelling of each path.
 */
/** A path that normalizing leaves as it is: segments that are not empty and start with no `.` (some clean ones do). */
const CLEAN_TARGET = /^(?:\/[^/.][^/]*)+$/;

function cleanTarget(m: VolumeMountSpec): VolumeMountSpec {
  // Already clean (absolute, no empty, `.` or `..` segment, no trailing slash): most targets.
  if (CLEAN_TARGET.test(m.target)) return m;
  const normal = path.posix.normalize(m.target);
  const target = normal.length > 1 ? normal.replace(/\/+$/, '') : normal;
  return target === m.target ? m : { ...m, target };
}

/** `volumes:` of a service. `sourceOf(path)` gives the file that wrote an entry. */
export function serviceVolumes(value: YamlValue | undefined, at: string, projectDir: string, fileOf: (path: string) => string): VolumeMountSpec[] {
  return items(value)
    .flatMap((item, i) => volumeEntry(item, indexPath(at, i), projectDir, fileOf))
    .map(cleanTarget);
}

/** One entry of a service's `volumes:` (at path `p`), in either syntax; nothing when it is invalid (validation reports it). */
function volumeEntry(item: YamlValue, p: string, projectDir: string, fileOf: (path: string) => string): VolumeMountSpec[] {
  const sourceInfo: Source = { file: fileOf(p), path: p };
  if (isMap(item)) return [longVolume(item, projectDir, sourceInfo)];
  if (typeof item !== 'string') return [];
  const parsed = parseVolumeString(item);
  if ('error' in parsed) return [];
  const v = parsed.volume;
  if (v.type === 'bind') {
    const source = v.source ?? '';
    return [{ type: 'bind', source: hostPath(source, projectDir), sourceAsWritten: source, target: v.target, readOnly: v.readOnly, createHostPath: true, sourceInfo }];
  }
  return [
    {
      type: 'volume',
      ...(v.source === undefined ? {} : { source: v.source }),
      target: v.target,
      readOnly: v.readOnly,
      ...(v.nocopy ? { nocopy: true } : {}),
      sourceInfo,
    },
  ];
}

/** `tmpfs:` of a service (a path or a list of paths with options). */
export function serviceTmpfs(value: YamlValue | undefined, at: string, fileOf: (path: string) => string): VolumeMountSpec[] {
  const list = untag(value ?? null);
  return items(value).flatMap((item, i): VolumeMountSpec[] => {
    if (typeof item !== 'string') return [];
    const parsed = parseTmpfsString(item);
    if ('error' in parsed) return [];
    const p = Array.isArray(list) ? indexPath(at, i) : at;
    const t = parsed.tmpfs;
    return [
      {
        type: 'tmpfs',
        target: t.target,
        readOnly: t.readOnly,
        ...(t.size === undefined ? {} : { size: t.size }),
        ...(t.mode === undefined ? {} : { mode: t.mode }),
        sourceInfo: { file: fileOf(p), path: p },
      },
    ];
  }).map(cleanTarget);
}

/** Where secrets and configs are mounted by default. */
export const SECRETS_DIR = '/run/secrets';
export const CONFIGS_DIR = '';

/** `secrets:` / `configs:` of a service, long form. `defaultDir`: {@link SECRETS_DIR} or {@link CONFIGS_DIR}. */
export function fileGrants(value: YamlValue | undefined, defaultDir: string): FileGrant[] {
  const place = (name: string) => (name.startsWith('/') ? name : `${defaultDir}/${name}`);
  return items(value).flatMap((item): FileGrant[] => {
    if (typeof item === 'string') return [{ source: item, target: place(item) }];
    if (!isMap(item)) return [];
    const source = optionalString(item, 'source');
    if (source === undefined) return [];
    const target = optionalString(item, 'target');
    const uid = field(item, 'uid');
    const gid = field(item, 'gid');
    const mode = parseFileMode(field(item, 'mode'));
    return [
      {
        source,
        target: place(target ?? source),
        ...(typeof uid === 'string' ? { uid } : {}),
        ...(typeof gid === 'string' ? { gid } : {}),
        ...(mode === undefined ? {} : { mode }),
      },
    ];
  });
}
