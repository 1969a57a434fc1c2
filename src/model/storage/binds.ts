/**
 * Bind mounts, the way real compose files use them (DESIGN, "Bind mounts"):
 *
 * - the service's own build context, or a folder or file inside it, over the path where the
 *   Dockerfile copies it → dropped (the image holds it);
 * - a project file or folder the image does not hold there → a read-only ConfigMap while it holds
 *   at most {@link MAX_CONFIG_BYTES}, else a claim that the data must be copied into;
 * - a bind over an image profile's data path, an empty project folder, or a short-syntax source
 *   that does not exist (compose creates it) → an empty claim; a long-syntax source that does not
 *   exist without `bind.create_host_path: true` → an error (compose refuses to start);
 * - a host folder outside the project → a claim that its existing data must be copied into.
 *
 * System paths (`/proc`, `/sys`, `/dev`, `/etc`, `/run`, `/var/run`, `/var/lib/docker`, …) are not
 * data folders: they are refused as host paths.
 */
import * as path from 'path';
import { imageHoldsAt } from '../../compose';
import type { ComposeProject, ComposeService } from '../../compose';
import { show } from '../../diagnostics';
import { DEFAULT_FILE_MODE, MAX_CONFIG_BYTES, readBindSourceOnce } from './bind-files';
import { bindIdentity, bindObjectName } from './identity';
import type { Claim } from '../types';
import { isFileShaped, isWritableFileBind, missingFileBind, secretBind } from './file-binds';
import type { Bind, BindResult, MountContext } from './mount-context';
import { isInside, projectRelative } from './project-path';


/** Size of the claim a bind mount becomes (x-k8s.mounts sets another). */
export const BIND_CLAIM_SIZE = '1Gi';


/** A name for objects made from a bind source: its last path segment as written (never this machine's folder names). */
export function sourceLabel(m: Bind): string {
  const base = path.posix.basename(path.posix.normalize(m.sourceAsWritten.replace(/^~/, '')));
  return base === '' || base === '.' || base === '..' || base === '/' ? 'files' : base;
}

/** True when the bind mounts (a part of) the service's build context where the Dockerfile copies it: the image holds it. */
export function heldByImage(service: ComposeService, m: Bind): boolean {
  const b = service.build;
  if (!b?.image || !isInside(m.source, b.context)) return false;
  const rel = path.relative(b.context, m.source).split(path.sep).join('/') || '.';
  return imageHoldsAt(b.image, rel, m.target);
}


/** The bind's target lies over (or under) one of the image's data paths: it is data, not configuration. */
function overDataPath(target: string, dataPaths: readonly string[]): boolean {
  return dataPaths.some((p) => isInside(target, p) || isInside(p, target));
}

/** What dataFolderBinds needs of a service: its image's data paths and its x-k8s.mounts (mounts decided there). */
export interface BindPlanInputs {
  readonly dataPaths: readonly string[];
  readonly mountOverrides: Readonly<Record<string, unknown>>;
}

/**
 * One source, one object (DESIGN "Storage"), also when its mounts would decide differently: a bind
 * over a service's data folder is a claim (planBind), and every other mount of the same source then
 * uses that one claim — read-only where compose says `:ro`, writable otherwise, as compose shares
 * the one folder — never a second object (a ConfigMap holding a copy of the files, while the data
 * service writes to the claim). Returns the identities (bindIdentity) of such sources. Only sources
 * mounted more than once are looked at, so `inputsOf` runs for few services.
 */
