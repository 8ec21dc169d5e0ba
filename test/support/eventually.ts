/**
 * Reads `read` every 200 ms until `ok` holds or `timeoutMs` passed, and
 * returns the last value either way, so the test's own assertion on it says
 * what was seen.
 */
export async function eventually<T>(
  read: () => T | Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const started = Date.now();
  let value = await read();
  while (!ok(value) && Date.now() - started < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    value = await read();
  }
  return value;
}
