/** Merge: how several compose files become one project (files, include, extends, merge, profiles, references). */
export * from './assemble';
export * from './extends';
export * from './files';
export * from './include';
export * from './merge';
export * from './profiles';
export * from './references';