export function dataFolderBinds(project: ComposeProject, inputsOf: (s: ComposeService) => BindPlanInputs): Set<string> {
  const byIdentity = new Map<string, { service: ComposeService; m: Bind }[]>();
  for (const s of Object.values(project.services)) {
    for (const m of s.volumes) {
      if (m.type !== 'bind') continue;
      const id = bindIdentity(m.source);
      // Appended in place: a copy per mount was quadratic in the services that mount one folder.
      const list = byIdentity.get(id);
      if (list) list.push({ service: s, m });
      else byIdentity.set(id, [{ service: s, m }]);
    }
  }
  const inputs = new Map<string, BindPlanInputs>();
  const inputsOfService = (s: ComposeService): BindPlanInputs => {
    if (!inputs.has(s.name)) inputs.set(s.name, inputsOf(s));
    return inputs.get(s.name)!;
  };
  const out = new Set<string>();
  for (const [id, mounts] of byIdentity) {
    if (mounts.length < 2) continue;
    const isData = mounts.some(({ service, m }) => {
      const x = inputsOfService(service);
      return x.mountOverrides[m.target] === undefined && !heldByImage(service, m) && overDataPath(m.target, x.dataPaths);
    });
    if (isData) out.add(id);
  }
  return out;
}

/**
 * The files of the project's compose secrets (absolute paths), made once per secrets record: every
 * bind of every service asks, and a set per bind was quadratic with a secret and a bind per service.
 * The records are never changed once read.
 */
export function secretFilesOf(secrets: ComposeProject['secrets']): ReadonlySet<string> {
  let files = secretFileSets.get(secrets);
  if (files === undefined) secretFileSets.set(secrets, (files = new Set(Object.values(secrets).flatMap((x) => (x.file !== undefined ? [x.file] : [])))));
  return files;
}
const secretFileSets = new WeakMap<ComposeProject['secrets'], ReadonlySet<string>>();

