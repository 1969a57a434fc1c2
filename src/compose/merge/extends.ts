/**
 * `extends`: a service starts from another service of the same file or of another file
 * (`extends: base`, `extends: {service: base, file: common.yaml}`), chains included, and the two
 * are merged with the compose merge rules (merge.ts). As documented by compose, `depends_on` and
 * `volumes_from` are never inherited. Relative paths of a service taken from another file are
 * resolved against that file's directory.
 */
import * as path from 'path';
import type { Diagnostics } from '../../diagnostics';
import { show } from '../../diagnostics';
import { hostPath, isRemoteContext } from '../host-paths';
import { mergeCompose } from './merge';
import { didYouMean } from '../suggest';
import { isHostPath } from '../syntax';
import { entriesOf, getKey, hasKey, isMap, keyPath, mapOf, untag, type YamlMap, type YamlValue } from '../yaml-value';

/** A compose file after interpolation and validation. */
export interface LoadedFile {
  readonly absPath: string;
  /** The file as named in messages. */
  readonly display: string;
  readonly tree: YamlMap;
  /** Directory its relative paths are resolved against. */
  readonly baseDir: string;
}

/** Gives the loaded file at an absolute path, or undefined when it does not exist (or failed to load, already reported). */
export interface FileSource {
  load(absPath: string): LoadedFile | 'missing' | 'failed';
}

/**
 * Which file wrote each part of a service: keys (`ports`) and environment entries
 * (`environment.FOO`) map to the file as named in messages.
 */
export type KeyOrigins = Map<string, string>;

export interface ResolvedService {
  readonly service: YamlMap;
  readonly origins: KeyOrigins;
}

/** Keys a service never takes from the service it extends. */
const NOT_INHERITED = ['depends_on', 'volumes_from', 'extends'];

export function servicesOf(tree: YamlMap): YamlMap {
  const services = untag(getKey(tree, 'services') ?? null);
  return isMap(services) ? services : {};
}

function environmentKeys(environment: YamlValue | undefined): string[] {
  const env = untag(environment ?? null);
  if (isMap(env)) return Object.keys(env);
  if (!Array.isArray(env)) return [];
  return env.flatMap((item) => {
    const v = untag(item);
    return typeof v === 'string' ? [v.split('=')[0]] : [];
  });
}

/** The origins of a service written in one file. */
export function originsOf(service: YamlMap, file: string): KeyOrigins {
  const origins: KeyOrigins = new Map();
  // Indexed loops (as in the other per-service walks of the front end): for-of over an array
  // makes an iterator result object per step until the code is optimized, and it runs once.
  const keys = Object.keys(service);
  for (let i = 0; i < keys.length; i++) origins.set(keys[i], file);
  const names = environmentKeys(getKey(service, 'environment'));
  for (let i = 0; i < names.length; i++) origins.set(`environment.${names[i]}`, file);
  return origins;
}

/** The service with its relative host paths (build context, env files, label files, bind sources) made absolute. */
export function withAbsolutePaths(service: YamlMap, baseDir: string): YamlMap {
  const fix = (p: YamlValue): YamlValue => (typeof p === 'string' && !path.isAbsolute(p) ? hostPath(p, baseDir) : p);
  const fixContext = (c: YamlValue): YamlValue => (typeof c === 'string' && isRemoteContext(c) ? c : fix(c));
  const result = mapOf(entriesOf(service));
  const build = untag(getKey(service, 'build') ?? null);
  if (typeof build === 'string') result.build = fixContext(build);
  else if (isMap(build)) result.build = mapOf(entriesOf(build).map(([k, v]) => [k, k === 'context' ? fixContext(untag(v)) : v]));
  for (const key of ['env_file', 'label_file']) {
    const value = untag(getKey(service, key) ?? null);
    if (value === null) continue;
    const fixItem = (item: YamlValue): YamlValue => {
      const v = untag(item);
      return isMap(v) ? mapOf(entriesOf(v).map(([k, x]) => [k, k === 'path' ? fix(untag(x)) : x])) : fix(v);
    };
    result[key] = Array.isArray(value) ? value.map(fixItem) : fixItem(value);
  }
  const volumes = untag(getKey(service, 'volumes') ?? null);
  if (Array.isArray(volumes)) {
    result.volumes = volumes.map((item) => {
      const v = untag(item);
      if (typeof v === 'string') {
        const colon = v.indexOf(':');
        const source = colon < 0 ? '' : v.slice(0, colon);
        return source !== '' && isHostPath(source) && !path.isAbsolute(source) ? `${hostPath(source, baseDir)}${v.slice(colon)}` : v;
      }
      if (isMap(v) && untag(getKey(v, 'type') ?? null) === 'bind') {
        return mapOf(entriesOf(v).map(([k, x]) => [k, k === 'source' ? fix(untag(x)) : x]));
      }
      return v;
    });
  }
  return result;
}

