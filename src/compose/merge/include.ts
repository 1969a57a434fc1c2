/**
 * The top-level `include:` (Compose Specification; compose-go's loader/include.go): each entry
 * is a project of its own, loaded and then copied into the including file.
 *
 * - `path` (a string or a list): the first file is the included project's main file, the others
 *   override it as `-f` files do; relative paths start at the including project's directory.
 * - `project_directory` (default: the directory of the first file) is where the included project's
 *   relative paths (bind sources, build contexts, `env_file`, secret and config files) resolve.
 * - Variables: the included project's `.env` (or the entry's `env_file` files, relative to the
 *   including project's directory, which must exist) supplies defaults; the including project's
 *   variables win over them.
 * - Services, volumes, networks, secrets and configs are copied into the including file; one
 *   already defined there (by the file itself or by an earlier include) with another definition is
 *   an error naming both files; an identical one is accepted (diamond includes). The included
 *   files' other top-level keys (`name`, `x-*`) are not copied, as in compose.
 * - Included files may include others; a file that includes itself through a chain is an error.
 */
import * as path from 'path';
import type { Diagnostics } from '../../diagnostics';
import { show } from '../../diagnostics';
import { assembleProject, Origins, type IncludeHook } from './assemble';
import { ExtendsResolver, withAbsolutePaths, type LoadedFile } from './extends';
import type { ComposeFileSet } from './files';
import { hostPath } from '../host-paths';
import { includeEntry, isRemoteInclude } from '../syntax';
import type { VariableLookup, SecretVariableRules } from '../interpolate';
import { displayName } from '../read';
import { MapLookup, loadVariables, type EnvFileRef } from '../interpolate';
import { OverrideTag, entriesOf, getKey, indexPath, isMap, mapOf, setKey, stripTags, untag, type YamlMap, type YamlValue } from '../yaml-value';

const SECTIONS = ['services', 'volumes', 'networks', 'secrets', 'configs'] as const;

/** JSON with sorted keys: two definitions are the same resource when these are equal. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** A top-level secret or config of an included project with its `file:` made absolute. */
function withAbsoluteFile(def: YamlValue, projectDir: string): YamlValue {
  const d = untag(def);
  if (!isMap(d)) return d;
  const file = untag(getKey(d, 'file') ?? null);
  return typeof file === 'string' ? mapOf(entriesOf(d).map(([k, x]) => [k, k === 'file' ? hostPath(file, projectDir) : x])) : d;
}

/** A copy of a section of the tree (so that the loaded file's tree stays as it was), tags kept. */
function ownSection(tree: YamlMap, section: string): YamlMap {
  const written = getKey(tree, section);
  const copy = mapOf(isMap(untag(written ?? null)) ? entriesOf(untag(written ?? null) as YamlMap) : []);
  setKey(tree, section, written instanceof OverrideTag ? new OverrideTag(copy) : copy);
  return copy;
}

export class Includer {
  /** The included files, as named in messages, in the order they were loaded. */
  readonly files: string[] = [];
  /** The variables of each service that comes from an included project (its own `.env` as defaults). */
  readonly serviceVariables = new Map<string, VariableLookup>();

  constructor(
    private readonly fileSet: ComposeFileSet,
    private readonly secrets: SecretVariableRules,
    private readonly cwd: string,
    private readonly diags: Diagnostics,
  ) {}

  /** The hook for the files of a project whose variables are `variables`; `chain`: the files that include it. */
  hook(variables: ReadonlyMap<string, string>, chain: readonly string[]): IncludeHook {
    return (file, tree, origins) => this.apply(file, tree, origins, variables, [...chain, file.absPath]);
  }

  private display(absPath: string): string {
    return displayName(absPath, this.cwd);
  }

  private apply(file: LoadedFile, tree: YamlMap, origins: Origins, variables: ReadonlyMap<string, string>, chain: readonly string[]): void {
    const include = untag(getKey(tree, 'include') ?? null);
    delete tree.include;
    if (!Array.isArray(include)) return;
    const definedBy = new Map<string, string>();
    for (const section of SECTIONS) {
      const entries = untag(getKey(tree, section) ?? null);
      if (isMap(entries)) for (const name of Object.keys(entries)) definedBy.set(`${section}.${name}`, file.display);
    }
    include.forEach((item, i) => this.include(file, tree, origins, variables, chain, indexPath('include', i), item, definedBy));
  }

