/** The model of secrets: where a Secret key's value comes from, the Secrets the manifests reference, the provider. */

/** Where the value of a Secret key comes from, in compose terms. */
export type SecretSource =
  | { readonly kind: 'variable'; readonly variable: string }
  | { readonly kind: 'env_file'; readonly file: string }
  /** `path`: relative to the project folder (`./secrets/db_password.txt`), never absolute. */
  | { readonly kind: 'file'; readonly path: string }
  /** A value written literally in the compose file (src/model/literal-secrets.ts): the entries that hold it. */
  | { readonly kind: 'literal'; readonly file: string; readonly uses: readonly LiteralUse[] }
  /** A compose secret declared `external: true`: the Secret exists already. */
  | { readonly kind: 'external'; readonly name: string };

/** An environment entry of the compose file that holds a literal secret value (whole, or a URL's password). */
export interface LiteralUse {
  readonly service: string;
  readonly variable: string;
  readonly file: string;
  readonly path: string;
  /** The hook whose `environment` holds it (`post_start[0]`), when not the service's own environment. */
  readonly hook?: string;
  /** The password of the URL (the `urlIndex`-th of the value), not the whole value. */
  readonly url: boolean;
  readonly urlIndex?: number;
}

function describeUse(u: LiteralUse): string {
  return `${u.path}${u.url ? ' (the password in the URL)' : ''}`;
}

/** How SECRETS.md and messages name a source. */
export function describeSource(s: SecretSource): string {
  switch (s.kind) {
    case 'variable':
      return `variable ${s.variable}`;
    case 'env_file':
      return `env_file ${s.file}`;
    case 'file':
      return `file ${s.path}`;
    case 'literal':
      return `literal in ${s.file}: rotate it and move it to .env; ${s.uses.length > 1 ? `one value shared by ${s.uses.map(describeUse).join(', ')}` : `written in ${s.uses.map(describeUse).join(', ')}`}`;
    case 'external':
      return `external secret ${s.name}`;
  }
}

/** A Secret the manifests reference; in `external` mode it must be created out of band. */
export interface SecretContract {
  readonly name: string;
  readonly keys: readonly {
    readonly key: string;
    readonly required: boolean;
    readonly source: SecretSource;
  }[];
  /** Declared `external: true` in compose: it exists already, no provider object is made for it. */
  readonly external: boolean;
  /** Workloads that read it. */
  readonly usedBy: readonly string[];
}

/**
 * Where the values of the referenced Secrets come from:
 * - `external` (default): created out of band (`kubectl create secret`, a CI step, a controller);
 *   nothing secret is emitted, SECRETS.md lists what to create;
 * - `external-secrets`: one ExternalSecret (external-secrets.io/v1) per Secret, read from a store;
 * - `inline`: development only, values from `.env` written into Secrets (refused without
 *   `--allow-insecure-secrets`, and always refused for production settings).
 */
export type SecretProvider =
  | { readonly kind: 'external' }
  | { readonly kind: 'external-secrets'; readonly store: { readonly kind: 'SecretStore' | 'ClusterSecretStore'; readonly name: string }; readonly refreshInterval: string }
  | { readonly kind: 'inline'; readonly values: Readonly<Record<string, Readonly<Record<string, string>>>> };
