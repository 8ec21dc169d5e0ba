import { z } from 'zod';
import { ConfigError } from '../errors.ts';

/**
 * Options of the `{prefix}audio` route. Kept apart from the gateway's own
 * options: the audio path reads only the environment (no flags), and a
 * gateway in front of a VNC server without PulseAudio can turn it off.
 */
export interface AudioOptions {
  /** Serve `{prefix}audio`. Env `HELIOS_AUDIO` (`0`/`false` turns it off). @default true */
  enabled?: boolean | string;
  /** PulseAudio sink whose monitor is streamed to browsers. Env `HELIOS_AUDIO_SINK`. @default 'helios' */
  sink?: string;
  /** PulseAudio sink the microphone is played into (its monitor feeds the virtual source). Env `HELIOS_AUDIO_MIC_SINK`. @default 'helios_mic' */
  micSink?: string;
  /** Opus bit rate of desktop audio, bits per second. Env `HELIOS_AUDIO_BITRATE`. @default 128000 */
  bitrate?: number | string;
  /** Capture program (PulseAudio's `parec`). @default 'parec' */
  parec?: string;
  /** Playback program for the microphone (PulseAudio's `pacat`). @default 'pacat' */
  pacat?: string;
}

/** Validated, frozen audio settings. */
export interface AudioConfig {
  readonly enabled: boolean;
  readonly sink: string;
  readonly micSink: string;
  readonly bitrate: number;
  readonly parec: string;
  readonly pacat: string;
}

/** Environment variable of each option, for error messages. */
const SOURCES: Readonly<Record<keyof AudioOptions, string>> = Object.freeze({
  enabled: 'HELIOS_AUDIO',
  sink: 'HELIOS_AUDIO_SINK',
  micSink: 'HELIOS_AUDIO_MIC_SINK',
  bitrate: 'HELIOS_AUDIO_BITRATE',
  parec: 'parec',
  pacat: 'pacat',
});

// Passed as one argv entry; a leading "-" would still read as a flag.
const deviceName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.:][A-Za-z0-9_.:-]*$/, {
    error: 'expected a PulseAudio device name (letters, digits, _ . : -, not starting with -)',
  });

const schema = z.object({
  enabled: z
    .union([
      z.boolean(),
      z
        .string()
        .trim()
        .toLowerCase()
        .pipe(z.enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off']))
        .transform((value) => ['1', 'true', 'yes', 'on'].includes(value)),
    ])
    .default(true),
  sink: deviceName.default('helios'),
  micSink: deviceName.default('helios_mic'),
  bitrate: z
    .union([z.number(), z.string().trim().regex(/^\d+$/).transform(Number)])
    .pipe(z.number().int().min(6_000).max(510_000, { error: 'expected 6000 to 510000 bits per second' }))
    .default(128_000),
  parec: z.string().min(1).default('parec'),
  pacat: z.string().min(1).default('pacat'),
});

/** Reads {@link AudioOptions} from the environment; empty variables count as unset. */
export function audioOptionsFromEnv(env: NodeJS.ProcessEnv): AudioOptions {
  const pick = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  const options: AudioOptions = {};
  const enabled = pick('HELIOS_AUDIO');
  const sink = pick('HELIOS_AUDIO_SINK');
  const micSink = pick('HELIOS_AUDIO_MIC_SINK');
  const bitrate = pick('HELIOS_AUDIO_BITRATE');
  if (enabled !== undefined) options.enabled = enabled;
  if (sink !== undefined) options.sink = sink;
  if (micSink !== undefined) options.micSink = micSink;
  if (bitrate !== undefined) options.bitrate = bitrate;
  return options;
}

/** Validates {@link AudioOptions} into a frozen {@link AudioConfig}; throws {@link ConfigError} listing every problem. */
export function resolveAudioConfig(options: AudioOptions = {}): AudioConfig {
  const result = schema.safeParse(options, { reportInput: true });
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const key = issue.path[0] as keyof AudioOptions | undefined;
        const where = key === undefined ? 'audio' : `${key} (${SOURCES[key]})`;
        const received =
          'input' in issue && issue.input !== undefined ? `, received ${JSON.stringify(issue.input)}` : '';
        return `${where}: ${issue.message}${received}`;
      }),
      { cause: result.error },
    );
  }
  return Object.freeze({ ...result.data });
}
