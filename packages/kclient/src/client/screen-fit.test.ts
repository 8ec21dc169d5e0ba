import { describe, expect, it } from 'vitest';
import { INITIAL_SCREEN_FIT, NOT_APPLIED_AFTER_MS, nextScreenFit, type ScreenFit } from './screen-fit.ts';

const window1024 = { w: 1024, h: 768 };
const screen1280 = { w: 1280, h: 800 };

/** Looks at the same sizes at each of `times`, from the initial state. */
function look(times: number[], wanted = window1024, framebuffer = screen1280): ScreenFit {
  return times.reduce((state, now) => nextScreenFit(state, wanted, framebuffer, now), INITIAL_SCREEN_FIT);
}

describe('nextScreenFit', () => {
  it('keeps one remote pixel per pixel while the screen has the size the page asked for', () => {
    expect(look([0, 500, 5000], window1024, window1024)).toEqual({
      fit: false,
      differentSince: undefined,
      owner: true,
    });
  });

  it('scales the screen into the window once another viewer kept its own size for a second', () => {
    expect(look([0, NOT_APPLIED_AFTER_MS - 1]).fit).toBe(false);
    expect(look([0, NOT_APPLIED_AFTER_MS])).toMatchObject({ fit: true, owner: false });
  });

  it('does not scale during a resize the page owns, which the server applies within the second', () => {
    const owner = look([0], window1024, window1024);
    const resizing = nextScreenFit(owner, { w: 800, h: 600 }, window1024, 100);
    expect(resizing).toMatchObject({ fit: false, owner: true });
    expect(nextScreenFit(resizing, { w: 800, h: 600 }, { w: 800, h: 600 }, 400)).toMatchObject({
      fit: false,
      owner: true,
    });
  });

  it('goes back to one remote pixel per pixel when the screen takes its size (it became owner)', () => {
    const scaled = look([0, 2000]);
    expect(nextScreenFit(scaled, window1024, window1024, 3000)).toEqual({
      fit: false,
      differentSince: undefined,
      owner: true,
    });
  });

  it('changes nothing before there is a framebuffer or a window to compare', () => {
    const scaled = look([0, 2000]);
    expect(nextScreenFit(scaled, undefined, screen1280, 3000)).toBe(scaled);
    expect(nextScreenFit(scaled, window1024, { w: 0, h: 0 }, 3000)).toBe(scaled);
    expect(nextScreenFit(INITIAL_SCREEN_FIT, { w: 0, h: 0 }, screen1280, 0)).toBe(INITIAL_SCREEN_FIT);
  });
});