  private include(
    file: LoadedFile,
    tree: YamlMap,
    origins: Origins,
    variables: ReadonlyMap<string, string>,
    chain: readonly string[],
    at: string,
    item: YamlValue,
    definedBy: Map<string, string>,
  ): void {
    const entry = includeEntry(item);
    // Entries the schema refused (no path, a remote path) were reported there.
    if (entry === undefined || entry.paths.length === 0 || entry.paths.some(isRemoteInclude)) return;
    const files = entry.paths.map((p) => path.resolve(file.baseDir, p));
    const projectDir = entry.projectDirectory !== undefined ? path.resolve(file.baseDir, entry.projectDirectory) : path.dirname(files[0]);
    if (chain.includes(files[0])) {
      const cycle = [...chain, files[0]].map((f) => this.display(f)).join(' -> ');
      this.diags.error(file.display, at, `include cycle ${cycle}; remove one of these includes`);
      return;
    }

    // The included project's variables: its env files as defaults, the including project's variables winning.
    const envFiles: EnvFileRef[] = entry.envFiles
      ? entry.envFiles.map((f) => ({ absPath: path.resolve(file.baseDir, f), display: this.display(path.resolve(file.baseDir, f)), required: true }))
      : [{ absPath: path.join(projectDir, '.env'), display: this.display(path.join(projectDir, '.env')), required: false }];
    const own = loadVariables(envFiles, variables, this.diags);
    const lookup = new MapLookup(own);
    this.secrets.addVariables(lookup);
    const scope = { variables: lookup, secrets: this.secrets };
    const scopeKey = canonical([...own].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

    const loaded: LoadedFile[] = [];
    files.forEach((absPath, j) => {
      const result = this.fileSet.loadIncluded(absPath, projectDir, scope, scopeKey);
      if (result === 'missing') {
        const where = entry.paths.length === 1 && typeof untag(item) === 'string' ? at : `${at}.path${Array.isArray(untag(getKey(untag(item) as YamlMap, 'path') ?? null)) ? `[${j}]` : ''}`;
        this.diags.error(file.display, where, `file not found ${show(entry.paths[j])}; expected a compose file, relative to ${path.relative(this.cwd, file.baseDir) || '.'}`);
      } else if (result !== 'failed') loaded.push(result);
    });
    if (loaded.length !== files.length) return;
    this.files.push(...loaded.map((f) => f.display).filter((f) => !this.files.includes(f)));

    const resolver = new ExtendsResolver({ load: (p) => this.fileSet.loadIncluded(p, path.dirname(p), scope, scopeKey) }, this.diags);
    const inner = assembleProject(loaded, resolver, this.hook(own, chain));
    for (const section of SECTIONS) {
      const entries = untag(getKey(inner.tree, section) ?? null);
      if (!isMap(entries)) continue;
      const target = ownSection(tree, section);
      for (const [name, def] of entriesOf(entries)) {
        const key = `${section}.${name}`;
        const imported = stripTags(
          section === 'services' && isMap(untag(def))
            ? withAbsolutePaths(untag(def) as YamlMap, projectDir)
            : section === 'secrets' || section === 'configs'
              ? withAbsoluteFile(def, projectDir)
              : def,
        );
        const from = inner.origins.fileOf(key);
        const existing = getKey(target, name);
        if (existing !== undefined) {
          if (canonical(stripTags(existing)) === canonical(imported)) continue;
          this.diags.error(
            file.display,
            at,
            `${key} is defined in ${definedBy.get(key) ?? file.display} and again, differently, in ${from}; a resource may be defined once (identical definitions are accepted): rename one, or change it in an override file listed with it in "path"`,
          );
          continue;
        }
        setKey(target, name, imported);
        definedBy.set(key, from);
        origins.copyFrom(inner.origins, key);
        if (section === 'services' && !this.serviceVariables.has(name)) this.serviceVariables.set(name, lookup);
      }
    }
  }
}
