/**
 * Assembles the project tree: every file's services with `extends` resolved, merged file after
 * file with the compose merge rules, and a record of which file wrote what (for messages and
 * `Source.file` of the normalized project).
 */
import type { ExtendsResolver, LoadedFile } from './extends';
import { mergeCompose } from './merge';
import { OverrideTag, entriesOf, getKey, isMap, isTagFree, mapOf, setKey, untag, withoutTags, type YamlMap } from '../yaml-value';

/** Which file wrote each part of the merged tree, by dotted path. */
export class Origins {
  private readonly files = new Map<string, string>();
  /** Answers of fileOf for paths and the enclosing paths it walked; emptied by every change. */
  private readonly answers = new Map<string, string>();
  /**
   * While every file recorded is the fallback (a project of one file), fileOf is the fallback for
   * every path: the records wait here, in order, and go to `files` only when another file is
   * recorded. Undefined once they have. A record is a path and whether it was setIfAbsent, or a
   * prefix and the keys {@link setEach} set under it (their paths are built only if they go to
   * `files`, which a project of one file never needs).
   */
  private pending: PendingRecord[] | undefined = [];

  constructor(private readonly fallback: string) {}

  set(path: string, file: string): void {
    if (this.wait(path, file, false)) return;
    this.answers.clear();
    this.files.set(path, file);
  }

  setIfAbsent(path: string, file: string): void {
    if (this.wait(path, file, true)) return;
    this.answers.clear();
    if (!this.files.has(path)) this.files.set(path, file);
  }

  /** `set(prefix + key, file)` for every entry of `files`, in their order. */
  setEach(prefix: string, files: ReadonlyMap<string, string>): void {
    if (this.pending !== undefined) {
      let allFallback = true;
      // forEach, not for-of: no iterator result object per entry until the code is optimized.
      files.forEach((file) => {
        if (file !== this.fallback) allFallback = false;
      });
      if (allFallback) {
        this.pending.push({ prefix, keys: [...files.keys()] });
        return;
      }
    }
    files.forEach((file, key) => this.set(`${prefix}${key}`, file));
  }

  /** Copies what `other` records for `path` and everything under it (`path.x`, `path[0]`). */
  copyFrom(other: Origins, path: string): void {
    this.record();
    other.record();
    this.answers.clear();
    this.files.set(path, other.fileOf(path));
    for (const [p, file] of other.files) if (p.startsWith(`${path}.`) || p.startsWith(`${path}[`)) this.files.set(p, file);
  }

  /** Keeps a record of the fallback file in `pending` (true), or records what waits there (false). */
  private wait(path: string, file: string, ifAbsent: boolean): boolean {
    if (this.pending === undefined) return false;
    if (file === this.fallback) {
      this.pending.push({ path, ifAbsent });
      return true;
    }
    this.record();
    return false;
  }

  /** Moves the waiting records to `files`, as set and setIfAbsent would have made them. */
  private record(): void {
    const pending = this.pending;
    if (pending === undefined) return;
    this.pending = undefined;
    for (const r of pending) {
      if ('keys' in r) for (const key of r.keys) this.files.set(`${r.prefix}${key}`, this.fallback);
      else if (!r.ifAbsent || !this.files.has(r.path)) this.files.set(r.path, this.fallback);
    }
    this.answers.clear();
  }

  /** The file that wrote `path`, or else the closest enclosing path (`services.web.ports[0]` → `services.web.ports` …). */
  fileOf(path: string): string {
    if (this.pending !== undefined) return this.fallback;
    const walked: string[] = [];
    let p = path;
    let file: string | undefined;
    for (;;) {
      file = this.files.get(p) ?? this.answers.get(p);
      if (file !== undefined) break;
      walked.push(p);
      const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      if (cut <= 0) {
        file = this.fallback;
        break;
      }
      p = p.slice(0, cut);
    }
    for (const w of walked) this.answers.set(w, file);
    return file;
  }
}

type PendingRecord = { readonly path: string; readonly ifAbsent: boolean } | { readonly prefix: string; readonly keys: readonly string[] };

const RESOURCE_SECTIONS = ['volumes', 'networks', 'secrets', 'configs'];

/**
 * Applies a file's top-level `include:` to its tree (services already resolved): imports the
 * included projects' resources and removes the key. See include.ts.
 */
export type IncludeHook = (file: LoadedFile, tree: YamlMap, origins: Origins) => void;

export interface AssembledProject {
  /** The merged tree: no `extends`, no `!reset` / `!override` tags. */
  readonly tree: YamlMap;
  readonly origins: Origins;
}

/** Merges the loaded `-f` files in order (the first file is the base), each with its includes applied. */
export function assembleProject(files: readonly LoadedFile[], resolver: ExtendsResolver, include?: IncludeHook): AssembledProject {
  const origins = new Origins(files[0]?.display ?? '');
  let merged: YamlMap = {};
  files.forEach((file, index) => {
    const services = resolver.resolveFile(file);
    const tree = mapOf(entriesOf(file.tree));
    const written = getKey(file.tree, 'services') ?? null;
    if (isMap(untag(written))) {
      const resolvedServices = mapOf([...services].map(([name, resolved]) => [name, resolved.service]));
      setKey(tree, 'services', written instanceof OverrideTag ? new OverrideTag(resolvedServices) : resolvedServices);
    }
    include?.(file, tree, origins);
    // A tag-free file stays tag-free here: its services resolved by the merge (which strips tags)
    // or as written, and what its includes import stripped of tags.
    merged = index === 0 ? (isTagFree(file.tree) ? tree : (withoutTags(tree) as YamlMap)) : mergeCompose(merged, tree);
    for (const [name, resolved] of services) {
      origins.setIfAbsent(`services.${name}`, file.display);
      origins.setEach(`services.${name}.`, resolved.origins);
    }
    for (const section of RESOURCE_SECTIONS) {
      const entries = untag(getKey(file.tree, section) ?? null);
      if (isMap(entries)) for (const name of Object.keys(entries)) origins.setIfAbsent(`${section}.${name}`, file.display);
    }
    for (const key of Object.keys(file.tree)) if (!RESOURCE_SECTIONS.includes(key) && key !== 'services') origins.set(key, file.display);
  });
  return { tree: merged, origins };
}
