/** Network: how services find and reach each other (Service names, ports, exposure, routes, NetworkPolicies, selectors). */
export * from './aliases';
export * from './container-ports';
export * from './exposure';
export * from './host-ip';
export * from './host-uses';
export * from './known-ports';
export * from './networks';
export * from './renames';
export * from './routes';
export * from './selectors';
export * from './service-exposure';
export * from './service-names';
export * from './uses';
