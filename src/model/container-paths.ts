/**
 * Container paths as the model compares them, normalized (`/var//lib/../data` is `/var/data`), with
 * the answers remembered (remembered.ts): the security and storage plans normalize the writable and
 * mount paths of every service, the paths repeat across services (`/tmp`, a profile's data folder),
 * and Node's path functions are plain JavaScript that walks the text, which a synth never runs long
 * enough to get optimized.
 */
import * as path from 'path';
import { remembered } from './remembered';

/** `path.posix.normalize`, remembered by path. */
export const normalizeContainerPath: (p: string) => string = remembered((p: string) => path.posix.normalize(p));
