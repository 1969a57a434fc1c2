/**
 * The numeric user and group a service's containers run as (security.ts decides it, dockerfile-user.ts
 * reads it from a Dockerfile): its own file, so that dockerfile-user.ts need not import security.ts back.
 */
export interface UserPlan {
  readonly uid: number;
  readonly gid: number;
}
