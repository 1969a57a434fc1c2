/**
 * The compose front end's loader: compose files in, a normalized {@link ComposeProject} out.
 *
 * read (each file, bounded) → classify secret variables → interpolate and validate each file →
 * resolve `extends` → apply `include` → merge the files → check references → project name and profiles →
 * normalize. It knows compose, not Kubernetes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Diagnostics, UserError, type Diagnostic } from '../diagnostics';
import { assembleProject, ExtendsResolver, servicesOf, type LoadedFile, ComposeFileSet, Includer, activeServices, enabledProfiles, serviceProfiles, checkReferences } from './merge';
import { BoundedDiagnostics, displayName, locateComposeFiles } from './read';
import { normalizeProject } from './normalize';
import { resolveProjectName } from './project-name';
import { SecretVariableRules, declaredSecretVariables, MapLookup, environmentMap, loadVariables, type EnvFileRef } from './interpolate';
import type { ComposeProject, LoadOptions, ProjectInputs } from './types';
import { getKey, isMap, untag, type YamlMap } from './yaml-value';


/** The project's env files: `--env-file` files (required, relative to `cwd`), else an optional `.env` in `dir`. */
function projectEnvFiles(options: LoadOptions, cwd: string, dir: string): EnvFileRef[] {
  if (options.envFiles !== undefined && options.envFiles.length > 0) {
    return options.envFiles.map((f) => {
      const absPath = path.resolve(cwd, f);
      return { absPath, display: displayName(absPath, cwd), required: true };
    });
  }
  const absPath = path.join(dir, '.env');
  return [{ absPath, display: displayName(absPath, cwd), required: false }];
}

/** What the front end hands on: the project (if one could be made), every diagnostic, and what was read. */
export interface FrontEndResult {
  /** The normalized project; undefined when the input is unusable (no file, a file that does not parse). */
  readonly project?: ComposeProject;
  /** Every error and warning, in the order found. */
  readonly diagnostics: readonly Diagnostic[];
  /** Services whose definition is incomplete (their `extends` failed): no later stage may judge them. */
  readonly incomplete: ReadonlySet<string>;
  /** False when the project name is invalid: the model cannot label anything. */
  readonly modelReady: boolean;
  readonly inputs?: ProjectInputs;
}

interface LoadState {
  project?: ComposeProject;
  incomplete: Set<string>;
  modelReady: boolean;
  inputs?: ProjectInputs;
  /** Paths of services left out by profiles (nothing of them is written: no warning about them). */
  disabledPaths: string[];
}

function load(options: LoadOptions, diags: Diagnostics, state: LoadState): void {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const environment = environmentMap(options.environment ?? process.env);

  // COMPOSE_FILE may come from the environment or from the env file of the working directory.
  const early = options.files.length > 0 ? new Map<string, string>() : loadVariables(projectEnvFiles(options, cwd, cwd), environment, new Diagnostics());
  const composeFile = early.get('COMPOSE_FILE');
  const files = locateComposeFiles(options.files, cwd, composeFile, early.get('COMPOSE_PATH_SEPARATOR'), diags);
  if (files.length === 0) return;
  const projectDir = path.dirname(files[0]);
  const envFiles = projectEnvFiles(options, cwd, projectDir);
  const variables = loadVariables(envFiles, environment, diags);
  const lookup = new MapLookup(variables);

  const fileSet = new ComposeFileSet(cwd, diags);
  const raw = fileSet.readAll(files, projectDir);
  const secrets = new SecretVariableRules(declaredSecretVariables(raw, options.secretVariables ?? [], diags), lookup);
  fileSet.startInterpolation({ variables: lookup, secrets });
  const loaded = files.map((f) => fileSet.load(f)).filter((f): f is LoadedFile => typeof f !== 'string');
  // A compose file that is missing or does not parse leaves the project unknown: stop here. Invalid
  // values do not: each later stage works on what is valid and reports its own problems too.
  if (loaded.length < files.length) return;

  const includer = new Includer(fileSet, secrets, cwd, diags);
  const resolver = new ExtendsResolver(fileSet, diags);
  const { tree, origins } = assembleProject(loaded, resolver, includer.hook(variables, []));
  for (const name of resolver.incomplete) state.incomplete.add(name);
  checkReferences(tree, origins, diags, resolver.incomplete);

  const nameInFile = getKey(tree, 'name');
  const name = resolveProjectName(
    {
      option: options.projectName,
      environment: variables.get('COMPOSE_PROJECT_NAME'),
      fromFile: typeof nameInFile === 'string' ? { value: nameInFile, file: origins.fileOf('name') } : undefined,
      projectDir,
      mainFile: displayName(files[0], cwd),
    },
    diags,
  );
  state.modelReady = name !== undefined;
  const profiles = enabledProfiles(options.profiles, variables.get('COMPOSE_PROFILES'));
  const active = activeServices(tree, profiles, origins, diags);
  const leftOut = Object.keys(servicesOf(tree)).filter((n) => !active.has(n)).sort();
  state.disabledPaths = leftOut.map((n) => `services.${n}`);

  const project = normalizeProject(tree, {
    name: name ?? '',
    projectDir,
    cwd,
    files: [...loaded.map((f) => f.display), ...includer.files.filter((f) => !loaded.some((l) => l.display === f))],
    variables,
    lookup,
    serviceVariables: includer.serviceVariables,
    secrets,
    origins,
    activeServices: active,
    diags,
  });
  state.project = project;
  const automatic = options.files.length === 0 && (composeFile === undefined || composeFile.trim() === '');
  const included = includer.files.map((f) => path.resolve(cwd, f));
  state.inputs = projectInputs({ project, raw, files, included, automatic, envFiles, profiles, leftOut, tree, cwd });
}

