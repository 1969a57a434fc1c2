/**
 * The lock file, `cdk8s-compose.lock.json` (format.ts: what it holds, reading and writing it;
 * use.ts: how synth finds and checks it). Written by `cdk8s-compose lock` (src/lock, the only code
 * that uses the network), read by `synth`.
 */
export * from './format';
export { loadLock, lockFilePath, pulledImages, type LockUseOptions } from './use';
