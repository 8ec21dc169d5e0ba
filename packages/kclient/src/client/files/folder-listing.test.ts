import { describe, expect, it } from 'vitest';
import { parseListing } from './folder-listing.ts';

describe('parseListing', () => {
  it("keeps the gateway's folders and files in its order", () => {
    const body = JSON.stringify({
      path: 'Downloads',
      entries: [
        { name: 'sub', type: 'dir' },
        { name: 'a.txt', type: 'file', size: 12, mtimeMs: 1764000000000 },
      ],
    });
    expect(parseListing(body)).toEqual({
      entries: [
        { name: 'sub', type: 'dir' },
        { name: 'a.txt', type: 'file', size: 12, mtimeMs: 1764000000000 },
      ],
    });
  });

  it('skips entries it could not show or ask for again', () => {
    const body = JSON.stringify({
      path: '',
      entries: [
        { name: '..', type: 'dir' },
        { name: 'a/b', type: 'file', size: 1 },
        { name: 'fifo', type: 'fifo' },
        { name: 'nosize', type: 'file' },
        { name: 42, type: 'file', size: 1 },
        { name: 'ok', type: 'file', size: 0 },
      ],
    });
    expect(parseListing(body)).toEqual({
      entries: [{ name: 'ok', type: 'file', size: 0, mtimeMs: undefined }],
    });
  });

  it('says what is wrong with a body that is not a listing', () => {
    expect(parseListing('<html>')).toEqual({ problem: 'the folder listing is not JSON: <html>' });
    expect(parseListing('{"code":"X"}')).toHaveProperty('problem');
  });
});
