/**
 * The compose front end: compose files in, a normalized {@link ComposeProject} out.
 *
 * read (each file, bounded) → classify secret variables → interpolate and validate each file →
 * resolve `extends` → apply `include` → merge the files → check references → project name and profiles →
 * normalize. It knows compose, not Kubernetes.
 */
import * as path from 'path';
import { Diagnostics, UserError, type Diagnostic } from '../diagnostics';
import { assembleProject } from './assemble';
import { BoundedDiagnostics } from './bounded-diagnostics';
import { ExtendsResolver, type LoadedFile } from './extends';
import { ComposeFileSet } from './files';
import { Includer } from './include';
import { displayName, locateComposeFiles } from './locate';
import { normalizeProject } from './normalize';
import { activeServices, enabledProfiles } from './profiles';
import { resolveProjectName } from './project-name';
import { checkReferences } from './references';
import { SecretVariableRules, declaredSecretVariables } from './secret-variables';
import type { ComposeProject, LoadOptions } from './types';
import { MapLookup, environmentMap, loadVariables, type EnvFileRef } from './variables';
import { getKey } from './yaml-value';

export type * from './types';

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

function load(options: LoadOptions, diags: Diagnostics): ComposeProject | undefined {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const environment = environmentMap(options.environment ?? process.env);

  // COMPOSE_FILE may come from the environment or from the env file of the working directory.
  const early = options.files.length > 0 ? new Map<string, string>() : loadVariables(projectEnvFiles(options, cwd, cwd), environment, new Diagnostics());
  const files = locateComposeFiles(options.files, cwd, early.get('COMPOSE_FILE'), early.get('COMPOSE_PATH_SEPARATOR'), diags);
  if (files.length === 0) return undefined;
  const projectDir = path.dirname(files[0]);
  const variables = loadVariables(projectEnvFiles(options, cwd, projectDir), environment, diags);
  const lookup = new MapLookup(variables);

  const fileSet = new ComposeFileSet(cwd, diags);
  const raw = fileSet.readAll(files, projectDir);
  const secrets = new SecretVariableRules(declaredSecretVariables(raw, options.secretVariables ?? [], diags), lookup);
  fileSet.startInterpolation({ variables: lookup, secrets });
  const loaded = files.map((f) => fileSet.load(f)).filter((f): f is LoadedFile => typeof f !== 'string');
  if (diags.hasErrors()) return undefined;

  const includer = new Includer(fileSet, secrets, cwd, diags);
  const { tree, origins } = assembleProject(loaded, new ExtendsResolver(fileSet, diags), includer.hook(variables, []));
  if (diags.hasErrors()) return undefined;
  checkReferences(tree, origins, diags);

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
  const active = activeServices(tree, enabledProfiles(options.profiles, variables.get('COMPOSE_PROFILES')), origins, diags);
  if (diags.hasErrors() || name === undefined) return undefined;

  return normalizeProject(tree, {
    name,
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
}

/**
 * Loads a compose project. Returns the project and the warnings; throws a {@link UserError}
 * carrying every diagnostic (errors and warnings) when anything is wrong. Never throws anything
 * else for any input.
 */
export function loadProject(options: LoadOptions): { project: ComposeProject; warnings: Diagnostic[] } {
  const diags = new BoundedDiagnostics();
  let project: ComposeProject | undefined;
  try {
    project = load(options, diags);
  } catch (e) {
    if (e instanceof UserError) throw e;
    diags.error(undefined, undefined, `cannot load the compose project: ${e instanceof Error ? e.message : String(e)}`);
  }
  diags.summarize();
  diags.throwIfErrors();
  if (project === undefined) throw new UserError(diags.all.length > 0 ? diags.all : 'cannot load the compose project');
  return { project, warnings: diags.warnings };
}
