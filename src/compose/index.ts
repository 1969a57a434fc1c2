/**
 * The compose stage's public face: the loader (load.ts), the ComposeProject types (types.ts), and
 * the few compose readings the model stage shares (suggestions, host paths, short forms, image
 * content). Code outside src/compose imports the front end only from here.
 */
export * from './load';
export type * from './types';
export { didYouMean } from './suggest';
export { classifyHostPath } from './host-paths';
export { isCdiDevice, parseDuration, parseInteger, splitShellWords } from './syntax';
export { imageContentAt, imageHoldsAt, lacksShell } from './normalize';
