/** Values: where environment values and secrets come from and how they reach a container. */
export * from './env';
export * from './literal-secrets';
export * from './secret-provider';
export * from './service-secrets';
