/**
 * The image reference grammar docker compose checks (github.com/distribution/reference):
 * `[DOMAIN[:PORT]/]PATH[:TAG][@DIGEST]`, PATH lowercase components separated by `/`, a TAG of at
 * most 128 word characters, dots and dashes, a DIGEST `ALGORITHM:HEX` (32 hex digits or more).
 */
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN_PART = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_PART}(?:\\.${DOMAIN_PART})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*(?::${TAG})?(?:@${DIGEST})?$`);

/** True when `image` is a reference docker compose accepts. */
export function isImageReference(image: string): boolean {
  return image.length <= 255 + 1 + 128 + 200 && REFERENCE.test(image);
}
