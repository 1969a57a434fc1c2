/**
 * What a Dockerfile tells about the image it builds, read with a Dockerfile parser
 * (`dockerfile-ast`) and Docker's stage rules:
 *
 * - the built stage is `build.target` or the last stage; `FROM <stage>` inherits that stage's
 *   WORKDIR, USER, ENV, VOLUMEs and content;
 * - ARGs before the first FROM are visible in FROM lines only (and in a stage that declares them
 *   again with `ARG NAME`); a build arg from compose replaces an ARG's default; ENV wins over an ARG
 *   of the same name; `$V`, `${V}`, `${V:-w}`, `${V-w}`, `${V:+w}`, `${V+w}` are expanded in FROM,
 *   WORKDIR, COPY/ADD (words and `--chown`/`--from`), USER, VOLUME, ENV and ARG defaults; an unset
 *   variable is empty, as in Docker;
 * - a relative WORKDIR or COPY destination is taken from the current WORKDIR; before any WORKDIR
 *   that is `/` (Docker's default: a base image's own WORKDIR is not known here);
 * - `COPY --from=<stage or index>` copies from a stage, `--from=<image>` from an image, `ADD <url>`
 *   from the network, `ADD` of a local tar archive unpacks it, a heredoc writes inline text: all of
 *   them add content at the destination but none of it comes from the context as it is.
 *
 * Pure: it gets the Dockerfile's text; reading files is the caller's business (build-image.ts).
 */
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import * as path from 'path';

/** Content the image gets at `dest`. */
export interface ImageCopy {
  /** Absolute path in the image. */
  readonly dest: string;
  /** The destination is a folder (written with a trailing `/`, several sources, or `.`). */
  readonly destIsDir: boolean;
  /** Where the content comes from. */
  readonly from: 'context' | 'stage' | 'image' | 'url' | 'archive' | 'heredoc';
  /** For `context`: the sources, relative to the context and normalized (`.`, `src`, `package*.json`). */
  readonly sources: readonly string[];
  /** `--chown` as written, after expansion. */
  readonly chown?: string;
}

export interface DockerfileFacts {
  /** Name (or index) of the stage that is built. */
  readonly stage: string;
  /** The image the built stage starts from, through `FROM <stage>` links (`scratch` included). */
  readonly baseImage: string;
  /** Effective WORKDIR; undefined when the Dockerfile sets none (the base image's applies). */
  readonly workdir?: string;
  /** Last effective USER (`1000:1000`, `node`); undefined when the Dockerfile sets none. */
  readonly user?: string;
  /** `VOLUME` paths of the built stage and the stages it inherits, in order. */
  readonly volumes: readonly string[];
  /** COPY/ADD of the built stage and the stages it inherits, in order. */
  readonly copies: readonly ImageCopy[];
}

export interface DockerfileInput {
  readonly text: string;
  /** compose `build.args` (they replace ARG defaults). */
  readonly args: Readonly<Record<string, string>>;
  /** compose `build.target`. */
  readonly target?: string;
}

interface StageState {
  readonly name: string;
  readonly baseImage: string;
  workdir?: string;
  user?: string;
  env: Map<string, string>;
  volumes: string[];
  copies: ImageCopy[];
}

const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst)$/i;
const URL = /^[a-z][a-z0-9+.-]*:\/\/|^git@/i;

/**
 * Expands variables and removes quotes in one Dockerfile word, the way Docker's shell lexer does:
 * `'…'` is literal, `"…"` expands variables, the escape character makes the next character literal.
 * `quotes: false` (JSON-form words) keeps quote characters as they are.
 */
