/**
 * Checks of the merged project that no single file can answer: every service has an image or a
 * build, references between services exist (`depends_on`, `links`, `volumes_from`,
 * `network_mode: service:x`) and form no dependency cycle (`depends_on` and the dependencies
 * compose adds for those references), and every named volume, network,
 * secret and config a service uses is declared at the top level.
 */
import type { Diagnostics } from '../../diagnostics';
import { show } from '../../diagnostics';
import type { Origins } from './assemble';
import { servicesOf } from './extends';
import { didYouMean } from '../suggest';
import { parseBoolean, parseVolumeString } from '../syntax';
import { entriesOf, getKey, hasKey, indexPath, isMap, keyPath, untag, type YamlMap, type YamlValue } from '../yaml-value';

/** The services a service's `depends_on` names, with whether each is required (compose default: true). */
export function dependencies(service: YamlMap): { name: string; required: boolean }[] {
  const deps = untag(getKey(service, 'depends_on') ?? null);
  if (Array.isArray(deps)) return deps.filter((d): d is string => typeof d === 'string').map((name) => ({ name, required: true }));
  if (!isMap(deps)) return [];
  return entriesOf(deps).map(([name, spec]) => {
    const required = isMap(spec) ? parseBoolean(untag(getKey(spec, 'required') ?? true)) : true;
    return { name, required: required ?? true };
  });
}

const SHARED_NAMESPACES = ['network_mode', 'ipc', 'pid', 'uts', 'cgroup'];

/**
 * The dependencies compose adds on its own (compose-go loader/normalize.go): each `links` entry
 * (`db`, `db:alias`) and each `service:NAME` of `network_mode`, `ipc`, `pid`, `uts` or `cgroup`
 * (restart: true), each `volumes_from` entry naming a service rather than `container:…`
 * (restart: false). In that order; a service may appear more than once.
 */
export function implicitDependencies(service: YamlMap): { name: string; restart: boolean }[] {
  const strings = (key: string): string[] => {
    const v = untag(getKey(service, key) ?? null);
    return Array.isArray(v) ? v.map(untag).filter((x): x is string => typeof x === 'string') : [];
  };
  const out = strings('links').map((l) => ({ name: l.split(':')[0], restart: true }));
  // Indexed loops (as in this module's other per-service walks): for-of makes an iterator result
  // object per step until the code is optimized, and it runs once per service.
  for (let i = 0; i < SHARED_NAMESPACES.length; i++) {
    const v = untag(getKey(service, SHARED_NAMESPACES[i]) ?? null);
    if (typeof v === 'string' && v.startsWith('service:')) out.push({ name: v.slice('service:'.length), restart: true });
  }
  const from = strings('volumes_from');
  for (let i = 0; i < from.length; i++) if (!from[i].startsWith('container:')) out.push({ name: from[i].split(':')[0], restart: false });
  return out;
}

function sectionNames(tree: YamlMap, section: string): string[] {
  const entries = untag(getKey(tree, section) ?? null);
  return isMap(entries) ? Object.keys(entries) : [];
}

class ReferenceChecker {
  private readonly services: YamlMap;
  private readonly serviceNames: string[];

  constructor(
    private readonly tree: YamlMap,
    private readonly origins: Origins,
    private readonly diags: Diagnostics,
    private readonly incomplete: ReadonlySet<string>,
  ) {
    this.services = servicesOf(tree);
    this.serviceNames = Object.keys(this.services).sort();
  }

  private error(path: string, message: string): void {
    this.diags.error(this.origins.fileOf(path), path, message);
  }

  private warn(path: string, message: string): void {
    this.diags.warn(this.origins.fileOf(path), path, message);
  }

  private unknown(what: string, name: string, known: readonly string[], declareHint: string): string {
    return `unknown ${what} ${show(name)}${didYouMean(name, known, `; ${declareHint}`)}`;
  }

  run(): void {
    for (let i = 0; i < this.serviceNames.length; i++) {
      const name = this.serviceNames[i];
      const service = untag(this.services[name]);
      if (isMap(service)) this.checkService(name, service);
    }
    this.checkCycles();
    this.checkFileObjects('secrets', ['file', 'environment', 'external']);
    this.checkFileObjects('configs', ['file', 'environment', 'content', 'external']);
  }

