/**
 * The shape of one supervised service. Built-in services, services from the
 * config file and executables in services.d all end up as a {@link ServiceSpec}.
 * String fields may hold `${VAR}` placeholders, expanded against the
 * service's environment when the plan is made.
 */

/** A real check that a started service can be used. */
export type ReadinessCheck =
  /** Ready as soon as the process is spawned. */
  | { readonly kind: 'none' }
  /** Ready when a unix stream socket accepts a connection. */
  | { readonly kind: 'unix-socket'; readonly path: string }
  /** Ready when a VNC server on a unix socket sends its `RFB xxx.yyy` greeting. */
  | { readonly kind: 'rfb'; readonly path: string }
  /** Ready when a TCP port accepts a connection. */
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number }
  /** Ready when the X server behind `display` answers a connection setup. */
  | { readonly kind: 'x-display'; readonly display: string }
  /** Ready when a command (run like the service) exits 0 and its stdout matches. */
  | {
      readonly kind: 'command';
      readonly command: readonly string[];
      readonly stdoutMatch?: string | undefined;
    }
  /** Ready when every check passes. */
  | { readonly kind: 'all'; readonly checks: readonly ReadinessCheck[] };

/** Whom a service runs as. */
export type RunAs = 'user' | 'root';

/** Restart behaviour after an unexpected exit. */
export interface RestartPolicy {
  /** First restart delay. @default 100 */
  readonly initialDelayMs: number;
  /** Cap of the exponential delay. @default 10000 */
  readonly maxDelayMs: number;
  /** Uptime after which a run counts as stable and the delay resets. @default 10000 */
  readonly stableAfterMs: number;
  /** Failed starts (never ready) within {@link windowMs} that mark the service failed. @default 5 */
  readonly maxFailures: number;
  /** Sliding window of the failure count. @default 60000 */
  readonly windowMs: number;
}

/** Default {@link RestartPolicy}. */
export const DEFAULT_RESTART: RestartPolicy = Object.freeze({
  initialDelayMs: 100,
  maxDelayMs: 10_000,
  stableAfterMs: 10_000,
  maxFailures: 5,
  windowMs: 60_000,
});

/** One supervised service, fully resolved. */
export interface ServiceSpec {
  /** Unique name, also the log prefix. */
  readonly name: string;
  /** argv; the first entry is looked up on PATH. */
  readonly command: readonly string[];
  /** `user` drops to the desktop user with setpriv (keeping supplementary groups). */
  readonly runAs: RunAs;
  /** Extra environment on top of the base service environment. */
  readonly env: Readonly<Record<string, string>>;
  /** Services that must be ready before this one starts. */
  readonly dependsOn: readonly string[];
  /** Dependencies this service follows: when one stops being ready, this one is restarted. */
  readonly bindsTo: readonly string[];
  /** A failed critical service stops the container with a non-zero exit code. */
  readonly critical: boolean;
  /** state.json `ready` is true only while every gating service is ready. */
  readonly gatesReady: boolean;
  /** How to tell the service is usable. */
  readonly readiness: ReadinessCheck;
  /** Time to become ready before the attempt counts as a failure. */
  readonly readinessTimeoutMs: number;
  /** Signal sent to the process group to stop it. */
  readonly stopSignal: NodeJS.Signals;
  /** Time between the stop signal and SIGKILL. */
  readonly stopTimeoutMs: number;
  /** Files removed before every start (stale locks and sockets). */
  readonly cleanPaths: readonly string[];
  /** Restart behaviour. */
  readonly restart: RestartPolicy;
}

/**
 * Defaults of a service that is not built in (config file entries and
 * services.d scripts): not critical, no readiness check, the usual stop.
 */
export const SERVICE_DEFAULTS: Omit<ServiceSpec, 'name' | 'command'> = Object.freeze<
  Omit<ServiceSpec, 'name' | 'command'>
>({
  runAs: 'user',
  env: {},
  dependsOn: [],
  bindsTo: [],
  critical: false,
  gatesReady: false,
  readiness: { kind: 'none' } as const,
  readinessTimeoutMs: 10_000,
  stopSignal: 'SIGTERM',
  stopTimeoutMs: 2_000,
  cleanPaths: [],
  restart: DEFAULT_RESTART,
});