/** Plans one bind mount that the image does not hold (x-k8s.mounts and held binds are decided before). */
export function planBind(ctx: MountContext, m: Bind, volName: (b: string) => string): BindResult {
  const { d } = ctx;
  const where = m.sourceInfo;
  const service = ctx.service.name;
  const inProject = isInside(m.source, ctx.project.workingDir);
  // The node's system paths, the Docker socket and time-zone files never get here (volumes.ts planHostBind).
  const read = readBindSourceOnce(ctx.project, m.source, secretFilesOf(ctx.project.secrets));
  if (read.kind === 'missing' && !m.createHostPath) {
    d.error(
      where.file,
      where.path,
      `bind mount source ${show(m.sourceAsWritten)} does not exist and bind.create_host_path is not true, so compose refuses to start; create it, or set bind: {create_host_path: true} to start with an empty folder`,
    );
    return {};
  }
  const sourceText = inProject ? projectRelative(ctx.project.workingDir, m.source) : m.sourceAsWritten;
  const claimName = bindObjectName(ctx.project.workingDir, m.source, m.sourceAsWritten);
  ctx.names?.claim(claimName, bindIdentity(m.source), `the bind source ${show(m.sourceAsWritten)}`, where.file, where.path);
  if (read.kind === 'missing' && isFileShaped(ctx, m)) return missingFileBind(ctx, m, claimName, sourceText, volName);
  const choose = `x-k8s: {mounts: {${m.target}: {claim: ${claimName}, size: 10Gi}}}`;
  const claim = (): BindResult => {
    const c: Claim = { name: claimName, volume: claimName, source: sourceText, size: BIND_CLAIM_SIZE, accessModes: ['ReadWriteOnce'], external: false, labels: {} };
    const name = volName(`data-${sourceLabel(m)}`);
    const isFile = read.kind === 'files' || read.kind === 'too-big' || read.kind === 'secret' ? read.isFile : false;
    return {
      claim: c,
      volume: { name, persistentVolumeClaim: { claimName: c.name, ...(m.readOnly ? { readOnly: true } : {}) } },
      mount: { name, mountPath: m.target, ...(m.readOnly ? { readOnly: true } : {}), ...(isFile ? { subPath: path.basename(m.source) } : {}) },
    };
  };
  const copyIn = `copy it in once (kubectl cp ${m.sourceAsWritten} POD:${m.target}${m.readOnly ? ', with the claim mounted writable' : ''})`;
  if (!inProject) {
    d.warn(
      where.file,
      where.path,
      `host folder ${show(m.sourceAsWritten)} is outside the project folder; it becomes the claim ${show(claimName)} (${BIND_CLAIM_SIZE}) and the data on this host is not migrated: ${copyIn}, and size it with ${choose}`,
      'data-copy',
      service,
    );
    return claim();
  }
  if (read.kind === 'missing' || read.kind === 'empty') {
    const what = read.kind === 'missing' ? 'does not exist (compose creates it as an empty folder)' : 'is an empty folder (a data folder)';
    d.warn(where.file, where.path, `bind mount ${show(m.sourceAsWritten)} ${what}; it becomes the empty claim ${show(claimName)} (${BIND_CLAIM_SIZE}); size it with ${choose}`);
    return claim();
  }
  if (read.kind === 'secret') {
    d.warn(
      where.file,
      where.path,
      `bind mount ${show(m.sourceAsWritten)} holds ${show(read.rel)}, a file with secret values, which is never written into a ConfigMap or the output; it is mounted read-only from the Secret ${claimName}${m.readOnly ? '' : ' (files written there are not kept)'}: create it from the files as SECRETS.md says`,
    );
    return secretBind(m, claimName, sourceText, read.isFile, read.files, volName(`secret-${sourceLabel(m)}`));
  }
  if (read.kind === 'too-big') {
    d.warn(
      where.file,
      where.path,
      `bind mount ${show(m.sourceAsWritten)} holds more than ${MAX_CONFIG_BYTES / 1024} KiB${read.files >= 1000 ? ` or ${read.files} files` : ''}, too much for a ConfigMap (kubectl apply copies it into a 256 KiB annotation); it becomes the claim ${show(claimName)} (${BIND_CLAIM_SIZE}), which starts empty: ${copyIn}, and size it with ${choose}`,
      'data-copy',
      service,
    );
    return claim();
  }
  if (overDataPath(m.target, ctx.dataPaths ?? [])) {
    d.warn(
      where.file,
      where.path,
      `bind mount ${show(m.sourceAsWritten)} is the image's data folder ${show(m.target)}; it becomes the claim ${show(claimName)} (${BIND_CLAIM_SIZE}), which starts empty: ${copyIn}, and size it with ${choose}`,
      'data-copy',
      service,
    );
    return claim();
  }
  // Another mount of this source lies over a data folder (dataFolderBinds): the same claim here, as compose shares the folder.
  if (ctx.dataFolderBinds?.has(bindIdentity(m.source))) return claim();
  const cmName = claimName;
  const name = volName(`cfg-${sourceLabel(m)}`);
  const data: Record<string, string> = {};
  const binaryData: Record<string, string> = {};
  for (const f of read.files) {
    if (f.base64 !== undefined) binaryData[f.key] = f.base64;
    else data[f.key] = f.text ?? '';
  }
  const needsItems = read.files.some((f) => f.key !== f.rel || f.mode !== DEFAULT_FILE_MODE);
  if (isWritableFileBind(m, read.isFile)) {
    d.warn(
      where.file,
      where.path,
      `bind mount ${show(m.sourceAsWritten)} is a file the application writes to, but it becomes a read-only ConfigMap: the application cannot write it; mount a claim at its folder instead (x-k8s: {mounts: {${path.posix.dirname(m.target)}: {claim: ${claimName}, size: 1Gi}}} and copy the file in once), or keep it read-only on purpose with ${show(`${m.sourceAsWritten}:${m.target}:ro`)}`,
      'writable-file',
      service,
    );
  } else if (!m.readOnly) d.warn(where.file, where.path, `bind mount ${show(m.sourceAsWritten)} becomes a read-only ConfigMap; files written there are not kept`);
  return {
    configMap: { name: cmName, data, ...(Object.keys(binaryData).length > 0 ? { binaryData } : {}), origin: sourceText },
    volume: { name, configMap: { name: cmName, ...(needsItems ? { items: read.files.map((f) => ({ key: f.key, path: f.rel, ...(f.mode !== DEFAULT_FILE_MODE ? { mode: f.mode } : {}) })) } : {}) } },
    mount: { name, mountPath: m.target, readOnly: true, ...(read.isFile ? { subPath: read.files[0].key } : {}) },
  };
}
