/**
 * Files stay files (DESIGN "Storage"): a bind of a file arrives as a file of a ConfigMap or Secret
 * (`subPath`), with its mode (bind-files.ts `mountedMode`).
 *
 * - Secret content (PEM private keys, `*.key`, `*.p12`, `*.pfx`, credential files, env files,
 *   compose secret files) → a Secret named after the source, listed in SECRETS.md with the command
 *   that creates it from the file; its value is never written into any output.
 * - A writable file bind (`acme.json`, `*.db`, `*.sqlite`) cannot live in a read-only ConfigMap:
 *   the `writable-file` attention item names the options.
 * - A missing source whose target is file-shaped ({@link FILE_EXTENSIONS}, or the Dockerfile — or
 *   the image facts hook — shows a file there) is a prerequisite: a Secret (secret-looking names)
 *   or a ConfigMap created out of band from the file, mounted as a file, and the `file-prerequisite`
 *   attention item says what to create. Compose would create an empty folder there (which breaks the
 *   application under compose too); we follow the intent. Never a claim.
 */
import * as path from 'path';
import { show } from '../../diagnostics';
import type { SecretContract } from '../types';
import { DEFAULT_FILE_MODE, isSecretName, SecretBindFile } from './bind-files';
import type { Bind, BindResult, MountContext } from './mount-context';

/**
 * Extensions that make a missing bind source a file, not a folder (the basename of the source or
 * of the target): certificates and keys, configuration and scripts.
 */
export const FILE_EXTENSIONS: readonly string[] = ['.pem', '.crt', '.key', '.conf', '.cfg', '.ini', '.yml', '.yaml', '.json', '.toml', '.xml', '.properties', '.env', '.sh', '.py', '.js', '.lua'];

/** Files an application writes to (a writable bind of one cannot be a read-only ConfigMap). */
const WRITABLE_FILE = /(^acme\.json$|\.(db|sqlite|sqlite3)$)/i;


/** True when a missing bind source stands for a file (see {@link FILE_EXTENSIONS} and {@link MountContext.imagePathKind}). */
export function isFileShaped(ctx: MountContext, m: Bind): boolean {
  const ext = (p: string) => path.posix.extname(p).toLowerCase();
  if ([m.sourceAsWritten, m.target].some((p) => FILE_EXTENSIONS.includes(ext(p)))) return true;
  const image = ctx.service.build?.image;
  const target = path.posix.normalize(m.target);
  if (image?.copies.some((c) => !c.destIsDir && path.posix.normalize(c.dest) === target)) return true;
  return ctx.imagePathKind?.(m.target) === 'file';
}

/** True for a writable bind of a file that an application writes to. */
export function isWritableFileBind(m: Bind, isFile: boolean): boolean {
  return !m.readOnly && isFile && WRITABLE_FILE.test(path.basename(m.source));
}

const modeOf = (mode: number) => (mode !== DEFAULT_FILE_MODE ? { mode } : {});

/** The contract of a Secret made from the files of a bind source (SECRETS.md gives the create command). */
function fileSecret(name: string, sourceText: string, isFile: boolean, files: readonly SecretBindFile[]): SecretContract {
  return {
    name,
    keys: files.map((f) => ({ key: f.key, required: true, source: { kind: 'file' as const, path: isFile ? sourceText : `${sourceText.replace(/\/+$/, '')}/${f.rel}` } })),
    external: false,
    usedBy: [],
  };
}

/** A bind of secret content: a Secret mounted read-only (a file through `subPath`, with its mode). */
export function secretBind(m: Bind, name: string, sourceText: string, isFile: boolean, files: readonly SecretBindFile[], volume: string): BindResult & { secret: SecretContract } {
  const needsItems = isFile || files.some((f) => f.key !== f.rel || f.mode !== DEFAULT_FILE_MODE);
  return {
    secret: fileSecret(name, sourceText, isFile, files),
    volume: { name: volume, secret: { secretName: name, ...(needsItems ? { items: files.map((f) => ({ key: f.key, path: isFile ? f.key : f.rel, ...modeOf(f.mode) })) } : {}) } },
    mount: { name: volume, mountPath: m.target, readOnly: true, ...(isFile ? { subPath: files[0].key } : {}) },
  };
}

/** A missing file-shaped source: a Secret or an out-of-band ConfigMap, mounted as a file. */
export function missingFileBind(ctx: MountContext, m: Bind, name: string, sourceText: string, volName: (b: string) => string): BindResult {
  const where = m.sourceInfo;
  const key = path.posix.basename(m.sourceAsWritten).replace(/[^-._a-zA-Z0-9]/g, '_') || 'file';
  const secret = isSecretName(m.sourceAsWritten) || isSecretName(m.target);
  if (secret) {
    const r = secretBind(m, name, sourceText, true, [{ rel: key, key, mode: DEFAULT_FILE_MODE }], volName(`secret-${key}`));
    ctx.d.warn(
      where.file,
      where.path,
      `bind mount source ${show(m.sourceAsWritten)} does not exist here, and ${show(m.target)} is a file (compose would create an empty folder there); it is mounted from the Secret ${name}, which you create from the file as SECRETS.md says: kubectl create secret generic ${name} --from-file=${key}=${sourceText}`,
      'file-prerequisite',
      ctx.service.name,
    );
    return r;
  }
  const volume = volName(`cfg-${key}`);
  ctx.d.warn(
    where.file,
    where.path,
    `bind mount source ${show(m.sourceAsWritten)} does not exist here, and ${show(m.target)} is a file (compose would create an empty folder there); it is mounted from the ConfigMap ${name}, which is not written: create the file, then kubectl create configmap ${name} --from-file=${key}=${sourceText} (or put the file in place and synth again)`,
    'file-prerequisite',
    ctx.service.name,
  );
  return {
    outOfBandConfigMap: { name, key, path: sourceText },
    volume: { name: volume, configMap: { name, items: [{ key, path: key }] } },
    mount: { name: volume, mountPath: m.target, readOnly: true, subPath: key },
  };
}
