import { describe, expect, it } from 'vitest';
import { decideFileAccess, FILE_TRANSFER_POLICIES, pagePolicy } from './file-policy.ts';

describe('decideFileAccess', () => {
  it.each([
    ['off', false, false],
    ['upload', true, false],
    ['download', false, true],
    ['both', true, true],
  ] as const)('FILE_TRANSFER=%s allows uploads: %s, downloads and listings: %s', (policy, up, down) => {
    expect(decideFileAccess(policy, false, 'upload').allowed).toBe(up);
    expect(decideFileAccess(policy, false, 'download').allowed).toBe(down);
  });

  it('names FILE_TRANSFER and how to allow the direction when it refuses', () => {
    expect(decideFileAccess('upload', false, 'download')).toEqual({
      allowed: false,
      message:
        'downloads and listings are off: FILE_TRANSFER=upload (set FILE_TRANSFER=download or both to allow them)',
    });
    expect(decideFileAccess('off', false, 'upload')).toEqual({
      allowed: false,
      message: 'uploads are off: FILE_TRANSFER=off (set FILE_TRANSFER=upload or both to allow them)',
    });
  });

  it('refuses everything on a view-only gateway, whatever the policy', () => {
    for (const policy of FILE_TRANSFER_POLICIES) {
      for (const direction of ['upload', 'download'] as const) {
        expect(decideFileAccess(policy, true, direction)).toEqual({
          allowed: false,
          message: 'this gateway is view-only (HELIOS_VIEW_ONLY): it transfers no files',
        });
      }
    }
  });
});

describe('pagePolicy', () => {
  it('announces the policy on a full page and off on a view-only one', () => {
    expect(pagePolicy('both', false)).toBe('both');
    expect(pagePolicy('both', true)).toBe('off');
  });
});
