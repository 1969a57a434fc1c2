/** What up/ps/down get from the CLI: output, the environment, and the options that are not synth's. */
export interface DeployIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** stderr is a terminal: live progress redrawn in place; else plain lines. */
  readonly tty: boolean;
  /** The terminal's width (progress lines are cut to it); 80 when unknown. */
  readonly columns?: number;
}

export interface DeployOptions {
  readonly namespace: string;
  readonly timeoutMs: number;
  readonly wait: boolean;
  readonly dryRun: boolean;
  readonly createSecrets: boolean;
  readonly pruneVolumes: boolean;
  /** cdk8s-compose's version, for the parent's `tooling` annotation. */
  readonly version: string;
}
