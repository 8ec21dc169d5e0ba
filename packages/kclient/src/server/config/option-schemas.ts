import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { FILE_TRANSFER_POLICIES } from '../files/file-policy.ts';
import { parseVncAddress } from './vnc-address.ts';

/**
 * zod schemas for the kinds of value the gateway's options take. Each accepts
 * the typed value (library use) or the string it arrives as from the
 * environment or a flag.
 */

/** An integer in `[min, max]`, given as a number or a decimal string. */
export const integer = (min: number, max: number) => {
  const error = `expected an integer from ${min} to ${max}`;
  return z
    .union([z.number(), z.string().trim().regex(/^\d+$/).transform(Number)], { error })
    .pipe(z.number({ error }).int({ error }).min(min, { error }).max(max, { error }));
};

/** A port (as {@link integer} from 0 to 65535) or the word `off` (any case). */
export const portOrOff = z.union(
  [
    z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.literal('off'))
      .transform(() => 'off' as const),
    integer(0, 65535),
  ],
  { error: 'expected a port from 0 to 65535, or off' },
);

/** `true`/`false`, or `1 0 true false yes no on off` (any case); empty means false. */
export const boolean = z.union(
  [
    z.boolean(),
    z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off', '']))
      .transform((value) => value === '1' || value === 'true' || value === 'yes' || value === 'on'),
  ],
  { error: 'expected true or false (1/0, yes/no, on/off)' },
);

/** An origin (`https://example.com`, port kept) or `*`. */
const origin = z
  .string()
  .trim()
  .transform((value, ctx) => {
    if (value === '*') return value;
    try {
      const url = new URL(value);
      if (url.origin !== 'null') return url.origin;
    } catch {}
    ctx.addIssue({ code: 'custom', message: 'expected an origin such as https://example.com or *' });
    return z.NEVER;
  });

/** A list of origins, as an array or one comma-separated string. */
export const originList = z
  .union([z.array(z.string()), z.string().transform((value) => value.split(','))])
  .transform((list) => list.map((entry) => entry.trim()).filter((entry) => entry !== ''))
  .pipe(z.array(origin));

/** A non-empty path or name. */
export const path = z.string().trim().min(1);

/** Non-empty text, kept as given (secrets: spaces may be meant). */
export const text = z.string().min(1);

/** Characters a URL path segment may hold unencoded (RFC 3986 pchar). */
const PREFIX_SEGMENTS = /^\/(?:[A-Za-z0-9._~!$&'()*+,;=:@%-]+\/)*$/;

/**
 * The URL prefix, normalised as helios-init normalises PREFIX: `desktop`,
 * `/desktop` and `/desktop/` all mean `/desktop/`; empty means `/`.
 */
export const prefix = z
  .string()
  .refine((value) => PREFIX_SEGMENTS.test(normalisePrefix(value)), {
    message: "expected a URL path such as /desktop/ (letters, digits and -._~!$&'()*+,;=:@%)",
  })
  .transform(normalisePrefix);

function normalisePrefix(value: string): string {
  const trimmed = value.trim().replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '/' : `/${trimmed}/`;
}

/** `unix:/path.sock` or `tcp:HOST:PORT`, parsed into a VNC address. */
export const vncAddress = z
  .string({ error: 'required: expected "unix:/path/to.sock" or "tcp:HOST:PORT"' })
  .trim()
  .transform((value, ctx) => {
    const parsed = parseVncAddress(value);
    if ('problem' in parsed) {
      ctx.addIssue({ code: 'custom', message: parsed.problem });
      return z.NEVER;
    }
    return parsed;
  });

/** A PulseAudio device name; passed as one argv entry, so no leading `-`. */
export const deviceName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.:][A-Za-z0-9_.:-]*$/, {
    error: 'expected a PulseAudio device name (letters, digits, _ . : -, not starting with -)',
  });

/** Levels understood by the logger. */
export const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/**
 * CSP `frame-ancestors` sources: `'self'`, `'none'`, `*` or origins, space
 * separated. Anything else (a `;` that would end the directive and start
 * another, a path, a keyword CSP does not allow here) is refused.
 */
export const frameAncestors = z
  .string()
  .trim()
  .refine(
    (value) =>
      value !== '' &&
      value
        .split(/\s+/)
        .every(
          (source) =>
            ["'self'", "'none'", '*'].includes(source) || /^https?:\/\/[A-Za-z0-9.*-]+(:\d+)?$/.test(source),
        ),
    { message: "expected 'self', 'none', * or origins such as https://portal.example, space separated" },
  );

/** `FILE_TRANSFER`: `off`, `upload`, `download` or `both` (any case). */
export const fileTransferPolicy = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(FILE_TRANSFER_POLICIES, { error: `expected ${FILE_TRANSFER_POLICIES.join(', ')}` }));

/** An absolute path (a relative one would depend on where the gateway was started). */
export const absolutePath = path.refine(isAbsolute, { error: 'expected an absolute path' });
