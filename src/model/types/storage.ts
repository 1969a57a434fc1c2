/** The model of storage: PersistentVolumeClaims and ConfigMaps. */
import type { Quantity } from './pod';

export interface Claim {
  /** Object name of the claim (or of the volumeClaimTemplate). */
  readonly name: string;
  /** The compose volume it comes from. */
  readonly volume: string;
  readonly size: Quantity;
  readonly accessModes: readonly ('ReadWriteOnce' | 'ReadWriteMany' | 'ReadOnlyMany' | 'ReadWriteOncePod')[];
  readonly storageClassName?: string;
  /** An existing claim: referenced, never emitted. */
  readonly external: boolean;
  readonly labels: Readonly<Record<string, string>>;
}

export interface ConfigMapModel {
  readonly name: string;
  readonly data: Readonly<Record<string, string>>;
  /** Files that are not UTF-8 text, base64-encoded. */
  readonly binaryData?: Readonly<Record<string, string>>;
  /** What it was made from, for the report (e.g. `./nginx/nginx.conf`). */
  readonly origin: string;
}
