import { describe, expect, it } from 'vitest';
import { formatBytes, limitText, progressText } from './byte-sizes.ts';

describe('formatBytes', () => {
  it('counts bytes below a KiB one by one', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
  });

  it('uses binary units with at most three significant digits', () => {
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(12.34 * 1024 * 1024)).toBe('12.3 MiB');
    expect(formatBytes(2 * 1024 * 1024)).toBe('2 MiB');
    expect(formatBytes(123.4 * 1024 ** 3)).toBe('123 GiB');
    expect(formatBytes(3 * 1024 ** 4)).toBe('3 TiB');
  });
});

describe('progressText', () => {
  it('says how far an upload is', () => {
    expect(progressText(1.25 * 1024 * 1024, 5 * 1024 * 1024)).toBe('1.25 MiB of 5 MiB (25%)');
  });

  it('stays below 100% until the last byte is sent', () => {
    expect(progressText(999_999, 1_000_000)).toMatch(/\(99%\)$/);
    expect(progressText(1_000_000, 1_000_000)).toMatch(/\(100%\)$/);
  });

  it('treats an empty file as done', () => {
    expect(progressText(0, 0)).toBe('0 B of 0 B (100%)');
  });
});

describe('limitText', () => {
  it('announces FILE_TRANSFER_MAX_MB in readable units', () => {
    expect(limitText(10240)).toBe('up to 10 GiB');
    expect(limitText(1)).toBe('up to 1 MiB');
  });
});
