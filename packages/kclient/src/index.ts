export { type ActivityTracker, createActivityTracker } from './activity.ts';
export {
  type AudioConfig,
  type AudioOptions,
  audioOptionsFromEnv,
  resolveAudioConfig,
} from './audio/audio-config.ts';
export { AudioCodecError, AudioMessageError } from './audio/audio-errors.ts';
export {
  AUDIO_FORMAT,
  type AudioFrame,
  decodeFrame,
  encodeFrame,
  FRAME_KIND,
  type FrameKind,
} from './audio/audio-framing.ts';
export type { ClientMessage, MicState, ServerMessage } from './audio/audio-messages.ts';
export { loadOpus } from './audio/opus-loader.ts';
export { instantiateOpus, type OpusDecoder, type OpusEncoder, type OpusWasm } from './audio/opus-wasm.ts';
export { type AuthDecision, type AuthRequest, decideAuth, secretEquals } from './auth.ts';
export { type BridgeContext, type BridgeSummary, runBridge } from './bridge.ts';
export { type CliParse, collectCliArgs, parseCliArgs, USAGE } from './cli-args.ts';
export {
  type ConfigReport,
  type GatewayAuth,
  type GatewayConfig,
  type GatewayOptions,
  type LogLevel,
  OPTION_SOURCES,
  resolveConfig,
  validateConfig,
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
export { BufferPool, ReadBuffers } from './read-buffers.ts';
export { type RfbFilterResult, RfbInputFilter, type RfbMessageKind } from './rfb-input-filter.ts';
export {
  type CertPaths,
  defaultTlsDir,
  ensureSelfSignedCert,
  type SelfSignedCert,
} from './self-signed-cert.ts';
export { loadTls, readTlsFiles, type TlsFiles, type TlsSource } from './tls-files.ts';
export { decideUpgrade, type UpgradeDecision, type UpgradeRequest } from './upgrade-decision.ts';
export { formatVncAddress, parseVncAddress, type VncAddress } from './vnc-address.ts';
export { probeVnc, type VncProbe } from './vnc-probe.ts';
