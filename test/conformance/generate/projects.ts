/**
 * Whole generated projects, one structure per kind: a single file in mixed syntax, heavy
 * interpolation (`.env` or `--env-file`), merges of 2–3 `-f` files (with `!reset` / `!override`),
 * `extends` chains (same file and another folder), `include` (short and long), profiles (`--profile`
 * or `COMPOSE_PROFILES`), and YAML anchors with merge keys. Every project is valid compose.
 */
import { dump } from 'js-yaml';
import type { GeneratedProject } from '../case';
import { Draw, sampleWith } from './draw';
import { serviceBody, type ProjectContext } from './service';
import { Variables } from './variables';

export const KINDS = ['syntax', 'interpolation', 'merge', 'extends', 'include', 'profiles', 'anchors'] as const;
export type Kind = (typeof KINDS)[number];

const yaml = (v: unknown): string => dump(v, { lineWidth: -1, noRefs: true });
const indent = (text: string, n: number): string =>
  text
    .split('\n')
    .map((l) => (l === '' ? l : ' '.repeat(n) + l))
    .join('\n');

interface Base {
  d: Draw;
  vars: Variables;
  files: Record<string, string>;
  top: Record<string, unknown>;
  ctx: (earlier: readonly string[]) => ProjectContext;
}

/** Top-level volumes, networks, secrets and configs, and a context factory for services. */
function base(d: Draw): Base {
  const vars = new Variables(d);
  const files: Record<string, string> = {};
  const top: Record<string, unknown> = {};
  const volumes = d.some(['data', 'cache', 'db-data', 'uploads'], 0, 2);
  if (volumes.length > 0) top.volumes = Object.fromEntries(volumes.map((v) => [v, volumeDef(d, v)]));
  const networks = d.some(['front', 'back', 'default'], 0, 2);
  if (networks.length > 0) top.networks = Object.fromEntries(networks.map((n) => [n, d.chance(0.5) ? null : networkDef(d)]));
  const secrets = d.some(['db_pass', 'api_key'], 0, 2);
  if (secrets.length > 0) {
    top.secrets = Object.fromEntries(
      secrets.map((s) => {
        if (d.chance(0.7)) {
          files[`secrets/${s}.txt`] = 'not-a-real-value\n';
          return [s, { file: `./secrets/${s}.txt` }];
        }
        return [s, { environment: 'APP_SECRET_SOURCE' }];
      }),
    );
  }
  const configs = d.some(['app_conf', 'nginx_conf'], 0, 2);
  if (configs.length > 0) {
    top.configs = Object.fromEntries(
      configs.map((c) => {
        const form = d.int(0, 2);
        if (form === 0) {
          files[`conf/${c}.conf`] = 'key = value\n';
          return [c, { file: `./conf/${c}.conf` }];
        }
        return [c, form === 1 ? { content: `level=${vars.expr('text')}\n` } : { environment: 'REGION' }];
      }),
    );
  }
  const usedPorts = new Set<number>();
  const ctx = (earlier: readonly string[]): ProjectContext => ({ vars, earlier, volumes, networks, secrets, configs, files, usedPorts });
  return { d, vars, files, top, ctx };
}

function volumeDef(d: Draw, name: string): unknown {
  switch (d.int(0, 4)) {
    case 0:
      return null;
    case 1:
      return { driver: 'local', driver_opts: { type: 'tmpfs', device: 'tmpfs' } };
    case 2:
      return { name: `shared-${name}` };
    case 3:
      return { external: true };
    default:
      return { labels: { 'com.example.backup': d.chance(0.5) ? 'daily' : 'never' } };
  }
}

function networkDef(d: Draw): unknown {
  return d.pick([{ driver: 'bridge' }, { internal: true }, { labels: ['com.example.net=1'] }, { name: 'custom-net' }, { external: true }]);
}

function services(b: Base, names: readonly string[], earlierThan = true): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  names.forEach((n, i) => {
    out[n] = serviceBody(b.d, b.ctx(earlierThan ? names.slice(0, i) : []));
  });
  return out;
}

const SERVICE_NAMES = ['web', 'api', 'worker', 'db', 'cache', 'proxy'] as const;

function serviceNames(d: Draw, min: number, max: number): string[] {
  return d.some(SERVICE_NAMES, min, max);
}

