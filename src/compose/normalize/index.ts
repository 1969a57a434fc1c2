/** Normalize: one merged service turned into the typed ComposeProject (environment, mounts, hooks, build). */
export * from './build-image';
export * from './device-requests';
export * from './environment';
export * from './hooks';
export * from './label-files';
export * from './normalize';
export * from './normalize-service';
export * from './service-mounts';
