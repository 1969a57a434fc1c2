/**
 * The secret provider: `--secrets` (else top-level `x-k8s.secretProvider`), `--secret-store`
 * (else `x-k8s.secretStore`), and the guard rails of the insecure `inline` mode.
 */
import * as fs from 'fs';
import { ComposeProject } from '../../compose';
import { Diagnostics, show } from '../../diagnostics';
import { ProjectX } from '../extensions';
import { literalValue } from './literal-secrets';
import { describeSource, SecretContract, SecretProvider, SecretSource } from '../types';

export type SecretProviderKind = SecretProvider['kind'];
export const SECRET_PROVIDERS: readonly SecretProviderKind[] = ['external', 'external-secrets', 'inline'];
/** How often the External Secrets Operator fetches the values again. */
export const EXTERNAL_SECRETS_REFRESH = '1h';

/** Variables whose value says "this is production": inline secrets are refused with them. */
const ENVIRONMENT_VARIABLES = ['ENVIRONMENT', 'ENV', 'APP_ENV', 'NODE_ENV', 'RAILS_ENV', 'RACK_ENV', 'DJANGO_ENV', 'FLASK_ENV', 'ASPNETCORE_ENVIRONMENT', 'SPRING_PROFILES_ACTIVE', 'MIX_ENV'];

export interface SecretProviderOptions {
  readonly secrets?: SecretProviderKind;
  /** `NAME` (a SecretStore) or `ClusterSecretStore/NAME`. */
  readonly secretStore?: string;
  readonly allowInsecureSecrets?: boolean;
}

function parseStore(ref: string): { kind: 'SecretStore' | 'ClusterSecretStore'; name: string } | undefined {
  const m = /^(?:(SecretStore|ClusterSecretStore)\/)?([a-z0-9]([-a-z0-9.]*[a-z0-9])?)$/.exec(ref);
  return m ? { kind: (m[1] as 'SecretStore' | 'ClusterSecretStore' | undefined) ?? 'SecretStore', name: m[2] } : undefined;
}

/** Says which service runs with production settings, if any. */
function productionSetting(project: ComposeProject): string | undefined {
  for (const s of Object.values(project.services)) {
    for (const e of s.environment) {
      if (!ENVIRONMENT_VARIABLES.includes(e.name.toUpperCase()) || e.value === null) continue;
      const text = e.value.map((p) => (typeof p === 'string' ? p : '')).join('');
      if (/^prod(uction)?$/i.test(text.trim())) return `services.${s.name}.environment.${e.name} is ${show(text)}`;
    }
  }
  for (const name of ENVIRONMENT_VARIABLES) {
    const v = project.variables.get(name);
    if (v !== undefined && /^prod(uction)?$/i.test(v.trim())) return `variable ${name} is ${show(v)}`;
  }
  return undefined;
}

/** The value of one key for the inline provider: from the variables, an env file, or a secret file. */
function inlineValue(project: ComposeProject, source: SecretSource, key: string): string | undefined {
  const literal = (origin: 'environment' | 'env_file', file?: string): string | undefined => literalNamed(origin, key, file);
  const literalNamed = (origin: 'environment' | 'env_file', name: string, file?: string): string | undefined => {
    for (const s of Object.values(project.services)) {
      const e = s.environment.find((x) => x.origin === origin && x.name === name && (file === undefined || x.source.file === file));
      if (e?.value && e.value.every((p) => typeof p === 'string')) return e.value.join('');
    }
    return undefined;
  };
  switch (source.kind) {
    case 'variable':
      return project.variables.get(source.variable);
    case 'file':
      try {
        return fs.readFileSync(source.path, 'utf8');
      } catch {
        return undefined;
      }
    case 'literal':
      return literalValue(project, source);
    case 'env_file':
      return source.variable !== undefined ? literalNamed('env_file', source.variable, source.file) : literal('env_file', source.file);
    case 'external':
      return undefined;
  }
}

/**
 * The values compose would use for the keys of `contracts` (variables and .env, env files, secret
 * files), by Secret and key; `missing` lists the required keys that have none. Used by the inline
 * provider and by `up`, which writes them straight into the cluster.
 */
export function secretValues(
  project: ComposeProject,
  contracts: readonly SecretContract[],
  /** Values that value-identity.ts found (memory only), tried first. */
  valueOf: (key: string) => string | undefined = () => undefined,
): { values: Record<string, Record<string, string>>; missing: { secret: string; key: string; source: SecretSource }[] } {
  const values: Record<string, Record<string, string>> = {};
  const missing: { secret: string; key: string; source: SecretSource }[] = [];
  for (const c of contracts) {
    values[c.name] = {};
    for (const k of c.keys) {
      const v = valueOf(k.key) ?? inlineValue(project, k.source, k.key);
      if (v !== undefined) values[c.name][k.key] = v;
      else if (k.required) missing.push({ secret: c.name, key: k.key, source: k.source });
    }
  }
  return { values, missing };
}

export function planSecretProvider(
  project: ComposeProject,
  px: ProjectX,
  options: SecretProviderOptions,
  contracts: readonly SecretContract[],
  file: string,
  d: Diagnostics,
  /** Values that value-identity.ts found (memory only), tried first. */
  valueOf: (key: string) => string | undefined = () => undefined,
): SecretProvider {
  const kind = options.secrets ?? px.secretProvider ?? 'external';
  if (kind === 'external') return { kind };
  if (kind === 'external-secrets') {
    const ref = options.secretStore ?? px.secretStore;
    if (ref === undefined) {
      d.error(undefined, undefined, 'the external-secrets provider needs a store: pass --secret-store NAME (a SecretStore) or --secret-store ClusterSecretStore/NAME, or set x-k8s.secretStore');
      return { kind: 'external' };
    }
    const store = parseStore(ref);
    if (!store) {
      d.error(undefined, undefined, `invalid secret store ${show(ref)}; expected NAME or ClusterSecretStore/NAME (a DNS-1123 name)`);
      return { kind: 'external' };
    }
    return { kind, store, refreshInterval: EXTERNAL_SECRETS_REFRESH };
  }
  // inline
  if (!options.allowInsecureSecrets) {
    d.error(undefined, undefined, 'the inline secret provider writes secret values into the manifests; it is for throwaway development clusters only: add --allow-insecure-secrets to confirm, or use --secrets external (default) or external-secrets');
    return { kind: 'external' };
  }
  const prod = productionSetting(project);
  if (prod !== undefined) {
    d.error(file, undefined, `the inline secret provider is refused for production settings (${prod}); use --secrets external or external-secrets`);
    return { kind: 'external' };
  }
  const { values, missing } = secretValues(project, contracts, valueOf);
  for (const m of missing) d.error(file, undefined, `the inline secret provider needs a value for ${m.key} (${describeSource(m.source)}); set it in .env`);
  d.warn(undefined, undefined, 'inline secrets: secret values are written into the output folder; never commit it or apply it outside a throwaway cluster');
  return { kind: 'inline', values };
}
