export { type ActivityTracker, createActivityTracker } from './activity.ts';
export { type AuthDecision, type AuthRequest, decideAuth, secretEquals } from './auth.ts';
export { type BridgeContext, type BridgeSummary, runBridge } from './bridge.ts';
export { parseCliArgs, USAGE } from './cli-args.ts';
export {
  type GatewayAuth,
  type GatewayConfig,
  type GatewayOptions,
  type LogLevel,
  OPTION_SOURCES,
  resolveConfig,
} from './config.ts';
export { ENV_NAMES, optionsFromEnv, secretsFromFiles } from './env-options.ts';
export {
  ClientDirError,
  ConfigError,
  ERROR_CODES,
  KclientError,
  type KclientErrorCode,
  ListenError,
  RfbProtocolError,
  RfbUnsupportedError,
  SecretFileError,
  TlsError,
} from './errors.ts';
export { EXIT_CODES, exitCodeForSignal } from './exit-codes.ts';
export { createGateway, type Gateway, type GatewayAddress, startGateway } from './gateway.ts';
export { HandshakeGate } from './handshake-gate.ts';
export { createVncHealth, type Health, healthFromStateFile } from './health.ts';
export { GatewayMetrics, renderMetrics } from './metrics.ts';
export { isOriginAllowed, type OriginRequest } from './origin-check.ts';
export { type RfbFilterResult, RfbInputFilter, type RfbMessageKind } from './rfb-input-filter.ts';
export { decideUpgrade, type UpgradeDecision, type UpgradeRequest } from './upgrade-decision.ts';
export { formatVncAddress, parseVncAddress, type VncAddress } from './vnc-address.ts';
export { probeVnc, type VncProbe } from './vnc-probe.ts';
