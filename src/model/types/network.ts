/** The model of the network: Services, Ingresses, HTTPRoutes, published ports and NetworkPolicies. */

export interface ServicePort {
  readonly name: string;
  readonly port: number;
  readonly targetPort: number | string;
  readonly protocol: 'TCP' | 'UDP' | 'SCTP';
  readonly nodePort?: number;
}

export interface ServiceExposure {
  readonly type: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  readonly ports: readonly ServicePort[];
  /** `clusterIP: None`. */
  readonly headless: boolean;
}

export interface IngressModel {
  readonly hosts: readonly string[];
  readonly path: string;
  /** Service port name the Ingress sends traffic to. */
  readonly servicePort: string;
  readonly className?: string;
  /** TLS Secret name (certificates are the cluster's business: cert-manager or a pre-created Secret). */
  readonly tlsSecret?: string;
  readonly annotations: Readonly<Record<string, string>>;
}

/** A Gateway API HTTPRoute (gateway.networking.k8s.io/v1) in the project's namespace. */
export interface HttpRouteModel {
  /** Object name: the compose service name. */
  readonly name: string;
  /** The Gateway it attaches to. */
  readonly parent: { readonly namespace: string; readonly name: string; readonly sectionName?: string };
  readonly hostnames: readonly string[];
  /** The PathPrefix of its one rule. */
  readonly path: string;
  /** Service port number of the backendRef (a route names ports by number). */
  readonly servicePort: number;
  /** Name of that Service port, which is also the name of the container port behind it. */
  readonly portName: string;
  /** The only namespace the NetworkPolicy admits to the routed port; undefined: any source. */
  readonly gatewayNamespace?: string;
  /** The setting it comes from. */
  readonly origin: 'x-k8s.route' | 'x-k8s.ingress' | 'kompose.service.expose';
}

/** A port compose publishes on the host (`"8080:80"`). */
export interface PublishedPort {
  /** The host port compose used (8080). */
  readonly published: number;
  /** The container port (80). */
  readonly containerPort: number;
  readonly protocol: 'TCP' | 'UDP' | 'SCTP';
  /**
   * What it carries, as far as the model knows: `http` (an HTTP healthcheck, an image profile, or a
   * route or Ingress asked for), `other` (UDP/SCTP, or the port of a database, cache or queue image),
   * `unknown` (a TCP port with no evidence either way).
   */
  readonly carries: 'http' | 'other' | 'unknown';
}

export type NetworkPort = { readonly port: number | string; readonly protocol: 'TCP' | 'UDP' | 'SCTP' };

/** Traffic allowed to (ingress) or from (egress) a set of pods. */
export interface NetworkPolicyModel {
  readonly name: string;
  /** Pods it applies to, by label. */
  readonly podSelector: Readonly<Record<string, string>>;
  /** ...and without these labels (`DoesNotExist`). */
  readonly podSelectorWithout?: readonly string[];
  readonly policyTypes: readonly ('Ingress' | 'Egress')[];
  readonly ingress: readonly {
    /** Pods (by label) allowed in; undefined = from anywhere. */
    readonly from?: readonly Readonly<Record<string, string>>[];
    /** Namespaces (by label) allowed in, instead of pods. */
    readonly fromNamespaces?: readonly Readonly<Record<string, string>>[];
    readonly ports: readonly NetworkPort[];
  }[];
  /** Egress rules; `[{}]`-like "to anywhere" is `{}` with neither peers nor ports. */
  readonly egress?: readonly {
    readonly toPods?: readonly Readonly<Record<string, string>>[];
    readonly toCidrs?: readonly string[];
    readonly ports?: readonly NetworkPort[];
  }[];
  readonly origin: string;
}
