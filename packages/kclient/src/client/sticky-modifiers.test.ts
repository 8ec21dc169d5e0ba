import { describe, expect, it } from 'vitest';
import { StickyModifiers } from './sticky-modifiers.ts';

describe('StickyModifiers', () => {
  it('presses a modifier on the first tap and lets it go on the second', () => {
    const sticky = new StickyModifiers();
    expect(sticky.tap('Control')).toEqual({ modifier: 'Control', down: true });
    expect(sticky.has('Control')).toBe(true);
    expect(sticky.tap('Control')).toEqual({ modifier: 'Control', down: false });
    expect(sticky.has('Control')).toBe(false);
    expect(sticky.releaseAll()).toEqual([]);
  });

  it('lets go of every latched modifier after the next key, last pressed first', () => {
    const sticky = new StickyModifiers();
    sticky.tap('Control');
    sticky.tap('Alt');
    expect(sticky.releaseAll()).toEqual([
      { modifier: 'Alt', down: false },
      { modifier: 'Control', down: false },
    ]);
    expect(sticky.has('Control') || sticky.has('Alt')).toBe(false);
    expect(sticky.releaseAll()).toEqual([]);
  });

  it('forgets its latches on a new connection, releasing nothing', () => {
    const sticky = new StickyModifiers();
    sticky.tap('Super');
    sticky.forget();
    expect(sticky.has('Super')).toBe(false);
    expect(sticky.releaseAll()).toEqual([]);
  });
});