/** Resolves `extends` chains, each service once, across every file of a load. */
export class ExtendsResolver {
  private readonly resolved = new Map<string, ResolvedService | null>();
  /** Services whose `extends` could not be resolved: only their own keys are known (errors recorded). */
  readonly incomplete = new Set<string>();

  constructor(
    private readonly files: FileSource,
    private readonly diags: Diagnostics,
  ) {}

  /**
   * Every service of a file with its `extends` resolved. A service whose `extends` fails (the error
   * is recorded) keeps its own keys, so that references to it still resolve, and is listed in
   * {@link incomplete}.
   */
  resolveFile(file: LoadedFile): Map<string, ResolvedService> {
    const result = new Map<string, ResolvedService>();
    for (const name of Object.keys(servicesOf(file.tree)).sort()) {
      const resolved = this.resolve(file, name, [], []);
      if (resolved !== null) {
        result.set(name, resolved);
        continue;
      }
      const own = untag(getKey(servicesOf(file.tree), name) ?? null);
      if (!isMap(own)) continue;
      this.incomplete.add(name);
      const ownService = mapOf(entriesOf(own).filter(([k]) => k !== 'extends'));
      result.set(name, { service: ownService, origins: originsOf(ownService, file.display) });
    }
    return result;
  }

  /** `names` / `ids`: the services being resolved further up, to report cycles (`a -> b -> a`). */
  private resolve(file: LoadedFile, name: string, names: readonly string[], ids: readonly string[]): ResolvedService | null {
    const id = `${file.absPath}#${name}`;
    const cached = this.resolved.get(id);
    if (cached !== undefined) return cached;
    const result = this.resolveUncached(file, name, [...names, name], [...ids, id]);
    this.resolved.set(id, result);
    return result;
  }

  private resolveUncached(file: LoadedFile, name: string, names: readonly string[], ids: readonly string[]): ResolvedService | null {
    const own = untag(getKey(servicesOf(file.tree), name) ?? null);
    if (!isMap(own)) return null;
    const ext = untag(getKey(own, 'extends') ?? null);
    if (ext === null) return { service: own, origins: originsOf(own, file.display) };
    const at = keyPath(`services.${name}`, 'extends');
    const ref = typeof ext === 'string' ? { service: ext, file: undefined } : isMap(ext) ? extendsMapping(ext) : undefined;
    if (ref === undefined || ref.service === undefined) return null;

    let target: LoadedFile = file;
    if (ref.file !== undefined) {
      const loaded = this.files.load(path.resolve(path.dirname(file.absPath), ref.file));
      if (loaded === 'missing') {
        this.diags.error(file.display, `${at}.file`, `file not found ${show(ref.file)}; expected a compose file path relative to ${path.basename(file.absPath)}`);
      }
      if (typeof loaded === 'string') return null;
      target = loaded;
    }
    const targetServices = servicesOf(target.tree);
    if (!hasKey(targetServices, ref.service)) {
      const where = target === file ? '' : ` in ${target.display}`;
      const known = Object.keys(targetServices)
        .filter((s) => s !== name || target !== file)
        .sort();
      this.diags.error(
        file.display,
        `${at}${typeof ext === 'string' ? '' : '.service'}`,
        `unknown service ${show(ref.service)}${where}${didYouMean(ref.service, known, `; expected one of: ${known.join(', ') || '(no services)'}`)}`,
      );
      return null;
    }
    if (ids.includes(`${target.absPath}#${ref.service}`)) {
      this.diags.error(file.display, at, `circular extends ${[...names, ref.service].join(' -> ')}; remove one of these extends`);
      return null;
    }
    const base = this.resolve(target, ref.service, names, ids);
    if (base === null) return null;
    const inherited = mapOf(entriesOf(base.service).filter(([k]) => !NOT_INHERITED.includes(k)));
    const baseService = target.absPath === file.absPath ? inherited : withAbsolutePaths(inherited, target.baseDir);
    const ownService = mapOf(entriesOf(own).filter(([k]) => k !== 'extends'));
    const origins: KeyOrigins = new Map([...base.origins].filter(([k]) => !NOT_INHERITED.includes(k.split('.')[0])));
    for (const [k, f] of originsOf(ownService, file.display)) origins.set(k, f);
    return { service: mergeCompose(baseService, ownService, ['services', name]), origins };
  }
}

function extendsMapping(ext: YamlMap): { service?: string; file?: string } {
  const service = untag(getKey(ext, 'service') ?? null);
  const file = untag(getKey(ext, 'file') ?? null);
  return {
    ...(typeof service === 'string' ? { service } : {}),
    ...(typeof file === 'string' ? { file } : {}),
  };
}
