/** Security: who a container runs as and what it may do (users, Pod Security level, root filesystem). */
export * from './dockerfile-user';
export * from './pod-security';
export * from './root-filesystem';
export * from './security';
export * from './user-plan';
