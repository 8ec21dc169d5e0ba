const UNITS = ['KiB', 'MiB', 'GiB', 'TiB'] as const;

/** `512 B`, `1.5 KiB`, `12 MiB`, `1.02 GiB`: three significant digits at most, binary units. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${Math.max(0, Math.round(bytes))} B`;
  let value = bytes;
  let unit = 'B';
  for (const next of UNITS) {
    if (value < 1024) break;
    value /= 1024;
    unit = next;
  }
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  // Trailing zeros say nothing: 2 MiB, not 2.00 MiB.
  return `${Number(value.toFixed(digits))} ${unit}`;
}

/** `1.2 MiB of 5 MiB (24%)`; the percentage never reaches 100 before the last byte. */
export function progressText(loaded: number, total: number): string {
  const percent = total <= 0 ? 100 : Math.floor((Math.min(loaded, total) / total) * 100);
  return `${formatBytes(loaded)} of ${formatBytes(total)} (${percent}%)`;
}

/** The largest upload, as the panel announces it: `up to 10 GiB`. */
export function limitText(maxMb: number): string {
  return `up to ${formatBytes(maxMb * 1024 * 1024)}`;
}
