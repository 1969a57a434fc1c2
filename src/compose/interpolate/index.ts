/** Interpolate: what ${VAR} means (variables, .env files, interpolation, secret-valued variables). */
export * from './envfile';
export * from './interpolate';
export * from './interpolation-syntax';
export * from './secret-refs';
export * from './secret-variables';
export * from './variables';
