import { describe, expect, it } from 'vitest';
import { fileTransferRules } from './file-policy.ts';

describe('fileTransferRules', () => {
  it('allows each direction its policy names', () => {
    expect(fileTransferRules('both', '10240')).toEqual({ upload: true, download: true, maxMb: 10240 });
    expect(fileTransferRules('upload', '1')).toEqual({ upload: true, download: false, maxMb: 1 });
    expect(fileTransferRules('download', '1')).toEqual({ upload: false, download: true, maxMb: 1 });
    expect(fileTransferRules('off', '1')).toEqual({ upload: false, download: false, maxMb: 1 });
  });

  it('offers nothing when the gateway does not say (an older gateway) or says something unknown', () => {
    for (const policy of [null, undefined, '', 'BOTH', 'on', 'yes']) {
      expect(fileTransferRules(policy, null)).toMatchObject({ upload: false, download: false });
    }
  });

  it('leaves the limit unknown unless it is a positive whole number', () => {
    for (const maxMb of [null, undefined, '', '0', '-1', '1.5', 'lots']) {
      expect(fileTransferRules('both', maxMb).maxMb).toBeUndefined();
    }
  });
});
