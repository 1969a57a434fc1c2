/**
 * The ports a service is known to listen on, each with where it is known from, in the order of
 * DESIGN.md ("Compose semantics on Kubernetes"): compose `ports`/`expose` targets; its healthcheck;
 * the lock file's `ExposedPorts`; its Dockerfile's `EXPOSE`; its image profile; ports other services
 * use with its name. A port is listed once, under its first source.
 */
import { ComposeService } from '../../compose';
import { ImageProfile } from '../images';
import { NameUse } from './uses';

/** The kinds of port sources, in precedence order (the order the Service lists their ports in). */
export const PORT_ORIGINS = ['compose', 'healthcheck', 'lock', 'dockerfile', 'profile', 'used'] as const;
export type PortOrigin = (typeof PORT_ORIGINS)[number];

export interface KnownPort {
  readonly port: number;
  readonly protocol: 'tcp' | 'udp' | 'sctp';
  readonly origin: PortOrigin;
  /** Where exactly, for the report: `ports`, `expose`, `healthcheck`, `Dockerfile EXPOSE (./Dockerfile)`, `image profile postgres`, `environment DATABASE_URL of web`. Never a value. */
  readonly from: string;
  /** The long-syntax port `name`. */
  readonly userName?: string;
}

/**
 * One source of ports. The sources of a service are built by `portSources`; a source not known
 * there (the lock file's image facts, `origin: 'lock'`) is appended by the caller: `knownPorts`
 * orders sources by PORT_ORIGINS, wherever they are in the list.
 */
export interface PortSource {
  readonly origin: PortOrigin;
  readonly ports: readonly Omit<KnownPort, 'origin'>[];
}

export interface PortSourceInput {
  readonly service: ComposeService;
  /** TCP ports its healthcheck uses (an HTTP or TCP check), from the probe plan. */
  readonly healthcheckPorts: readonly number[];
  readonly profile?: ImageProfile;
  /** The uses of this service by others (uses.ts). */
  readonly uses: readonly NameUse[];
}

/** The port sources compose, the Dockerfile, the profile and the other services give (no lock source: see PortSource). */
export function portSources(input: PortSourceInput): PortSource[] {
  const s = input.service;
  const df = s.build?.image;
  return [
    {
      origin: 'compose',
      ports: [
        ...s.ports.map((p) => ({ port: p.target, protocol: p.protocol, from: 'ports', ...(p.name !== undefined ? { userName: p.name } : {}) })),
        ...s.expose.map((e) => ({ port: e.port, protocol: e.protocol, from: 'expose' })),
      ],
    },
    { origin: 'healthcheck', ports: input.healthcheckPorts.map((port) => ({ port, protocol: 'tcp' as const, from: 'healthcheck' })) },
    { origin: 'dockerfile', ports: (df?.exposes ?? []).map((e) => ({ port: e.port, protocol: e.protocol, from: `Dockerfile EXPOSE (${df!.dockerfile})` })) },
    { origin: 'profile', ports: input.profile?.port !== undefined ? [{ port: input.profile.port, protocol: 'tcp' as const, from: `image profile ${input.profile.name}` }] : [] },
    {
      origin: 'used',
      ports: input.uses.flatMap((u) => (u.port !== undefined ? [{ port: u.port, protocol: 'tcp' as const, from: `${u.where} of ${u.consumer}` }] : [])),
    },
  ];
}

/** The known ports: sources in PORT_ORIGINS order (stable within one origin), each port/protocol once. */
export function knownPorts(sources: readonly PortSource[]): KnownPort[] {
  const out: KnownPort[] = [];
  // The sources of each origin in turn (a service has about six): the order of a stable sort by
  // origin, without one. Each port is written out as a literal rather than spread with its origin:
  // the ports of the sources come in several shapes, and a spread of mixed shapes is slow in the
  // cold code of a synth.
  for (const origin of PORT_ORIGINS) {
    for (const src of sources) {
      if (src.origin !== origin) continue;
      for (const p of src.ports) {
        if (out.some((q) => q.port === p.port && q.protocol === p.protocol)) continue;
        out.push(p.userName !== undefined ? { port: p.port, protocol: p.protocol, from: p.from, userName: p.userName, origin } : { port: p.port, protocol: p.protocol, from: p.from, origin });
      }
    }
  }
  return out;
}

/** Sources that say the service listens on a port even when nobody uses it by name: its compose ports, its healthcheck, its image profile (and the lock file's ExposedPorts while the image's own command runs). */
const OWN_ORIGINS: ReadonlySet<PortOrigin> = new Set(['compose', 'healthcheck', 'profile']);

/**
 * Whether a service gets a Service, and the ports its container declares. A service gets one when
 * another uses it by name, or when compose declares a port or its image profile has one. Without a
 * Service only its own ports (compose, healthcheck, profile) are declared: a Dockerfile `EXPOSE` of a
 * shared image says nothing about a worker that runs another command of it. `probePorts` are the
 * ports the default TCP probe may use (the same own ports: a probe of a port the process does not
 * open would never succeed).
 */
export function listedPorts(known: readonly KnownPort[], usedByName: boolean, imageCommandKept = false): { serves: boolean; ports: KnownPort[]; probePorts: KnownPort[] } {
  // The image's ExposedPorts (lock file) are its own ports while the service runs the image's own
  // command; a worker that runs another command of the same image may not listen there.
  const own = known.filter((k) => OWN_ORIGINS.has(k.origin) || (k.origin === 'lock' && imageCommandKept));
  const serves = usedByName || known.some((k) => k.origin === 'compose' || k.origin === 'profile' || (k.origin === 'lock' && imageCommandKept));
  return { serves, ports: serves ? [...known] : own, probePorts: own };
}
