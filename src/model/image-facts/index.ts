/**
 * Image facts: what the lock file says about a service's image (user, ports, volumes, healthcheck,
 * version), the profile of the official image it is or derives from, and the source of each fact.
 * Other concerns call {@link serviceImageFacts} once per service, or {@link lockedPorts} for the
 * ports alone.
 */
export { derivedProfile, BASE_NAME_LABEL, type DerivedProfile } from './derived';
export { lockEntryOf, lockedHealthcheck, lockedPorts, serviceImageFacts, tagSaysNothing, VERSION_LABEL, type FactSource, type LockedPort, type ServiceImageFacts } from './facts';
export { imageFactsNote, withPinnedImage } from './note';
