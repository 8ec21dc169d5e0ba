// The documented API of @helios/kclient (README "As a library"). Everything
// else under src/server is internal and may change between minor versions.

export { AudioCodecError, AudioMessageError } from './server/audio/audio-errors.ts';
export { optionsFromEnv, type RawOptions, secretsFromFiles } from './server/config/env-options.ts';
export {
  type AudioConfig,
  type ConfigReport,
  type GatewayAuth,
  type GatewayConfig,
  type LogLevel,
  type RawOptionValues,
  resolveConfig,
  validateConfig,
} from './server/config/gateway-config.ts';
export {
  DEFAULT_PORT,
  GATEWAY_OPTIONS,
  type GatewayOptions,
  type OptionName,
  type OptionSpec,
} from './server/config/gateway-options.ts';
export type { VncAddress } from './server/config/vnc-address.ts';
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
} from './server/errors.ts';
export { createGateway, type Gateway, type GatewayAddress, startGateway } from './server/gateway.ts';
export { type RfbFilterResult, RfbInputFilter, type RfbMessageKind } from './server/rfb-input-filter.ts';
export {
  AUDIO_FORMAT,
  type AudioFrame,
  decodeFrame,
  encodeFrame,
  FRAME_KIND,
  type FrameKind,
} from './shared/audio-framing.ts';
export type { ClientMessage, MicState, ServerMessage } from './shared/audio-messages.ts';
