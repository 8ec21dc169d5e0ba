import { describe, expect, it } from 'vitest';
import { isInsideRoot, parseFilePath } from './file-path.ts';

describe('parseFilePath', () => {
  it('reads the empty path as the root, a folder', () => {
    expect(parseFilePath('')).toEqual({ ok: true, path: { segments: [], folder: true, text: '' } });
  });

  it('reads percent-encoded segments, and a trailing slash as a folder', () => {
    expect(parseFilePath('Downloads/r%C3%A9sum%C3%A9%20(1).pdf')).toEqual({
      ok: true,
      path: { segments: ['Downloads', 'résumé (1).pdf'], folder: false, text: 'Downloads/résumé (1).pdf' },
    });
    expect(parseFilePath('Downloads/sub/')).toMatchObject({
      ok: true,
      path: { segments: ['Downloads', 'sub'], folder: true },
    });
  });

  it('keeps names that only look odd: dots inside names, hidden files, "~", spaces', () => {
    for (const name of ['...', '.hidden', '..x', 'x..', '~', 'a b', '%25']) {
      expect(parseFilePath(encodeURIComponent(name)), name).toMatchObject({ ok: true });
    }
  });

  it.each([
    ['..', '".." segments are not allowed'],
    ['../etc/passwd', '".." segments are not allowed'],
    ['Downloads/../../etc', '".." segments are not allowed'],
    ['.', '"." segments are not allowed'],
    ['a/./b', '"." segments are not allowed'],
    ['%2e%2e/etc/passwd', '".." segments are not allowed'],
    ['%2E%2E', '".." segments are not allowed'],
    ['.%2e/x', '".." segments are not allowed'],
    ['..%2fetc', 'an encoded "/" or "\\" cannot be part of a name'],
    ['a%2Fb', 'an encoded "/" or "\\" cannot be part of a name'],
    ['..%5c..%5cetc', 'an encoded "/" or "\\" cannot be part of a name'],
    ['a%5Cb', 'an encoded "/" or "\\" cannot be part of a name'],
    ['..\\..\\etc', '"\\" is not a separator here: use "/"'],
    ['a\\b', '"\\" is not a separator here: use "/"'],
    ['a%00b', 'NUL cannot be part of a name'],
    ['%00', 'NUL cannot be part of a name'],
    ['/etc/passwd', 'absolute paths are not allowed: paths are relative to the file root'],
    ['//etc/passwd', 'absolute paths are not allowed: paths are relative to the file root'],
    ['a//b', 'empty segment ("//")'],
    ['a//', 'empty segment ("//")'],
    ['%', 'malformed percent-encoding in "%"'],
    ['%e0%a4%a', 'malformed percent-encoding in "%e0%a4%a"'],
    [`${'a'.repeat(256)}`, 'a name is longer than 255 bytes'],
    [`${'%C3%A9'.repeat(128)}`, 'a name is longer than 255 bytes'],
    [`${'a/'.repeat(2100)}a`, 'the path is longer than 4096 bytes'],
    ['a'.repeat(20_000), 'the path is longer than 4096 bytes'],
  ])('refuses %j: %s', (raw, problem) => {
    expect(parseFilePath(raw)).toEqual({ ok: false, problem });
  });
});

describe('isInsideRoot', () => {
  it.each([
    ['/home/alice', '/home/alice', true],
    ['/home/alice', '/home/alice/Downloads/a.txt', true],
    ['/home/alice', '/home/alicex', false],
    ['/home/alice', '/home', false],
    ['/home/alice', '/etc/passwd', false],
    ['/', '/etc', true],
  ])('root %s contains %s: %s', (root, candidate, inside) => {
    expect(isInsideRoot(root, candidate)).toBe(inside);
  });
});
