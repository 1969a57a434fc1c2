/** Storage: where each mount of a service lives (volumes, binds, bind files, claims, ConfigMaps, image-filled volumes). */
export * from './anon-volumes';
export * from './bind-files';
export * from './binds';
export * from './claim-groups';
export * from './claim-templates';
export * from './config-map-dedupe';
export * from './file-binds';
export * from './identity';
export * from './image-fill';
export * from './image-volumes';
export * from './missing-files';
export * from './mount-context';
export * from './project-path';
export * from './volumes';
