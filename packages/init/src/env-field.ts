import * as z from 'zod/mini';

/** What a field parser returns: the value, or why the input is refused. */
export type FieldResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly message: string };

/** A parsed value. */
export const accept = <T>(value: T): FieldResult<T> => ({ ok: true, value });

/** A refusal; the message says what was expected and what was received. */
export const refuse = (message: string): FieldResult<never> => ({ ok: false, message });

/**
 * A zod field for one environment variable (string or absent), parsed by a
 * plain function. Keeping the rules in functions keeps every message exact
 * and the schema (zod/mini, a fraction of classic zod's memory) small.
 */
export function envField<T>(parse: (raw: string | undefined) => FieldResult<T>) {
  return z.pipe(
    z.optional(z.string()),
    z.transform((raw: string | undefined, ctx) => {
      const result = parse(raw);
      if (result.ok) return result.value;
      ctx.issues.push({ code: 'custom', message: result.message, input: raw });
      return z.NEVER;
    }),
  );
}
