import type { ServiceState } from './service-state.ts';

/** One service as published in state.json. */
export interface ServiceStatus {
  /** Lifecycle state. */
  readonly state: ServiceState;
  /** Process id of the running process (its process group id too), or null. */
  readonly pid: number | null;
  /** How many times it was started again after the first start. */
  readonly restarts: number;
  /** When it entered `state` (ISO 8601). */
  readonly since: string;
  /** Whether its failure stops the container. */
  readonly critical: boolean;
  /** Whether it counts for `ready`. */
  readonly gatesReady: boolean;
}

/** The content of state.json, version 1 of the runtime contract. */
export interface StateSnapshot {
  readonly version: 1;
  /** True only while every service that gates readiness is ready. */
  readonly ready: boolean;
  /** When this snapshot was taken (ISO 8601). */
  readonly updatedAt: string;
  /** Services by name, in boot order. */
  readonly services: Readonly<Record<string, ServiceStatus>>;
}

/** Builds the state.json content from the services' statuses. */
export function makeSnapshot(
  services: ReadonlyArray<readonly [string, ServiceStatus]>,
  now: Date,
): StateSnapshot {
  const gating = services.filter(([, status]) => status.gatesReady);
  return {
    version: 1,
    ready: gating.length > 0 && gating.every(([, status]) => status.state === 'ready'),
    updatedAt: now.toISOString(),
    services: Object.fromEntries(services),
  };
}
