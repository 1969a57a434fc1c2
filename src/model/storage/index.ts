/** Storage: where each mount of a service lives (volumes, binds, bind files, claims, ConfigMaps, image-filled volumes). */
export * from './bind-files';
export * from './binds';
export * from './claim-templates';
export * from './config-map-dedupe';
export * from './image-fill';
export * from './missing-files';
export * from './mount-context';
export * from './project-path';
export * from './volumes';
