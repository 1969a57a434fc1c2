/**
 * The merged, validated project tree → {@link ComposeProject}: active services normalized
 * (normalize-service.ts), top-level volumes, networks, secrets and configs in long form, keys
 * sorted everywhere.
 *
 * Defaults: `external` is false; `internal` is false; a top-level entry written as `null`
 * (`volumes: {data: }`) has every default; the implicit `default` network is added when an
 * active service uses it and it is not declared. Entries no active service uses are dropped, as
 * compose drops them (used-resources.ts).
 */
import type { Diagnostics } from '../../diagnostics';
import type { Origins } from '../merge';
import { dictionary, scalarText, sortedRecord, parseBoolean } from '../syntax';
import { servicesOf } from '../merge';
import { hostPath } from '../host-paths';
import type { VariableLookup, SecretVariableRules } from '../interpolate';
import { extensionsOf } from './extensions';
import { normalizeService } from './normalize-service';
import { onlyUsed, usedResources } from './used-resources';
import type { ComposeFileObject, ComposeNetwork, ComposeProject, ComposeService, ComposeVolume } from '../types';
import { entriesOf, getKey, isMap, untag, type YamlMap, type YamlValue } from '../yaml-value';

export interface NormalizeContext {
  readonly name: string;
  readonly projectDir: string;
  readonly cwd: string;
  readonly files: readonly string[];
  readonly variables: ReadonlyMap<string, string>;
  readonly lookup: VariableLookup;
  /** Services of included projects read their own variables (include.ts); the others `lookup`. */
  readonly serviceVariables?: ReadonlyMap<string, VariableLookup>;
  readonly secrets: SecretVariableRules;
  readonly origins: Origins;
  readonly activeServices: ReadonlySet<string>;
  readonly diags: Diagnostics;
}

function field(map: YamlMap, key: string): YamlValue {
  return untag(getKey(map, key) ?? null);
}

function optionalString(map: YamlMap, key: string): string | undefined {
  const v = field(map, key);
  return typeof v === 'string' ? v : undefined;
}

/** `external: true`, `external: "true"`, or the old `external: {name: x}` form. */
function externalOf(map: YamlMap): { external: boolean; externalName?: string } {
  const ext = field(map, 'external');
  const name = optionalString(map, 'name');
  if (isMap(ext)) {
    const legacyName = optionalString(ext, 'name');
    return { external: true, ...(legacyName ?? name ? { externalName: legacyName ?? name } : {}) };
  }
  return { external: parseBoolean(ext) ?? false, ...(name === undefined ? {} : { externalName: name }) };
}

function entriesOfSection(tree: YamlMap, section: string): [string, YamlMap][] {
  const value = field(tree, section);
  if (!isMap(value)) return [];
  return entriesOf(value)
    .map(([name, def]): [string, YamlMap] => [name, isMap(untag(def)) ? (untag(def) as YamlMap) : {}])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function volumes(tree: YamlMap, ctx: NormalizeContext): Record<string, ComposeVolume> {
  return sortedRecord(
    entriesOfSection(tree, 'volumes').map(([name, def]) => {
      const driver = optionalString(def, 'driver');
      const volume: ComposeVolume = {
        name,
        ...externalOf(def),
        ...(driver === undefined ? {} : { driver }),
        driverOpts: dictionary(field(def, 'driver_opts')),
        labels: dictionary(field(def, 'labels')),
        extensions: extensionsOf(def),
        source: { file: ctx.origins.fileOf(`volumes.${name}`), path: `volumes.${name}` },
      };
      return [name, volume];
    }),
  );
}

function networks(tree: YamlMap, services: Readonly<Record<string, ComposeService>>, ctx: NormalizeContext): Record<string, ComposeNetwork> {
  const declared = entriesOfSection(tree, 'networks').map(([name, def]): [string, ComposeNetwork] => {
    const driver = optionalString(def, 'driver');
    const { external } = externalOf(def);
    return [
      name,
      {
        name,
        external,
        internal: parseBoolean(field(def, 'internal')) ?? false,
        ...(driver === undefined ? {} : { driver }),
        labels: dictionary(field(def, 'labels')),
        extensions: extensionsOf(def),
        source: { file: ctx.origins.fileOf(`networks.${name}`), path: `networks.${name}` },
      },
    ];
  });
  const usesDefault = Object.values(services).some((s) => Object.prototype.hasOwnProperty.call(s.networks, 'default'));
  if (usesDefault && !declared.some(([name]) => name === 'default')) {
    declared.push([
      'default',
      { name: 'default', external: false, internal: false, labels: {}, extensions: {}, source: { file: ctx.files[0] ?? '', path: 'networks.default' } },
    ]);
  }
  return sortedRecord(declared);
}

function fileObjects(tree: YamlMap, section: 'secrets' | 'configs', ctx: NormalizeContext): Record<string, ComposeFileObject> {
  return sortedRecord(
    entriesOfSection(tree, section).map(([name, def]) => {
      const file = optionalString(def, 'file');
      const environment = optionalString(def, 'environment');
      const content = field(def, 'content');
      const object: ComposeFileObject = {
        name,
        ...(file === undefined ? {} : { file: hostPath(file, ctx.projectDir) }),
        ...(environment === undefined ? {} : { environment }),
        ...(content === null ? {} : { content: scalarText(content) }),
        ...externalOf(def),
        labels: dictionary(field(def, 'labels')),
        extensions: extensionsOf(def),
        source: { file: ctx.origins.fileOf(`${section}.${name}`), path: `${section}.${name}` },
      };
      return [name, object];
    }),
  );
}

/** Builds the normalized project from the merged tree. */
export function normalizeProject(tree: YamlMap, ctx: NormalizeContext): ComposeProject {
  const services = sortedRecord(
    entriesOf(servicesOf(tree))
      .filter(([name, service]) => ctx.activeServices.has(name) && isMap(untag(service)))
      .map(([name, service]): [string, ComposeService] => [
        name,
        normalizeService(untag(service) as YamlMap, {
          name,
          projectDir: ctx.projectDir,
          cwd: ctx.cwd,
          variables: ctx.serviceVariables?.get(name) ?? ctx.lookup,
          secrets: ctx.secrets,
          origins: ctx.origins,
          activeServices: ctx.activeServices,
          diags: ctx.diags,
        }),
      ]),
  );
  const used = usedResources(services, tree);
  return {
    name: ctx.name,
    workingDir: ctx.projectDir,
    files: ctx.files,
    services,
    volumes: onlyUsed(volumes(tree, ctx), used.volumes),
    networks: onlyUsed(networks(tree, services, ctx), used.networks),
    secrets: onlyUsed(fileObjects(tree, 'secrets', ctx), used.secrets),
    configs: onlyUsed(fileObjects(tree, 'configs', ctx), used.configs),
    extensions: extensionsOf(tree),
    variables: ctx.variables,
    secretVariables: ctx.secrets.names(),
  };
}
