/** Images: what is known about an image reference (name, tag, profile, pull policy, choice). */
export * from './image-choice';
export * from './image-profiles';
export * from './images';
export * from './pull-policy';
