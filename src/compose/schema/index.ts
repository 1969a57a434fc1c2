/** Schema: whether a compose document is well formed (the schema, its validators, validation). */
export * from './schema';
export * from './schema-build';
export * from './schema-deploy';
export * from './schema-healthcheck';
export * from './schema-lifecycle';
export * from './schema-mounts';
export * from './schema-ports';
export * from './schema-resources';
export * from './schema-service';
export * from './schema-service-networks';
export * from './schema-shared';
export * from './validate';
export * from './validators';