function finish(b: Base, kind: Kind, main: Record<string, unknown>, extra: Partial<GeneratedProject> = {}): GeneratedProject {
  const files = { ...b.files, ...(extra.files ?? {}) };
  if (files['compose.yaml'] === undefined) files['compose.yaml'] = yaml(main);
  const useEnvFile = b.d.chance(0.2);
  const dotenv = `${b.vars.dotenv.join('\n')}\n`;
  if (useEnvFile) files['vars/custom.env'] = dotenv;
  else files['.env'] = dotenv;
  const withName = b.d.int(0, 5);
  const env = { ...b.vars.env };
  let projectName: string | undefined;
  if (withName === 0) projectName = `opt-${b.d.word(5)}`;
  if (withName === 1) env.COMPOSE_PROJECT_NAME = `env-${b.d.word(5)}`;
  return {
    kind,
    composeFiles: ['compose.yaml'],
    ...extra,
    files,
    env: { ...env, ...(extra.env ?? {}) },
    ...(useEnvFile ? { envFiles: ['vars/custom.env'] } : {}),
    ...(projectName !== undefined ? { projectName } : {}),
  };
}

function maybeName(b: Base): Record<string, unknown> {
  return b.d.chance(0.3) ? { name: b.d.pick(['gen-app', 'Gen_App2', '${UNSET_A:-fromdefault}']) } : {};
}

function syntax(d: Draw): GeneratedProject {
  const b = base(d);
  return finish(b, 'syntax', { ...maybeName(b), services: services(b, serviceNames(d, 1, 4)), ...b.top });
}

function interpolation(d: Draw): GeneratedProject {
  const b = base(d);
  const names = serviceNames(d, 1, 2);
  const svcs = services(b, names);
  for (const n of names) {
    svcs[n].environment = Object.fromEntries(Array.from({ length: d.int(2, 6) }, (_, i) => [`V${i}`, b.vars.textValue()]));
    svcs[n].labels = { 'com.example.a': b.vars.textValue(), 'com.example.b': b.vars.expr('text') };
    svcs[n].working_dir = `/srv/${b.vars.expr('text').replace(/[^$A-Za-z0-9_{}:?+-]/g, '')}x`;
  }
  return finish(b, 'interpolation', { services: svcs, ...b.top });
}

/** A partial service: some keys of a fresh body, as an override file writes them. */
function partial(b: Base, earlier: readonly string[]): Record<string, unknown> {
  const body = serviceBody(b.d, b.ctx(earlier));
  const keys = b.d.some(Object.keys(body), 1, 4);
  return Object.fromEntries(keys.map((k) => [k, body[k]]));
}

/** An override file as text: partial services, now and then a `!reset` or `!override` key. */
function overrideText(b: Base, names: readonly string[], added: readonly string[]): string {
  const lines: string[] = ['services:'];
  for (const n of b.d.some(names, 1, names.length)) {
    const p = partial(b, names.filter((x) => x !== n));
    let tagged = '';
    if (b.d.chance(0.25)) {
      const key = b.d.pick(['ports', 'labels', 'environment', 'command', 'healthcheck']);
      delete p[key];
      tagged = b.d.chance(0.5) ? `${key}: !reset ${key === 'command' || key === 'healthcheck' ? 'null' : key === 'ports' ? '[]' : '{}'}` : `${key}: !override ${key === 'ports' ? '["9999:80"]' : key === 'command' ? '["run"]' : key === 'healthcheck' ? '{disable: true}' : '{REPLACED: "yes"}'}`;
    }
    const body = Object.keys(p).length > 0 ? indent(yaml(p).trimEnd(), 4) : '';
    lines.push(`  ${n}:`, ...(body ? [body] : []), ...(tagged ? [`    ${tagged}`] : []));
    if (!body && !tagged) lines.push('    labels: {merged: "yes"}');
  }
  for (const n of added) lines.push(`  ${n}:`, indent(yaml(serviceBody(b.d, b.ctx(names))).trimEnd(), 4));
  return `${lines.join('\n')}\n`;
}

function merge(d: Draw): GeneratedProject {
  const b = base(d);
  const names = serviceNames(d, 1, 3);
  const main = { ...maybeName(b), services: services(b, names), ...b.top };
  const extraFiles: Record<string, string> = {};
  const composeFiles = ['compose.yaml'];
  const rest = SERVICE_NAMES.filter((n) => !names.includes(n));
  for (let i = d.int(1, 2); i > 0; i--) {
    const file = i === 2 ? 'compose.prod.yaml' : d.pick(['compose.override.yaml', 'overrides/extra.yaml']);
    if (composeFiles.includes(file)) continue;
    const added = d.chance(0.3) && rest.length > 0 ? [rest.shift() as string] : [];
    extraFiles[file] = overrideText(b, names, added);
    names.push(...added);
    composeFiles.push(file);
  }
  return finish(b, 'merge', main, { files: { 'compose.yaml': yaml(main), ...extraFiles }, composeFiles });
}

