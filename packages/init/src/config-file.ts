import { readFileSync } from 'node:fs';
import * as z from 'zod/mini';
import { ConfigError, ConfigUnreadableError } from './errors.ts';
import { formatIssues, useEnglishMessages } from './format-issues.ts';

const nonEmpty = z.string().check(z.minLength(1));
const milliseconds = z.int().check(z.minimum(0), z.maximum(3_600_000));
const argv = z.array(nonEmpty).check(z.minLength(1));

/** A readiness check as written in the config file; strings may hold `${VAR}`. */
export type ReadinessInput =
  | { kind: 'none' }
  | { kind: 'unix-socket'; path: string }
  | { kind: 'rfb'; path: string }
  | { kind: 'tcp'; host: string; port: number | string }
  | { kind: 'x-display'; display: string }
  | { kind: 'command'; command: string[]; stdoutMatch?: string | undefined }
  | { kind: 'all'; checks: ReadinessInput[] };

const readinessSchema: z.ZodMiniType<ReadinessInput> = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('unix-socket'), path: nonEmpty }),
  z.strictObject({ kind: z.literal('rfb'), path: nonEmpty }),
  z.strictObject({
    kind: z.literal('tcp'),
    host: z._default(nonEmpty, '127.0.0.1'),
    port: z.union([z.int().check(z.minimum(1), z.maximum(65535)), nonEmpty]),
  }),
  z.strictObject({ kind: z.literal('x-display'), display: nonEmpty }),
  z.strictObject({ kind: z.literal('command'), command: argv, stdoutMatch: z.optional(z.string()) }),
  z.strictObject({
    kind: z.literal('all'),
    get checks() {
      return z.array(readinessSchema).check(z.minLength(1));
    },
  }),
]);

const restartSchema = z.partial(
  z.strictObject({
    initialDelayMs: milliseconds,
    maxDelayMs: milliseconds,
    stableAfterMs: milliseconds,
    maxFailures: z.int().check(z.minimum(1), z.maximum(1000)),
    windowMs: milliseconds,
  }),
);

const serviceSchema = z.partial(
  z.strictObject({
    enabled: z.boolean(),
    command: argv,
    runAs: z.enum(['user', 'root']),
    env: z.record(z.string().check(z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/)), z.string()),
    dependsOn: z.array(nonEmpty),
    bindsTo: z.array(nonEmpty),
    critical: z.boolean(),
    gatesReady: z.boolean(),
    readiness: readinessSchema,
    readinessTimeoutMs: milliseconds,
    stopSignal: z.string().check(z.regex(/^SIG[A-Z0-9]+$/)),
    stopTimeoutMs: milliseconds,
    cleanPaths: z.array(nonEmpty),
    restart: restartSchema,
  }),
);

/** One service entry of the config file: an override of a built-in, or a new service. */
export type ServiceInput = z.infer<typeof serviceSchema>;

const configSchema = z.strictObject({
  /** Restart policy defaults for every service. */
  restart: z._default(restartSchema, {}),
  /** Overrides of built-in services by name, and new services. */
  services: z._default(z.record(z.string().check(z.regex(/^[a-z0-9][a-z0-9._-]*$/)), serviceSchema), {}),
});

/** The validated config file. */
export type InitConfig = Readonly<z.infer<typeof configSchema>>;

/** The config used when no file exists. */
export const EMPTY_CONFIG: InitConfig = Object.freeze({ restart: {}, services: {} });

/**
 * Parses the text of a config file.
 *
 * @throws {ConfigUnreadableError} `HELIOS_INIT_CONFIG_UNREADABLE` when it is not JSON.
 * @throws {ConfigError} `HELIOS_INIT_CONFIG_INVALID` when it does not match the schema.
 */
export function parseConfig(text: string, file: string): InitConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ConfigUnreadableError(file, cause);
  }
  useEnglishMessages();
  const result = configSchema.safeParse(json, { reportInput: true });
  if (!result.success) throw new ConfigError(file, formatIssues(result.error));
  return Object.freeze(result.data);
}

/**
 * Reads the config file; a missing file means {@link EMPTY_CONFIG}.
 *
 * @throws {ConfigUnreadableError} `HELIOS_INIT_CONFIG_UNREADABLE`.
 * @throws {ConfigError} `HELIOS_INIT_CONFIG_INVALID`.
 */
export function loadConfig(file: string): InitConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return EMPTY_CONFIG;
    throw new ConfigUnreadableError(file, cause);
  }
  return parseConfig(text, file);
}
