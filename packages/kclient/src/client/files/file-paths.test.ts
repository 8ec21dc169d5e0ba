import { describe, expect, it } from 'vitest';
import { breadcrumbs, DOWNLOADS, displayPath, filesUrl, samePath } from './file-paths.ts';

describe('filesUrl', () => {
  it('puts the path under files/ next to the page, at the root or behind a prefix', () => {
    expect(filesUrl('http://desk:3000/', ['Downloads', 'a.txt'], { folder: false })).toBe(
      'http://desk:3000/files/Downloads/a.txt',
    );
    expect(filesUrl('https://portal.example/desk/7/', DOWNLOADS, { folder: true })).toBe(
      'https://portal.example/desk/7/files/Downloads/',
    );
  });

  it('asks for the root with the bare files/ folder', () => {
    expect(filesUrl('http://desk:3000/', [], { folder: true })).toBe('http://desk:3000/files/');
  });

  it('encodes each name on its own, so slashes, percent signs and spaces stay inside one name', () => {
    expect(filesUrl('http://desk/', ['Down loads', 'a/b%20?#.txt'], { folder: false })).toBe(
      'http://desk/files/Down%20loads/a%2Fb%2520%3F%23.txt',
    );
    expect(filesUrl('http://desk/', ['日本', 'ça.pdf'], { folder: false })).toBe(
      'http://desk/files/%E6%97%A5%E6%9C%AC/%C3%A7a.pdf',
    );
  });

  it("drops the page's query and fragment (the token travels in its cookie)", () => {
    expect(filesUrl('http://desk/?token=abc#x', ['a'], { folder: false })).toBe('http://desk/files/a');
  });
});

describe('breadcrumbs', () => {
  it('starts at Home, with nothing above it', () => {
    expect(breadcrumbs([])).toEqual([{ label: 'Home', path: [] }]);
  });

  it('gives each folder on the way the path that opens it', () => {
    expect(breadcrumbs(['Downloads', 'photos'])).toEqual([
      { label: 'Home', path: [] },
      { label: 'Downloads', path: ['Downloads'] },
      { label: 'photos', path: ['Downloads', 'photos'] },
    ]);
  });
});

describe('displayPath', () => {
  it('names folders from ~', () => {
    expect(displayPath([])).toBe('~');
    expect(displayPath(['Downloads', 'photos'])).toBe('~/Downloads/photos');
  });
});

describe('samePath', () => {
  it('compares names, not a joined string', () => {
    expect(samePath(['Downloads', 'a'], ['Downloads', 'a'])).toBe(true);
    expect(samePath(['Downloads'], ['Downloads', 'a'])).toBe(false);
    expect(samePath(['a/b'], ['a', 'b'])).toBe(false);
    expect(samePath([], [])).toBe(true);
  });
});