  /** A top-level secret or config has exactly one source. */
  private checkFileObjects(section: string, sources: readonly string[]): void {
    const entries = untag(getKey(this.tree, section) ?? null);
    if (!isMap(entries)) return;
    const expected = sources.map((s) => show(s)).join(', ').replace(/, ([^,]*)$/, ' or $1');
    for (const [name, def] of entriesOf(entries)) {
      const d = untag(def);
      if (!isMap(d)) continue;
      const given = sources.filter((s) => hasKey(d, s) && !(s === 'external' && parseBoolean(untag(getKey(d, 'external') ?? null)) === false));
      const at = `${section}.${name}`;
      if (given.length === 0) this.error(at, `missing source; expected one of ${expected}`);
      else if (given.length > 1) this.error(at, `conflicting sources ${given.map((g) => show(g)).join(' and ')}; expected only one of ${expected}`);
    }
  }

  /** `expected one of the services: …`, made once (it lists every service). */
  private get serviceHint(): string {
    this.hint ??= `expected one of the services: ${this.serviceNames.join(', ')}`;
    return this.hint;
  }
  private hint: string | undefined;

  /** The names a top-level section declares, as a list (for hints) and a set, read once per section. */
  private declared(section: string): { readonly list: readonly string[]; readonly set: ReadonlySet<string> } {
    let d = this.sections.get(section);
    if (d === undefined) {
      const list = sectionNames(this.tree, section);
      d = { list, set: new Set(list) };
      this.sections.set(section, d);
    }
    return d;
  }
  private readonly sections = new Map<string, { readonly list: readonly string[]; readonly set: ReadonlySet<string> }>();

  private checkService(name: string, service: YamlMap): void {
    const at = `services.${name}`;
    if (!hasKey(service, 'image') && !hasKey(service, 'build') && !hasKey(service, 'provider') && !this.incomplete.has(name)) {
      this.error(at, 'missing key "image"; expected "image", "build" or "provider"');
    }
    const serviceHint = this.serviceHint;
    const deps = dependencies(service);
    for (let i = 0; i < deps.length; i++) {
      const dep = deps[i];
      if (hasKey(this.services, dep.name)) continue;
      const path = keyPath(`${at}.depends_on`, dep.name);
      if (dep.required) this.error(`${at}.depends_on`, this.unknown('service', dep.name, this.serviceNames, serviceHint));
      else this.warn(path, `dependency on unknown service ${show(dep.name)} is ignored (required: false)`);
    }
    this.checkServiceRefs(at, service, serviceHint);
    this.checkResources(at, service);
  }

  /** `links`, `volumes_from` and `network_mode: service:NAME` name other services. */
  private checkServiceRefs(at: string, service: YamlMap, serviceHint: string): void {
    const check = (path: string, ref: string) => {
      if (!hasKey(this.services, ref)) this.error(path, this.unknown('service', ref, this.serviceNames, serviceHint));
    };
    const links = untag(getKey(service, 'links') ?? null);
    if (Array.isArray(links)) links.forEach((l, i) => typeof l === 'string' && check(indexPath(`${at}.links`, i), l.split(':')[0]));
    const volumesFrom = untag(getKey(service, 'volumes_from') ?? null);
    if (Array.isArray(volumesFrom)) {
      volumesFrom.forEach((v, i) => typeof v === 'string' && !v.startsWith('container:') && check(indexPath(`${at}.volumes_from`, i), v.split(':')[0]));
    }
    const mode = untag(getKey(service, 'network_mode') ?? null);
    if (typeof mode === 'string' && mode.startsWith('service:')) check(`${at}.network_mode`, mode.slice('service:'.length));
    if (mode !== null && hasKey(service, 'networks')) {
      this.error(`${at}.network_mode`, `invalid value ${show(mode)} together with "networks"; expected only one of "network_mode" and "networks"`);
    }
  }

