/** Workload: what kind of controller runs a service and how it starts, stays healthy and rolls out. */
export * from './container-probes';
export * from './dependencies';
export * from './depends-on';
export * from './devices';
export * from './gates';
export * from './healthcheck-argv';
export * from './hooks';
export * from './job-name';
export * from './main-container';
export * from './pod-spec';
export * from './probes';
export * from './resources';
export * from './rollout';
export * from './workload-kind';
