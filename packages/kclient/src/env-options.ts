import { readFile } from 'node:fs/promises';
import type { GatewayOptions } from './config.ts';
import { SecretFileError } from './errors.ts';

/** Environment variable behind each option (secrets also accept `<NAME>_FILE`). */
export const ENV_NAMES: Readonly<Record<keyof GatewayOptions, string>> = Object.freeze({
  vnc: 'HELIOS_VNC',
  port: 'HTTP_PORT',
  host: 'HELIOS_HOST',
  prefix: 'PREFIX',
  title: 'TITLE',
  clientDir: 'HELIOS_CLIENT_DIR',
  stateFile: 'HELIOS_STATE_FILE',
  activityFile: 'HELIOS_ACTIVITY_FILE',
  viewOnly: 'HELIOS_VIEW_ONLY',
  allowedOrigins: 'HELIOS_ALLOWED_ORIGINS',
  maxConnections: 'HELIOS_MAX_CONNECTIONS',
  maxPayload: 'HELIOS_MAX_PAYLOAD',
  heartbeatSeconds: 'HELIOS_HEARTBEAT_SECONDS',
  httpsPort: 'HTTPS_PORT',
  httpsCert: 'HTTPS_CERT',
  httpsKey: 'HTTPS_KEY',
  tlsDir: 'HELIOS_TLS_DIR',
  authToken: 'HELIOS_AUTH_TOKEN',
  authUser: 'HELIOS_AUTH_USER',
  authPassword: 'HELIOS_AUTH_PASSWORD',
  logLevel: 'HELIOS_LOG_LEVEL',
});

const SECRET_OPTIONS = ['authToken', 'authPassword'] as const;

/** Raw option strings as found in an environment. */
export type RawOptions = Partial<Record<keyof GatewayOptions, string>>;

/**
 * Picks the gateway's variables out of an environment. Empty values count as
 * unset, as in most container tooling (`-e PREFIX=` means "no prefix").
 */
export function optionsFromEnv(env: Readonly<Record<string, string | undefined>>): RawOptions {
  const options: RawOptions = {};
  for (const [key, name] of Object.entries(ENV_NAMES) as [keyof GatewayOptions, string][]) {
    const value = env[name];
    if (value !== undefined && value !== '') options[key] = value;
  }
  return options;
}

/**
 * Reads `HELIOS_AUTH_TOKEN_FILE` / `HELIOS_AUTH_PASSWORD_FILE` (Docker and
 * Kubernetes secrets). A trailing newline is dropped because `echo` and most
 * editors add one. The direct variable wins when both are set.
 */
export async function secretsFromFiles(
  env: Readonly<Record<string, string | undefined>>,
): Promise<RawOptions> {
  const options: RawOptions = {};
  for (const key of SECRET_OPTIONS) {
    const variable = `${ENV_NAMES[key]}_FILE`;
    const file = env[variable];
    if (file === undefined || file === '' || env[ENV_NAMES[key]]) continue;
    try {
      options[key] = (await readFile(file, 'utf8')).replace(/\r?\n$/, '');
    } catch (cause) {
      throw new SecretFileError(variable, file, cause);
    }
  }
  return options;
}