export function expandWord(word: string, vars: ReadonlyMap<string, string>, escape = '\\', quotes = true): string {
  let out = '';
  let i = 0;
  let inDouble = false;
  while (i < word.length) {
    const c = word[i];
    if (c === escape && i + 1 < word.length && (quotes || word[i + 1] === '$')) {
      out += word[i + 1];
      i += 2;
    } else if (quotes && c === "'" && !inDouble) {
      const end = word.indexOf("'", i + 1);
      const stop = end < 0 ? word.length : end;
      out += word.slice(i + 1, stop);
      i = stop + 1;
    } else if (quotes && c === '"') {
      inDouble = !inDouble;
      i++;
    } else if (c === '$') {
      const [value, next] = expandVariable(word, i, vars, escape);
      out += value;
      i = next;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** The value of the `$…` reference at `start` and the index after it. */
function expandVariable(word: string, start: number, vars: ReadonlyMap<string, string>, escape: string): [string, number] {
  const simple = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(word.slice(start));
  if (simple) return [vars.get(simple[1]) ?? '', start + simple[0].length];
  if (word[start + 1] !== '{') return ['$', start + 1];
  // Find the matching brace (a default may hold further ${…}).
  let depth = 0;
  let end = start + 1;
  for (; end < word.length; end++) {
    if (word[end] === '{') depth++;
    else if (word[end] === '}' && --depth === 0) break;
  }
  const inner = word.slice(start + 2, end);
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+?])(.*))?$/s.exec(inner);
  if (!m) return ['', end + 1];
  const [, name, op, rest] = m;
  const value = vars.get(name);
  const set = value !== undefined;
  const nonEmpty = set && value !== '';
  const alt = () => expandWord(rest ?? '', vars, escape, false);
  switch (op) {
    case ':-':
      return [nonEmpty ? value! : alt(), end + 1];
    case '-':
      return [set ? value! : alt(), end + 1];
    case ':+':
      return [nonEmpty ? alt() : '', end + 1];
    case '+':
      return [set ? alt() : '', end + 1];
    default:
      return [value ?? '', end + 1];
  }
}

/** Absolute image path of `p` written in a stage whose WORKDIR is `workdir`. */
function absolute(p: string, workdir: string | undefined): string {
  const abs = path.posix.resolve(workdir ?? '/', p);
  return abs;
}

function flagValue(i: Instruction, name: string): string | undefined {
  const flags = (i as unknown as { getFlags?: () => { getName(): string; getValue(): string | null }[] }).getFlags?.() ?? [];
  const f = flags.find((x) => x.getName() === name);
  return f?.getValue() ?? undefined;
}

/** The words of an instruction: its JSON array when written so, else its whitespace-separated words (heredoc bodies left out). */
function words(i: Instruction): { words: string[]; json: boolean } {
  const content = (i.getArgumentsContent() ?? '').trim();
  if (content.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(content);
      if (Array.isArray(parsed) && parsed.every((w) => typeof w === 'string')) return { words: parsed as string[], json: true };
    } catch {
      // Not JSON: Docker reads it as words.
    }
  }
  const firstLine = i.getRange().start.line;
  const args = i.getArguments();
  const heredoc = args.some((a) => a.getValue().startsWith('<<'));
  return { words: args.filter((a) => !heredoc || a.getRange().start.line === firstLine).map((a) => a.getValue()), json: false };
}

