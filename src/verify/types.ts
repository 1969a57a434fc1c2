/** What the output may reference without containing it: objects created out of band. */
export interface ExternalObjects {
  /** Secrets created outside the output (`kubectl create secret`, a controller): `name` or `namespace/name`. */
  readonly secrets: readonly string[];
  /** ConfigMaps created outside the output (`kube-root-ca.crt` always exists). */
  readonly configMaps?: readonly string[];
  /** PersistentVolumeClaims created outside the output. */
  readonly claims?: readonly string[];
}
