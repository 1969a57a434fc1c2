/** Read: files from disk into YAML values with positions (compose files, Dockerfiles, locations). */
export * from './bounded-diagnostics';
export * from './dockerfile';
export * from './legacy';
export * from './locate';
export * from './read';
export * from './yaml-schema';