/** Reads the facts of the stage that is built; `{ error }` when the Dockerfile has no such stage. */
export function readDockerfile(input: DockerfileInput): { facts: DockerfileFacts } | { error: string } {
  const df = DockerfileParser.parse(input.text);
  const escape = df.getEscapeCharacter();
  const buildArgs = new Map(Object.entries(input.args));
  const globals = new Map<string, string>();
  const stages: StageState[] = [];
  let stage: StageState | undefined;
  let vars = new Map<string, string>();
  const expand = (w: string, json = false) => expandWord(w, vars, escape, !json);

  for (const i of df.getInstructions()) {
    const keyword = i.getKeyword();
    if (keyword === 'ARG') {
      for (const p of (i as unknown as { getProperties(): { getName(): string; getValue(): string | null }[] }).getProperties()) {
        const name = p.getName();
        const def = p.getValue();
        const scope = stage ? vars : globals;
        const value = buildArgs.get(name) ?? (def !== null ? expandWord(def, stage ? vars : globals, escape, false) : stage ? globals.get(name) : undefined);
        // ENV of the same name wins over an ARG.
        if (value !== undefined && !(stage && stage.env.has(name))) scope.set(name, value);
      }
      continue;
    }
    if (keyword === 'FROM') {
      const w = words(i).words.map((x) => expandWord(x, globals, escape));
      const image = w[0] ?? 'scratch';
      const asIndex = w.findIndex((x) => x.toLowerCase() === 'as');
      const name = asIndex >= 0 && w[asIndex + 1] ? w[asIndex + 1] : String(stages.length);
      const parent = stages.find((s) => s.name.toLowerCase() === image.toLowerCase());
      stage = parent
        ? { name, baseImage: parent.baseImage, workdir: parent.workdir, user: parent.user, env: new Map(parent.env), volumes: [...parent.volumes], copies: [...parent.copies] }
        : { name, baseImage: image, env: new Map(), volumes: [], copies: [] };
      stages.push(stage);
      vars = new Map(stage.env);
      continue;
    }
    if (!stage) continue;
    switch (keyword) {
      case 'ENV':
        for (const p of (i as unknown as { getProperties(): { getName(): string; getValue(): string | null }[] }).getProperties()) {
          const value = expandWord(p.getValue() ?? '', vars, escape, false);
          stage.env.set(p.getName(), value);
          vars.set(p.getName(), value);
        }
        break;
      case 'WORKDIR': {
        const w = words(i).words.map((x) => expand(x));
        if (w[0] !== undefined) stage.workdir = absolute(w[0], stage.workdir);
        break;
      }
      case 'USER': {
        const w = words(i).words.map((x) => expand(x));
        if (w[0] !== undefined) stage.user = w[0];
        break;
      }
      case 'VOLUME': {
        const { words: w, json } = words(i);
        for (const v of w.map((x) => expand(x, json))) if (v !== '') stage.volumes.push(absolute(v, stage.workdir));
        break;
      }
      case 'COPY':
      case 'ADD': {
        const copy = readCopy(i, keyword, stage, (w, json) => expand(w, json), stages);
        if (copy) stage.copies.push(copy);
        break;
      }
      default:
        break;
    }
  }
  if (stages.length === 0) return { error: 'has no FROM instruction' };
  const built = input.target === undefined ? stages[stages.length - 1] : stages.find((s) => s.name.toLowerCase() === input.target!.toLowerCase());
  if (!built) return { error: `has no stage ${JSON.stringify(input.target)}; its stages are ${stages.map((s) => JSON.stringify(s.name)).join(', ')}` };
  return {
    facts: {
      stage: built.name,
      baseImage: built.baseImage,
      ...(built.workdir !== undefined ? { workdir: built.workdir } : {}),
      ...(built.user !== undefined ? { user: built.user } : {}),
      volumes: [...new Set(built.volumes)],
      copies: built.copies,
    },
  };
}

function readCopy(i: Instruction, keyword: string, stage: StageState, expand: (w: string, json: boolean) => string, stages: readonly StageState[]): ImageCopy | undefined {
  const { words: raw, json } = words(i);
  const w = raw.map((x) => (x.startsWith('<<') ? x : expand(x, json)));
  if (w.length < 2) return undefined;
  const destWord = w[w.length - 1];
  const sources = w.slice(0, -1);
  const dest = absolute(destWord, stage.workdir);
  const destIsDir = destWord.endsWith('/') || destWord === '.' || sources.length > 1;
  const chownFlag = flagValue(i, 'chown');
  const chown = chownFlag === undefined ? undefined : expand(chownFlag, false);
  const fromFlag = flagValue(i, 'from');
  const base = { dest, destIsDir, ...(chown !== undefined ? { chown } : {}) };
  if (fromFlag !== undefined) {
    const from = expand(fromFlag, false);
    const isStage = stages.some((s) => s.name.toLowerCase() === from.toLowerCase()) || (/^[0-9]+$/.test(from) && Number(from) < stages.length);
    return { ...base, from: isStage ? 'stage' : 'image', sources: [] };
  }
  if (sources.every((s) => s.startsWith('<<'))) return { ...base, from: 'heredoc', sources: [] };
  if (keyword === 'ADD' && sources.some((s) => URL.test(s))) return { ...base, from: 'url', sources: [] };
  if (keyword === 'ADD' && sources.some((s) => ARCHIVE.test(s))) return { ...base, from: 'archive', sources: [] };
  return { ...base, from: 'context', sources: sources.map((s) => path.posix.normalize(s.replace(/^\/+/, '')).replace(/\/+$/, '') || '.') };
}
