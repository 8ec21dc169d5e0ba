import { describe, expect, it } from 'vitest';
import { ScreenOwnership } from './screen-ownership.ts';

const full = { resizes: true } as const;
const viewOnly = { resizes: false } as const;

describe('ScreenOwnership', () => {
  it('gives the screen to the first viewer with input, and keeps it there when others join', () => {
    const screen = new ScreenOwnership<string>();
    expect(screen.join('a', full)).toEqual({ before: undefined, after: 'a' });
    expect(screen.join('b', full)).toEqual({ before: 'a', after: 'a' });
    expect(screen.owner).toBe('a');
  });

  it('never gives the screen to a viewer that does not resize (view-only, or scaling locally)', () => {
    const screen = new ScreenOwnership<string>();
    expect(screen.join('watcher', viewOnly)).toEqual({ before: undefined, after: undefined });
    expect(screen.join('watcher2', { resizes: false, takeOver: true }).after).toBeUndefined();
    screen.join('a', full);
    expect(screen.leave('watcher')).toEqual({ before: 'a', after: 'a' });
  });

  it('hands the screen to the next viewer with input in connection order when the owner leaves', () => {
    const screen = new ScreenOwnership<string>();
    screen.join('a', full);
    screen.join('v', viewOnly);
    screen.join('b', full);
    screen.join('c', full);
    expect(screen.leave('a')).toEqual({ before: 'a', after: 'b' });
    expect(screen.leave('c')).toEqual({ before: 'b', after: 'b' });
    expect(screen.leave('b')).toEqual({ before: 'b', after: undefined });
  });

  it('gives the screen at once to a viewer that takes over, and back to the earliest when it leaves', () => {
    const screen = new ScreenOwnership<string>();
    screen.join('a', full);
    screen.join('b', full);
    expect(screen.join('c', { resizes: true, takeOver: true })).toEqual({ before: 'a', after: 'c' });
    expect(screen.leave('c')).toEqual({ before: 'c', after: 'a' });
  });

  it('ignores a viewer that leaves twice or joins twice', () => {
    const screen = new ScreenOwnership<string>();
    screen.join('a', full);
    screen.join('a', { resizes: true, takeOver: true });
    screen.join('b', full);
    screen.leave('a');
    expect(screen.leave('a')).toEqual({ before: 'b', after: 'b' });
  });
});
