/**
 * The lifecycle of one supervised service as an explicit state machine:
 *
 * ```
 * pending --spawn--> starting --ready--> ready
 * starting|ready --stop--> stopping --exit--> exited --rearm--> pending
 * starting|ready|exited --crash--> backoff --retry--> pending
 * starting|ready|exited --give-up--> failed
 * pending|backoff --stop--> exited
 * ```
 */

/** Where a service is in its lifecycle. */
export type ServiceState = 'pending' | 'starting' | 'ready' | 'stopping' | 'backoff' | 'exited' | 'failed';

/** What can happen to a service. */
export type ServiceEvent = 'spawn' | 'ready' | 'stop' | 'exit' | 'crash' | 'give-up' | 'retry' | 'rearm';

const TRANSITIONS: Readonly<Record<ServiceState, Partial<Record<ServiceEvent, ServiceState>>>> =
  Object.freeze({
    pending: { spawn: 'starting', stop: 'exited' },
    starting: { ready: 'ready', stop: 'stopping', crash: 'backoff', 'give-up': 'failed' },
    ready: { stop: 'stopping', crash: 'backoff', 'give-up': 'failed' },
    stopping: { exit: 'exited' },
    backoff: { retry: 'pending', stop: 'exited' },
    exited: { rearm: 'pending', crash: 'backoff', 'give-up': 'failed' },
    failed: {},
  });

/** A transition the machine does not allow: a bug in the supervisor, never user input. */
export class IllegalTransitionError extends Error {
  constructor(service: string, state: ServiceState, event: ServiceEvent) {
    super(`service ${service}: event ${event} is not allowed in state ${state}`);
    this.name = 'IllegalTransitionError';
  }
}

/**
 * The state after `event`.
 *
 * @throws {IllegalTransitionError} when the machine does not allow `event` in `state`.
 */
export function nextState(service: string, state: ServiceState, event: ServiceEvent): ServiceState {
  const next = TRANSITIONS[state][event];
  if (next === undefined) throw new IllegalTransitionError(service, state, event);
  return next;
}

/** Whether a process may be running in this state. */
export function hasProcess(state: ServiceState): boolean {
  return state === 'starting' || state === 'ready' || state === 'stopping';
}
