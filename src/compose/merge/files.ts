/**
 * The compose files of one load, each read, interpolated and validated once: the `-f` files and
 * every file reached through `extends.file`.
 *
 * Reading happens first for all files reachable without interpolation (so that secret variables
 * can be classified from all of them before any value is interpolated); interpolation and
 * validation follow once the variables are known.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Diagnostics } from '../../diagnostics';
import type { FileSource, LoadedFile } from './extends';
import { servicesOf } from './extends';
import { interpolateTree, type InterpolationScope } from '../interpolate';
import { displayName, readComposeFile } from '../read';
import type { RawComposeFile } from '../interpolate';
import { validateComposeFile } from '../schema';
import { includeEntry, isRemoteInclude } from '../syntax';
import { getKey, isMap, untag, type YamlMap } from '../yaml-value';
import { enforceUnicity } from './unicity';

interface RawFile extends RawComposeFile {
  readonly absPath: string;
}

export class ComposeFileSet implements FileSource {
  private readonly raw = new Map<string, RawFile | 'missing' | 'failed'>();
  private readonly loaded = new Map<string, LoadedFile | 'failed'>();
  private readonly includedLoads = new Map<string, LoadedFile | 'failed'>();
  private scope: InterpolationScope | undefined;

  constructor(
    private readonly cwd: string,
    private readonly diags: Diagnostics,
  ) {}

  /**
   * Reads a file (once) without interpolating it. `baseDir` is where its relative paths start:
   * the project directory for `-f` files, the file's own directory for `extends` files.
   */
  read(absPath: string, baseDir: string): RawFile | 'missing' | 'failed' {
    const known = this.raw.get(absPath);
    if (known !== undefined) return known;
    let result: RawFile | 'missing' | 'failed';
    if (!fs.existsSync(absPath)) {
      result = 'missing';
    } else {
      const display = displayName(absPath, this.cwd);
      const tree = readComposeFile(absPath, display, this.diags);
      result = tree === undefined ? 'failed' : { absPath, display, tree, baseDir };
    }
    this.raw.set(absPath, result);
    return result;
  }

  /**
   * Reads the `-f` files and, transitively, the files their services extend (where the path is
   * written without variables). Records an error for a `-f` file that does not exist.
   */
  readAll(composeFiles: readonly string[], projectDir: string): RawFile[] {
    const files: RawFile[] = [];
    for (const absPath of composeFiles) {
      const file = this.read(absPath, projectDir);
      if (file === 'missing') this.diags.error(displayName(absPath, this.cwd), undefined, 'file not found; check the path given with -f or COMPOSE_FILE');
      else if (file !== 'failed') files.push(file);
    }
    const queue = [...files];
    const reached: RawFile[] = [];
    while (queue.length > 0) {
      const file = queue.shift() as RawFile;
      const targets = [...extendsFiles(file).map((t) => ({ absPath: t, baseDir: path.dirname(t) })), ...literalIncludes(file.tree, file.baseDir)];
      for (const target of targets) {
        if (this.raw.has(target.absPath)) continue;
        const next = this.read(target.absPath, target.baseDir);
        if (typeof next !== 'string') {
          reached.push(next);
          queue.push(next);
        }
      }
    }
    return [...files, ...reached];
  }

  /** Sets the variables and secret rules; files are interpolated from now on. */
  startInterpolation(scope: InterpolationScope): void {
    this.scope = scope;
  }

  /** The file read, interpolated and validated (once); see {@link FileSource}. */
  load(absPath: string): LoadedFile | 'missing' | 'failed' {
    const known = this.loaded.get(absPath);
    if (known !== undefined) return known;
    const raw = this.read(absPath, path.dirname(absPath));
    if (raw === 'missing') return raw;
    const result = raw === 'failed' || this.scope === undefined ? 'failed' : this.interpolateAndValidate(raw, this.scope);
    this.loaded.set(absPath, result);
    return result;
  }

  /**
   * A file of an included project: read, interpolated with that project's variables and validated,
   * once per file and `scopeKey` (the same file included twice with the same variables is loaded once).
   */
  loadIncluded(absPath: string, baseDir: string, scope: InterpolationScope, scopeKey: string): LoadedFile | 'missing' | 'failed' {
    const key = `${absPath}\0${scopeKey}`;
    const known = this.includedLoads.get(key);
    if (known !== undefined) return known;
    const raw = this.read(absPath, baseDir);
    if (raw === 'missing') return raw;
    const result = raw === 'failed' ? 'failed' : { ...this.interpolateAndValidate(raw, scope), baseDir };
    this.includedLoads.set(key, result);
    return result;
  }

  private interpolateAndValidate(raw: RawFile, scope: InterpolationScope): LoadedFile {
    const interpolated = interpolateTree(raw.tree, raw.display, scope, this.diags);
    // Duplicates in a service's lists are dropped before validation, as compose does.
    const tree = enforceUnicity(interpolated.tree);
    validateComposeFile(tree, raw.display, this.diags, interpolated.failedPaths);
    return { absPath: raw.absPath, display: raw.display, tree, baseDir: raw.baseDir };
  }
}

/** The included files of a raw file whose paths are written without variables (relative to its project directory). */
function literalIncludes(tree: YamlMap, baseDir: string): { absPath: string; baseDir: string }[] {
  const include = untag(getKey(tree, 'include') ?? null);
  if (!Array.isArray(include)) return [];
  return include.flatMap((item) => {
    const entry = includeEntry(untag(item));
    if (entry === undefined || entry.paths.some((p) => p.includes('$') || isRemoteInclude(p))) return [];
    const files = entry.paths.map((p) => path.resolve(baseDir, p));
    const dir = entry.projectDirectory !== undefined && !entry.projectDirectory.includes('$') ? path.resolve(baseDir, entry.projectDirectory) : path.dirname(files[0] ?? baseDir);
    return files.map((absPath) => ({ absPath, baseDir: dir }));
  });
}

/** Absolute paths of the files a raw file's services extend, where written without variables. */
function extendsFiles(file: RawFile): string[] {
  const targets: string[] = [];
  for (const service of Object.values(servicesOf(file.tree))) {
    const svc = untag(service);
    const ext = isMap(svc) ? untag(getKey(svc, 'extends') ?? null) : null;
    const target = isMap(ext) ? untag(getKey(ext, 'file') ?? null) : null;
    if (typeof target === 'string' && !target.includes('$')) targets.push(path.resolve(path.dirname(file.absPath), target));
  }
  return targets;
}
