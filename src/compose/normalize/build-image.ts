/**
 * The image a `build:` service builds, as far as its Dockerfile and build context tell: the
 * Dockerfile (`build.dockerfile`, relative to the context, or `build.dockerfile_inline`) is read
 * with {@link readDockerfile}; `.dockerignore` (`<Dockerfile>.dockerignore` beside the Dockerfile
 * first, as BuildKit does, else the context's) with `@balena/dockerignore`, Docker's matcher rules.
 *
 * The questions the model asks about it: does the image hold a context path at a container path
 * (then a bind mount of it is not needed), and does the image have content under a path (then a
 * volume mounted there must be filled from the image, as Docker fills an empty volume).
 */
import ignore from '@balena/dockerignore';
import * as fs from 'fs';
import * as path from 'path';
import { show } from '../../diagnostics';
import { isRemoteContext } from '../host-paths';
import { readDockerfile } from '../read';
import type { BuiltImage } from '../types';

/** Where a build problem is reported. */
export interface BuildSite {
  readonly file: string;
  /** `services.NAME.build`. */
  readonly at: string;
  /** The project directory, to name files relative to it. */
  readonly projectDir: string;
  readonly warn: (file: string, path: string, message: string) => void;
  readonly error: (file: string, path: string, message: string) => void;
}