function extendsChain(d: Draw): GeneratedProject {
  const b = base(d);
  const names = serviceNames(d, 1, 3);
  const svcs = services(b, names);
  const inOtherFolder = d.chance(0.5);
  const commonPath = inOtherFolder ? 'shared/common.yaml' : 'common.yaml';
  // The common file's services: base0 (complete), base1 extends base0 in the same file.
  const common: Record<string, unknown> = { services: { base0: serviceBody(d, b.ctx([])), base1: { extends: 'base0', ...partial(b, []) } } };
  if (inOtherFolder) {
    // Its relative paths resolve in its own folder: give it what it mounts there.
    for (const [f, c] of Object.entries(b.files)) b.files[`shared/${f}`] = c;
  }
  for (const n of names) {
    if (!d.chance(0.7)) continue;
    const { depends_on: _dropped, links: _links, ...own } = partial(b, []);
    svcs[n] = { extends: d.chance(0.5) ? { file: commonPath, service: d.pick(['base0', 'base1']) } : { file: `./${commonPath}`, service: 'base1' }, ...own };
  }
  if (names.length > 1 && d.chance(0.6)) {
    const { depends_on: _d, links: _l, ...own } = partial(b, []);
    svcs[names[names.length - 1]] = { extends: d.chance(0.5) ? names[0] : { service: names[0] }, ...own };
  }
  const main = { services: svcs, ...b.top };
  return finish(b, 'extends', main, { files: { 'compose.yaml': yaml(main), [commonPath]: yaml(common) } });
}

function include(d: Draw): GeneratedProject {
  const b = base(d);
  const names = serviceNames(d, 1, 2);
  const svcs = services(b, names);
  const incNames = SERVICE_NAMES.filter((n) => !names.includes(n)).slice(0, d.int(1, 2));
  const incFiles: Record<string, string> = {};
  // The included project: its own folder, its own relative paths, its own .env.
  const inc: Record<string, unknown> = { services: Object.fromEntries(incNames.map((n) => [n, { image: `busybox:1.36.1`, environment: { FROM_INC: '${INC_VAR:-inc-default}', LEVEL: '${LOG_LEVEL:-x}' }, volumes: ['./inc-data:/data'] }])) };
  incFiles['inc/inc-data/.keep'] = '';
  if (d.chance(0.5)) incFiles['inc/.env'] = `INC_VAR=from-inc-env-${d.word(4)}\n`;
  incFiles['inc/compose.yaml'] = yaml(inc);
  const entry = d.pick<unknown>(['inc/compose.yaml', './inc/compose.yaml', { path: 'inc/compose.yaml' }, { path: ['inc/compose.yaml'], project_directory: 'inc' }]);
  const main = { include: [entry], services: svcs, ...b.top };
  return finish(b, 'include', main, { files: { ...incFiles, 'compose.yaml': yaml(main) } });
}

function profiles(d: Draw): GeneratedProject {
  const b = base(d);
  const plain = serviceNames(d, 1, 2);
  const svcs = services(b, plain);
  const profiled = SERVICE_NAMES.filter((n) => !plain.includes(n)).slice(0, d.int(1, 3));
  for (const n of profiled) svcs[n] = { ...serviceBody(d, b.ctx(plain)), profiles: d.some(['debug', 'tools', 'metrics'], 1, 2) };
  const enable = d.some(['debug', 'tools', 'metrics', 'nothing'], 0, 2);
  const how = d.int(0, 2);
  return finish(b, 'profiles', { services: svcs, ...b.top }, how === 0 ? { profiles: enable } : how === 1 && enable.length > 0 ? { env: { COMPOSE_PROFILES: enable.join(',') } } : {});
}

function anchors(d: Draw): GeneratedProject {
  const b = base(d);
  const names = serviceNames(d, 1, 3);
  const shared = serviceBody(d, b.ctx([]));
  delete shared.depends_on;
  delete shared.links;
  const sharedEnv = { SHARED: 'yes', LEVEL: b.vars.expr('text') };
  const lines = [`x-common: &common`, indent(yaml(shared).trimEnd(), 2), `x-env: &env`, indent(yaml(sharedEnv).trimEnd(), 2), 'services:'];
  names.forEach((n, i) => {
    const own = partial(b, names.slice(0, i));
    delete own.environment;
    lines.push(`  ${n}:`, '    <<: *common');
    if (Object.keys(own).length > 0) lines.push(indent(yaml(own).trimEnd(), 4));
    if (d.chance(0.5)) lines.push('    environment:', '      <<: *env', `      OWN: "${d.word(5)}"`);
  });
  if (Object.keys(b.top).length > 0) lines.push(yaml(b.top).trimEnd());
  return finish(b, 'anchors', {}, { files: { 'compose.yaml': `${lines.join('\n')}\n` } });
}

const BUILDERS: Record<Kind, (d: Draw) => GeneratedProject> = { syntax, interpolation, merge, extends: extendsChain, include, profiles, anchors };

/** `perKind` projects of every kind, from a fixed seed per kind. */
export function generatedProjects(perKind: number, seed: number): GeneratedProject[] {
  return KINDS.flatMap((kind, i) => sampleWith(seed + i, perKind, (d) => BUILDERS[kind](d)));
}
