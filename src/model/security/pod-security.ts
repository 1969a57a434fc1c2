/**
 * Pod Security levels and the host-access opt-in (`x-k8s.podSecurity: baseline | privileged`).
 *
 * Every pod passes Pod Security "restricted" unless its service opts in. Each compose key that
 * "restricted" forbids needs the lowest level that allows it (the Kubernetes Pod Security
 * Standards): a capability of baseline's list, or running as root, needs "baseline"; any other
 * capability, `privileged`, `network_mode: host`, `pid`/`ipc: host`, devices, system paths of the
 * node and unconfined seccomp/AppArmor need "privileged". Without the opt-in, or with one that is
 * too low, each such key is an error that names the level it needs.
 */
import { Diagnostics, show } from '../../diagnostics';

export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

/** The opt-in levels a service may ask for. */
export const OPT_IN_LEVELS = ['baseline', 'privileged'] as const;
export type OptInLevel = (typeof OPT_IN_LEVELS)[number];

const RANK: Readonly<Record<PodSecurityLevel, number>> = { restricted: 0, baseline: 1, privileged: 2 };

/** The weaker (more permissive) of two levels. */
export function weakest(a: PodSecurityLevel, b: PodSecurityLevel): PodSecurityLevel {
  return RANK[a] >= RANK[b] ? a : b;
}

/** Capabilities "restricted" allows a container to add. */
export const RESTRICTED_CAPABILITIES: readonly string[] = ['NET_BIND_SERVICE'];

/** Capabilities "baseline" allows a container to add (the Pod Security Standards' list). */
export const BASELINE_CAPABILITIES: readonly string[] = [
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
];

/** `cap_add` spelling → the Kubernetes one: upper case, without `CAP_`. */
export function capabilityName(raw: string): string {
  return raw.trim().toUpperCase().replace(/^CAP_/, '');
}

/** The lowest level that allows adding a capability. */
export function capabilityLevel(cap: string): PodSecurityLevel {
  if (RESTRICTED_CAPABILITIES.includes(cap)) return 'restricted';
  return BASELINE_CAPABILITIES.includes(cap) ? 'baseline' : 'privileged';
}

/** Why a level forbids what the next one allows, for the error messages. */
export function capabilityReason(cap: string): string {
  return capabilityLevel(cap) === 'baseline'
    ? `restricted allows adding only ${RESTRICTED_CAPABILITIES.join(', ')}`
    : `baseline allows adding only ${BASELINE_CAPABILITIES.join(', ')}`;
}

/**
 * The host access of one service: what it opted in to, what its keys need, and why. Each key that
 * needs more than "restricted" calls {@link require}; the service is rendered with the key only
 * when the opt-in covers it.
 */
export class HostAccess {
  private neededLevel: PodSecurityLevel = 'restricted';
  private readonly why: string[] = [];

  constructor(
    /** `x-k8s.podSecurity`, or undefined (restricted). */
    readonly optIn: OptInLevel | undefined,
    private readonly service: string,
    private readonly file: string,
    private readonly d: Diagnostics,
  ) {}

  /** The level the pod runs at: the opt-in, else restricted. */
  get level(): PodSecurityLevel {
    return this.optIn ?? 'restricted';
  }

  /** The lowest level the keys seen so far need. */
  get needed(): PodSecurityLevel {
    return this.neededLevel;
  }

  /** What needed more than restricted (for the report), in the order met. */
  get reasons(): readonly string[] {
    return this.why;
  }

  /**
   * `what` (e.g. `network_mode "host"`) needs `level`. True when the opt-in allows it (render it);
   * otherwise records an error at `path` naming the level, with `fix` as the other way out.
   */
  require(path: string, what: string, level: PodSecurityLevel, detail: string, fix: string): boolean {
    if (level === 'restricted') return true;
    this.neededLevel = weakest(this.neededLevel, level);
    if (RANK[this.level] >= RANK[level]) {
      this.why.push(what);
      return true;
    }
    const needs = `${what} needs Pod Security ${show(level)} (${detail})`;
    const optIn = `x-k8s: {podSecurity: ${level}} on service ${this.service}`;
    this.d.error(
      this.file,
      path,
      this.optIn === undefined
        ? `${needs}; ${fix}, or set ${optIn} if its namespace allows ${level} pods`
        : `${needs}, but x-k8s.podSecurity is ${show(this.optIn)}; set ${optIn} if its namespace allows ${level} pods, or ${fix}`,
    );
    return false;
  }

  /** A warning when the opt-in is higher than anything in the service needs (call after every key was seen). */
  checkNotTooHigh(path: string): void {
    if (this.optIn === undefined || RANK[this.optIn] <= RANK[this.neededLevel]) return;
    const lower = this.neededLevel === 'restricted' ? 'remove it' : `set podSecurity: ${this.neededLevel}`;
    this.d.warn(
      this.file,
      path,
      `x-k8s.podSecurity is ${show(this.optIn)}, but nothing in service ${this.service} needs more than ${show(this.neededLevel)}; ${lower}, so that its namespace need not allow ${this.optIn} pods`,
    );
  }
}
