import { describe, expect, it } from 'vitest';
import { sortEntries } from './folder-listing.ts';

describe('sortEntries', () => {
  it('puts folders first, then sorts by name', () => {
    const file = (name: string) => ({ name, type: 'file' as const, size: 1, mtimeMs: 0 });
    const dir = (name: string) => ({ name, type: 'dir' as const });
    expect(sortEntries([file('b'), dir('z'), file('B'), file('a'), dir('a')]).map((e) => e.name)).toEqual([
      'a',
      'z',
      'B',
      'a',
      'b',
    ]);
  });
});