export interface BuildInput {
  /** Absolute context folder (or a URL). */
  readonly context: string;
  readonly dockerfile?: string;
  readonly dockerfileInline?: string;
  readonly target?: string;
  readonly args: Readonly<Record<string, string>>;
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The `.dockerignore` lines that are patterns (comments and blank lines dropped). */
export function dockerignorePatterns(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/** Reads the Dockerfile and `.dockerignore` of a build; undefined (with a warning or an error) when they cannot be read. */
export function readBuildImage(b: BuildInput, site: BuildSite): BuiltImage | undefined {
  if (isRemoteContext(b.context)) return undefined;
  let text: string | undefined;
  let dockerfile: string;
  let dockerfilePath: string | undefined;
  if (b.dockerfileInline !== undefined) {
    text = b.dockerfileInline;
    dockerfile = `${site.at}.dockerfile_inline`;
  } else {
    const candidates = b.dockerfile !== undefined ? [b.dockerfile] : ['Dockerfile', 'dockerfile'];
    dockerfilePath = candidates.map((c) => path.resolve(b.context, c)).find((f) => fs.existsSync(f)) ?? path.resolve(b.context, candidates[0]);
    dockerfile = path.relative(site.projectDir, dockerfilePath).split(path.sep).join('/');
    text = readText(dockerfilePath);
  }
  const where = `${site.at}${b.dockerfileInline !== undefined ? '.dockerfile_inline' : b.dockerfile !== undefined ? '.dockerfile' : ''}`;
  if (text === undefined) {
    site.warn(
      site.file,
      where,
      `cannot read the Dockerfile ${show(dockerfile)}; bind mounts over the image's files, volumes over its content and its USER are decided without it: synth where the build context is checked out`,
    );
    return undefined;
  }
  const read = readDockerfile({ text, args: b.args, ...(b.target !== undefined ? { target: b.target } : {}) });
  if ('error' in read) {
    if (b.target !== undefined && read.error.startsWith('has no stage')) {
      site.error(site.file, `${site.at}.target`, `the Dockerfile ${show(dockerfile)} ${read.error}; set build.target to one of them`);
    } else site.warn(site.file, where, `the Dockerfile ${show(dockerfile)} ${read.error}; it is not used to decide mounts or the user`);
    return undefined;
  }
  const ignoreText = (dockerfilePath !== undefined ? readText(`${dockerfilePath}.dockerignore`) : undefined) ?? readText(path.join(b.context, '.dockerignore'));
  return { ...read.facts, dockerfile, context: b.context, ignore: ignoreText === undefined ? [] : dockerignorePatterns(ignoreText) };
}

/** A context path (relative, `/`-separated) that `.dockerignore` leaves out of the build. */
export function isIgnored(image: BuiltImage, rel: string): boolean {
  if (rel === '.' || rel === '' || image.ignore.length === 0) return false;
  return ignore().add([...image.ignore]).ignores(rel);
}

const GLOB = /[*?[]/;

/** Go's filepath.Match for one path segment (`*`, `?`, `[…]`, `\` escapes), as Docker matches COPY sources. */
function segmentMatcher(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += `[${pattern.slice(i + 1, end).replace(/^\^/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (c === '\\' && i + 1 < pattern.length) re += `\\${pattern[++i]}`;
    else re += c.replace(/[.+^${}()|\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** The context paths a COPY source pattern names (globs expanded against the context folder). */
function expandSource(context: string, pattern: string): string[] {
  if (!GLOB.test(pattern)) return [pattern];
  let found = [''];
  for (const seg of pattern.split('/')) {
    const next: string[] = [];
    for (const dir of found) {
      if (!GLOB.test(seg)) next.push(dir === '' ? seg : `${dir}/${seg}`);
      else {
        let entries: string[] = [];
        try {
          entries = fs.readdirSync(path.join(context, dir)).sort();
        } catch {
          entries = [];
        }
        const m = segmentMatcher(seg);
        for (const e of entries) if (m.test(e)) next.push(dir === '' ? e : `${dir}/${e}`);
      }
    }
    found = next;
  }
  return found;
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** A context path copied into the image: a folder's contents land in `dest`, a file becomes `dest`. */
interface Placement {
  readonly source: string;
  readonly isDir: boolean;
  readonly dest: string;
}

function placements(image: BuiltImage): Placement[] {
  const out: Placement[] = [];
  for (const c of image.copies) {
    if (c.from !== 'context') continue;
    for (const pattern of c.sources) {
      for (const source of expandSource(image.context, pattern)) {
        const isDir = source === '.' || isDirectory(path.join(image.context, source));
        const dest = isDir || !c.destIsDir ? c.dest : path.posix.join(c.dest, path.posix.basename(source));
        out.push({ source, isDir, dest });
      }
    }
  }
  return out;
}

/** `child` equals `parent` or lies inside it (both `/`-separated, relative or absolute alike). */
function within(child: string, parent: string): boolean {
  if (parent === '.' || parent === '/') return true;
  return child === parent || child.startsWith(`${parent}/`);
}

function relUnder(child: string, parent: string): string {
  return parent === '.' ? child : path.posix.relative(parent, child);
}

/**
 * True when the image holds the context path `rel` (`.` for the whole context) at `target`: the
 * Dockerfile copies it there, or copies something inside it to the matching place under `target`,
 * and `.dockerignore` does not leave it out.
 */
export function imageHoldsAt(image: BuiltImage, rel: string, target: string): boolean {
  const t = path.posix.normalize(target).replace(/(.)\/+$/, '$1');
  for (const p of placements(image)) {
    if (within(rel, p.source) && (p.isDir || rel === p.source)) {
      const landing = p.isDir ? path.posix.join(p.dest, relUnder(rel, p.source)) : p.dest;
      if (landing === t && !isIgnored(image, rel)) return true;
    } else if (within(p.source, rel) && rel !== p.source) {
      const expected = path.posix.join(t, relUnder(p.source, rel));
      if (p.dest === expected && !isIgnored(image, p.source)) return true;
    }
  }
  return false;
}

/**
 * Whether the image has files at or under `target`: `known` when a COPY/ADD writes there (or
 * copies a context folder that holds it), `possible` when it lies in the WORKDIR or in a folder a
 * COPY filled (a RUN step such as `npm ci` may have written there), else `none`.
 */
export function imageContentAt(image: BuiltImage, target: string): 'known' | 'possible' | 'none' {
  const t = path.posix.normalize(target).replace(/(.)\/+$/, '$1');
  for (const c of image.copies) if (within(c.dest, t)) return 'known';
  for (const p of placements(image)) {
    if (p.isDir && within(t, p.dest)) {
      const rel = path.posix.join(p.source, path.posix.relative(p.dest, t));
      if (fs.existsSync(path.join(image.context, rel)) && !isIgnored(image, rel)) return 'known';
    }
  }
  if (image.workdir !== undefined && image.workdir !== '/' && within(t, image.workdir)) return 'possible';
  if (image.copies.some((c) => c.destIsDir && c.dest !== '/' && within(t, c.dest))) return 'possible';
  return 'none';
}

/** Base images without a shell (and so without `sh` and `cp` for filling a volume). */
export function lacksShell(baseImage: string): boolean {
  const b = baseImage.toLowerCase();
  if (b === 'scratch') return true;
  return /(^|\/)distroless\//.test(b) && !/:debug/.test(b);
}
