import { readFile } from 'node:fs/promises';
import { SecretFileError } from '../errors.ts';
import { GATEWAY_OPTIONS, OPTION_NAMES, type OptionName, type OptionSpec } from './gateway-options.ts';

/** Raw option strings as found in an environment or on a command line. */
export type RawOptions = Partial<Record<OptionName, string>>;

const spec = (name: OptionName): OptionSpec => GATEWAY_OPTIONS[name];

/**
 * Picks the gateway's variables out of an environment. Empty values count as
 * unset, as in most container tooling (`-e PREFIX=` means "no prefix").
 */
export function optionsFromEnv(env: Readonly<Record<string, string | undefined>>): RawOptions {
  const options: RawOptions = {};
  for (const name of OPTION_NAMES) {
    const value = env[spec(name).env];
    if (value !== undefined && value !== '') options[name] = value;
  }
  return options;
}

/**
 * Reads `<VARIABLE>_FILE` of every secret option (Docker and Kubernetes
 * secrets). A trailing newline is dropped because `echo` and most editors
 * add one. The direct variable wins when both are set.
 *
 * @throws {SecretFileError} `HELIOS_KCLIENT_SECRET_UNREADABLE`.
 */
export async function secretsFromFiles(
  env: Readonly<Record<string, string | undefined>>,
): Promise<RawOptions> {
  const options: RawOptions = {};
  for (const name of OPTION_NAMES) {
    const { env: variable, secret } = spec(name);
    const file = env[`${variable}_FILE`];
    if (!secret || file === undefined || file === '' || env[variable]) continue;
    try {
      options[name] = (await readFile(file, 'utf8')).replace(/\r?\n$/, '');
    } catch (cause) {
      throw new SecretFileError(`${variable}_FILE`, file, cause);
    }
  }
  return options;
}
