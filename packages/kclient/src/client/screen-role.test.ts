import { describe, expect, it } from 'vitest';
import { nextScreenNumber, screenLinkOf, screenRoleOf } from './screen-role.ts';

const KEY = 'abcdefabcdefabcdef';

describe('screenRoleOf', () => {
  it('reads screen, group and place from a link made by "Add screen"', () => {
    expect(screenRoleOf(`https://host/desk/?screen=2&group=${KEY}&place=left`)).toEqual({
      kind: 'screen',
      group: KEY,
      screen: 2,
      place: 'left',
    });
  });

  it('treats a page without a screen, or a malformed link, as a plain desktop page', () => {
    expect(screenRoleOf('https://host/desk/')).toEqual({ kind: 'desktop' });
    expect(screenRoleOf(`https://host/desk/?screen=1&group=${KEY}`)).toEqual({ kind: 'desktop' });
    expect(screenRoleOf('https://host/desk/?screen=2&group=short')).toEqual({ kind: 'desktop' });
  });

  it('places a screen on the right when the place is missing or unknown', () => {
    expect(screenRoleOf(`https://host/?screen=3&group=${KEY}&place=diagonal`)).toMatchObject({
      place: 'right',
    });
  });
});

describe('screenLinkOf', () => {
  it('keeps the prefix and view-only path and drops the page query', () => {
    expect(screenLinkOf('https://host/desk/view-only/?token=x', KEY, 2, 'below')).toBe(
      `https://host/desk/view-only/?screen=2&group=${KEY}&place=below&mode=vnc`,
    );
  });
});

describe('nextScreenNumber', () => {
  const layout = (...numbers: number[]) => ({
    width: 1,
    height: 1,
    screens: numbers.map((screen) => ({ screen, x: 0, y: 0, width: 1, height: 1 })),
  });

  it('takes the lowest free number, skipping windows still opening', () => {
    expect(nextScreenNumber(undefined, [])).toBe(2);
    expect(nextScreenNumber(layout(1, 2), [3])).toBe(4);
  });

  it('gives none once four screens are taken', () => {
    expect(nextScreenNumber(layout(1, 2, 3, 4), [])).toBeUndefined();
  });
});
