/** Pods of several compose services: `network_mode: service:X` / `container:NAME` and `kompose.service.group`. */
export { GROUP_LABEL, planPods, reachableNames } from './plan';
export type { PodGroup, PodMember, PodPlan } from './plan';
export { mergePods, podClaimUsers } from './merge';
export type { MergeInputs } from './merge';