/** The files, profiles and left-out services of a load, with paths relative to the project folder. */
function projectInputs(a: {
  project: ComposeProject;
  raw: readonly { absPath: string }[];
  files: readonly string[];
  /** Absolute paths of the files `include` brought in. */
  included: readonly string[];
  automatic: boolean;
  envFiles: readonly EnvFileRef[];
  profiles: ReadonlySet<string>;
  leftOut: readonly string[];
  tree: YamlMap;
  cwd: string;
}): ProjectInputs {
  const rel = (abs: string) => path.relative(a.project.workingDir, abs) || path.basename(abs);
  const composeFiles: ProjectInputs['composeFiles'][number][] = a.files.map((f, i) => ({
    file: rel(f),
    role: i === 0 ? 'main' : a.automatic ? 'override' : 'merged',
  }));
  for (const f of a.included) if (!a.files.includes(f)) composeFiles.push({ file: rel(f), role: 'include' });
  for (const r of a.raw) if (!a.files.includes(r.absPath) && !a.included.includes(r.absPath)) composeFiles.push({ file: rel(r.absPath), role: 'extends' });
  const envFiles: ProjectInputs['envFiles'][number][] = a.envFiles.filter((e) => fs.existsSync(e.absPath)).map((e) => ({ file: rel(e.absPath), usedBy: [] }));
  const serviceFiles = new Map<string, Set<string>>();
  // Indexed loops over every environment entry: for-of makes an iterator result object per step
  // until the code is optimized, and this runs once.
  const normalized = Object.values(a.project.services);
  for (let i = 0; i < normalized.length; i++) {
    const s = normalized[i];
    for (let j = 0; j < s.environment.length; j++) {
      const e = s.environment[j];
      if (e.origin !== 'env_file') continue;
      const file = rel(path.resolve(a.cwd, e.source.file));
      serviceFiles.set(file, (serviceFiles.get(file) ?? new Set()).add(s.name));
    }
  }
  for (const [file, users] of [...serviceFiles].sort(([x], [y]) => (x < y ? -1 : 1))) envFiles.push({ file, usedBy: [...users].sort() });
  const services = servicesOf(a.tree);
  return {
    composeFiles,
    envFiles,
    profiles: [...a.profiles].sort(),
    leftOut: a.leftOut.map((service) => {
      const def = untag(services[service]);
      return { service, profiles: isMap(def) ? serviceProfiles(def) : [] };
    }),
  };
}

/** True when `p` is `prefix` or lies below it (`services.web.ports[0]` below `services.web`). */
export function isAtOrBelow(p: string | undefined, prefix: string): boolean {
  return p !== undefined && (p === prefix || p.startsWith(`${prefix}.`) || p.startsWith(`${prefix}[`));
}

/**
 * Reads a compose project as far as it soundly can and never throws for any input: every problem
 * is in `diagnostics`. Warnings about services left out by profiles are dropped (nothing of them is
 * written).
 */
export function readProject(options: LoadOptions): FrontEndResult {
  const diags = new BoundedDiagnostics();
  const state: LoadState = { incomplete: new Set(), modelReady: false, disabledPaths: [] };
  try {
    load(options, diags, state);
  } catch (e) {
    if (e instanceof UserError) diags.addAll(e.diagnostics);
    // Later stages run on input with errors already recorded; one that trips over it adds nothing.
    else if (!diags.hasErrors()) diags.error(undefined, undefined, `cannot load the compose project: ${e instanceof Error ? e.message : String(e)}`);
    state.project = undefined;
  }
  diags.summarize();
  const diagnostics = diags.all.filter((d) => d.severity === 'error' || !state.disabledPaths.some((p) => isAtOrBelow(d.path, p)));
  return {
    ...(state.project ? { project: state.project } : {}),
    diagnostics,
    incomplete: state.incomplete,
    modelReady: state.modelReady && state.project !== undefined,
    ...(state.inputs ? { inputs: state.inputs } : {}),
  };
}

/**
 * Loads a compose project. Returns the project and the warnings; throws a {@link UserError}
 * carrying every diagnostic (errors and warnings) when anything is wrong. Never throws anything
 * else for any input.
 */
export function loadProject(options: LoadOptions): { project: ComposeProject; warnings: Diagnostic[] } {
  const r = readProject(options);
  if (r.diagnostics.some((d) => d.severity === 'error')) throw new UserError(r.diagnostics);
  if (r.project === undefined) throw new UserError(r.diagnostics.length > 0 ? r.diagnostics : 'cannot load the compose project');
  return { project: r.project, warnings: r.diagnostics.filter((d) => d.severity === 'warning') };
}
