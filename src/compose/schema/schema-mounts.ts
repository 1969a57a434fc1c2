/**
 * Compose schema of a service's `volumes:` (short strings and the long mapping syntax of bind,
 * volume, tmpfs, image... mounts) and `tmpfs:` entries.
 */
import { show } from '../../diagnostics';
import { boolean, byType, byteSize, fileMode, listOrDict, object, str, type Check } from './validators';
import { EXPECTED_TMPFS, isAbsoluteContainerPath, parseTmpfsString, parseVolumeString } from '../syntax';
import { getKey, isMap, untag } from '../yaml-value';

/** A mount's `target`: an absolute path in the container. */
const absoluteTarget: Check = str({
  test: isAbsoluteContainerPath,
  what: 'target',
  expected: 'expected an absolute path in the container, like "/data"',
});

/** The keys of a long-syntax mount; `type` and `target` are required. */
const longVolumeFields: Check = object(
  {
    type: str({ oneOf: ['bind', 'volume', 'tmpfs', 'cluster', 'npipe', 'image'] }),
    source: str(),
    target: absoluteTarget,
    read_only: boolean,
    consistency: str(),
    bind: object({
      propagation: str(),
      create_host_path: boolean,
      recursive: str({ oneOf: ['enabled', 'disabled', 'writable', 'readonly'] }),
      selinux: str({ oneOf: ['z', 'Z'] }),
    }),
    volume: object({ labels: listOrDict, nocopy: boolean, subpath: str() }),
    tmpfs: object({ size: byteSize, mode: fileMode }),
    image: object({ subpath: str() }),
  },
  { required: ['type', 'target'] },
);

/**
 * One entry of a service's `volumes:`: a `[SOURCE:]TARGET[:MODE]` string (unknown options are
 * warned about and ignored) or a long-syntax mapping (`source` required for bind, image and npipe).
 */
export const volumeItem: Check = byType(
  {
    string: (value, path, ctx) => {
      const parsed = parseVolumeString(value as string);
      if ('error' in parsed) return ctx.error(path, parsed.error);
      for (const option of parsed.volume.unknownOptions) {
        ctx.warn(path, `unknown volume option ${show(option)} is ignored; expected ro, rw, nocopy, z, Z or a propagation mode`);
      }
    },
    map: (value, path, ctx) => {
      longVolumeFields(value, path, ctx);
      if (!isMap(value)) return;
      const type = untag(getKey(value, 'type') ?? null);
      if ((type === 'bind' || type === 'image' || type === 'npipe') && getKey(value, 'source') === undefined) {
        ctx.error(path, `missing key "source"; it is required for a ${type} mount`);
      }
    },
  },
  'expected a string like "data:/var/lib/data" or a mapping',
);

/** One entry of a service's `tmpfs:`: `PATH[:OPTIONS]`. */
export const tmpfsItem: Check = str({ test: (s) => !('error' in parseTmpfsString(s)), what: 'tmpfs', expected: EXPECTED_TMPFS });
