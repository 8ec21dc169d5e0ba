import { describe, expect, it } from 'vitest';
import { type ExistingEntry, planDesktopLinks } from './desktop-files.ts';

const apps = '/usr/share/applications';

function plan(globs: string[], tree: Record<string, string[]>, existing: Record<string, ExistingEntry> = {}) {
  return planDesktopLinks(
    globs,
    apps,
    (glob) => tree[glob] ?? [],
    (path) => existing[path] ?? { kind: 'none' },
  );
}

describe('planDesktopLinks', () => {
  it('links every matched .desktop file by its name, sorted, ignoring other files', () => {
    expect(
      plan(['/opt/a/*'], { '/opt/a/*': ['/opt/a/z.desktop', '/opt/a/readme.txt', '/opt/a/b.desktop'] }),
    ).toEqual([
      { kind: 'link', source: '/opt/a/b.desktop', link: `${apps}/b.desktop`, replace: false },
      { kind: 'link', source: '/opt/a/z.desktop', link: `${apps}/z.desktop`, replace: false },
    ]);
  });

  it('keeps a link that already points at the file, so a restart changes nothing', () => {
    expect(
      plan(
        ['/opt/a/*.desktop'],
        { '/opt/a/*.desktop': ['/opt/a/b.desktop'] },
        {
          [`${apps}/b.desktop`]: { kind: 'link', target: '/opt/a/b.desktop' },
        },
      ),
    ).toEqual([{ kind: 'keep', link: `${apps}/b.desktop` }]);
  });

  it('replaces a stale link but never a file of the image', () => {
    expect(
      plan(
        ['/opt/a/*.desktop'],
        { '/opt/a/*.desktop': ['/opt/a/b.desktop', '/opt/a/thunar.desktop'] },
        {
          [`${apps}/b.desktop`]: { kind: 'link', target: '/old/b.desktop' },
          [`${apps}/thunar.desktop`]: { kind: 'file' },
        },
      ),
    ).toEqual([
      { kind: 'link', source: '/opt/a/b.desktop', link: `${apps}/b.desktop`, replace: true },
      { kind: 'skip-file', source: '/opt/a/thunar.desktop', link: `${apps}/thunar.desktop` },
    ]);
  });

  it('lets the first glob win a name and reports globs that match nothing', () => {
    expect(
      plan(['/one/*.desktop', '/two/*.desktop', '/none/*.desktop'], {
        '/one/*.desktop': ['/one/app.desktop'],
        '/two/*.desktop': ['/two/app.desktop'],
      }),
    ).toEqual([
      { kind: 'link', source: '/one/app.desktop', link: `${apps}/app.desktop`, replace: false },
      { kind: 'no-match', glob: '/none/*.desktop' },
    ]);
  });
});
