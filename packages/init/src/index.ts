export { builtinServices } from './builtin-services.ts';
export { EMPTY_CONFIG, type InitConfig, loadConfig, parseConfig, type ServiceInput } from './config-file.ts';
export { dependencyOrder } from './dependency-order.ts';
export { type Environment, parseEnvironment } from './environment.ts';
export * from './errors.ts';
export { EXIT_CODES, exitCodeForError, exitCodeForSignal } from './exit-codes.ts';
export {
  type PathProbe,
  type PrivilegeDecision,
  type PrivilegeFacts,
  type PrivilegePlan,
  planPrivileges,
  type RestrictedDir,
  type RestrictedPlan,
  type RootPlan,
  type UserEntrySource,
  userEntryEnv,
} from './privilege-plan.ts';
export { RestartTracker, type RestartVerdict } from './restart-policy.ts';
export { type RunInitOptions, runInit } from './run-init.ts';
export { parseRuntimeEnv, type RuntimeEnv } from './runtime-env.ts';
export type { ServiceContext } from './service-context.ts';
export {
  DEFAULT_RESTART,
  type ReadinessCheck,
  type RestartPolicy,
  type ServiceSpec,
} from './service-spec.ts';
export { nextState, type ServiceEvent, type ServiceState } from './service-state.ts';
export type { ServiceStatus, StateSnapshot } from './state-snapshot.ts';
export { readStateFile, renderStatus } from './status-report.ts';
export {
  type ExitStatus,
  type Launcher,
  type Prober,
  type ServiceProcess,
  Supervisor,
} from './supervisor.ts';
export { parseUserEnv, type RunningIds, type UserIdentity } from './user-env.ts';