  /** Named volumes, networks, secrets and configs must be declared at the top level. */
  private checkResources(at: string, service: YamlMap): void {
    const volumes = this.declared('volumes');
    this.listOf(service, 'volumes').forEach((item, i) => {
      const source = namedVolumeSource(item);
      if (source !== undefined && !volumes.set.has(source)) {
        this.error(indexPath(`${at}.volumes`, i), this.unknown('volume', source, volumes.list, 'declare it under the top-level "volumes:"'));
      }
    });
    const networks = this.declared('networks');
    const serviceNetworks = untag(getKey(service, 'networks') ?? null);
    const networkNames = Array.isArray(serviceNetworks)
      ? serviceNetworks.filter((n): n is string => typeof n === 'string')
      : isMap(serviceNetworks)
        ? Object.keys(serviceNetworks)
        : [];
    for (let i = 0; i < networkNames.length; i++) {
      const n = networkNames[i];
      if (n !== 'default' && !networks.set.has(n)) {
        this.error(`${at}.networks`, this.unknown('network', n, networks.list, 'declare it under the top-level "networks:"'));
      }
    }
    for (const section of ['secrets', 'configs']) {
      const names = this.declared(section);
      this.listOf(service, section).forEach((item, i) => {
        const source = isMap(item) ? untag(getKey(item, 'source') ?? null) : item;
        if (typeof source === 'string' && !names.set.has(source)) {
          this.error(indexPath(`${at}.${section}`, i), this.unknown(section.slice(0, -1), source, names.list, `declare it under the top-level "${section}:"`));
        }
      });
    }
  }

  private listOf(service: YamlMap, key: string): YamlValue[] {
    const value = untag(getKey(service, key) ?? null);
    return Array.isArray(value) ? value.map(untag) : [];
  }

  /** Reports each `depends_on` cycle once, starting from its alphabetically first service. */
  private checkCycles(): void {
    const edges = new Map<string, string[]>();
    for (let i = 0; i < this.serviceNames.length; i++) {
      const name = this.serviceNames[i];
      const service = untag(this.services[name]);
      // Compose counts the dependencies it adds for links, volumes_from and service: namespaces
      // too. The declared ones, each once (first place), sorted; built without spreads and a Set,
      // which walk iterators until the code is optimized.
      const names: string[] = [];
      if (isMap(service)) {
        addDeclared(names, dependencies(service), this.services);
        addDeclared(names, implicitDependencies(service), this.services);
      }
      edges.set(name, names.sort());
    }
    const reported = new Set<string>();
    const state = new Map<string, 'visiting' | 'done'>();
    const stack: string[] = [];
    const visit = (name: string) => {
      state.set(name, 'visiting');
      stack.push(name);
      const deps = edges.get(name) ?? [];
      for (let i = 0; i < deps.length; i++) {
        const dep = deps[i];
        if (state.get(dep) === 'visiting') {
          const cycle = stack.slice(stack.indexOf(dep));
          const start = cycle.indexOf([...cycle].sort()[0]);
          const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
          const key = rotated.join('>');
          if (!reported.has(key)) {
            reported.add(key);
            this.error(`services.${rotated[0]}.depends_on`, `dependency cycle ${[...rotated, rotated[0]].join(' -> ')}; remove one of these dependencies`);
          }
        } else if (state.get(dep) === undefined) {
          visit(dep);
        }
      }
      stack.pop();
      state.set(name, 'done');
    };
    for (let i = 0; i < this.serviceNames.length; i++) if (state.get(this.serviceNames[i]) === undefined) visit(this.serviceNames[i]);
  }
}

/** Adds to `names` each dependency that `services` declares and `names` does not hold yet, in order. */
function addDeclared(names: string[], deps: readonly { readonly name: string }[], services: YamlMap): void {
  for (let i = 0; i < deps.length; i++) {
    const d = deps[i].name;
    if (hasKey(services, d) && !names.includes(d)) names.push(d);
  }
}

/** The named volume a `volumes` entry mounts, if any (not binds, anonymous volumes or tmpfs). */
export function namedVolumeSource(item: YamlValue): string | undefined {
  if (typeof item === 'string') {
    const parsed = parseVolumeString(item);
    return 'volume' in parsed && parsed.volume.type === 'volume' ? parsed.volume.source : undefined;
  }
  if (!isMap(item)) return undefined;
  const type = untag(getKey(item, 'type') ?? null);
  const source = untag(getKey(item, 'source') ?? null);
  return type === 'volume' && typeof source === 'string' && source !== '' ? source : undefined;
}

/**
 * Checks the references of the merged project tree. `incomplete`: services whose `extends` failed
 * (only their own keys are known, so a missing image is not reported again).
 */
export function checkReferences(tree: YamlMap, origins: Origins, diags: Diagnostics, incomplete: ReadonlySet<string> = new Set()): void {
  new ReferenceChecker(tree, origins, diags, incomplete).run();
}
