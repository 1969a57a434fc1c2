/** One conformance case: a compose project on disk and the options both readers get. */
export interface ConformanceCase {
  /** E.g. `example/seed`, `fixture/syntax-forms`, `generated/merge-017`. */
  readonly name: string;
  /** Folder both readers run in (relative `-f` and `--env-file` are relative to it). */
  readonly cwd: string;
  /** `-f` files in order, relative to `cwd`. The project directory is the first file's folder. */
  readonly files: readonly string[];
  readonly envFiles?: readonly string[];
  readonly profiles?: readonly string[];
  readonly projectName?: string;
  /** The whole environment of both readers (`env -i` plus these). */
  readonly env: Readonly<Record<string, string>>;
}

/** A generated project before it is written: file contents by path relative to the case folder. */
export interface GeneratedProject {
  readonly kind: string;
  readonly files: Readonly<Record<string, string>>;
  readonly composeFiles: readonly string[];
  readonly envFiles?: readonly string[];
  readonly profiles?: readonly string[];
  readonly projectName?: string;
  readonly env: Readonly<Record<string, string>>;
}
