/**
 * The application model: plain typed data with every decision taken (workload kinds, names,
 * probes, resources, secret references, gates). The charts translate it one-to-one into
 * Kubernetes objects; they decide nothing. This module knows neither YAML nor cdk8s.
 */
export * from './app';
export * from './network';
export * from './pod';
export * from './secrets';
export * from './storage';
export * from './workload';
