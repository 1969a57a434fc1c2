/** Network: how services find and reach each other (Service names, ports, exposure, routes, NetworkPolicies, selectors). */
export * from './container-ports';
export * from './exposure';
export * from './networks';
export * from './routes';
export * from './selectors';
export * from './service-exposure';
export * from './service-names';
