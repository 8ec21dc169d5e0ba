import { describe, expect, it } from 'vitest';
import {
  chooseHidpiMode,
  desktopScaleFor,
  parseHidpiMode,
  physicalSize,
  pixelRatioFor,
} from './hidpi-mode.ts';

describe('chooseHidpiMode', () => {
  it('starts sharp on a ratio-2 screen and light on an ordinary one', () => {
    expect(chooseHidpiMode({ query: null, stored: null, devicePixelRatio: 2 })).toBe('sharp');
    expect(chooseHidpiMode({ query: null, stored: null, devicePixelRatio: 1.5 })).toBe('sharp');
    expect(chooseHidpiMode({ query: null, stored: null, devicePixelRatio: 1.25 })).toBe('light');
    expect(chooseHidpiMode({ query: null, stored: null, devicePixelRatio: 1 })).toBe('light');
  });

  it('remembers the choice of the viewer over the screen default', () => {
    expect(chooseHidpiMode({ query: null, stored: 'light', devicePixelRatio: 2 })).toBe('light');
    expect(chooseHidpiMode({ query: null, stored: 'sharp', devicePixelRatio: 1 })).toBe('sharp');
  });

  it('lets ?hidpi= in the page URL win over the remembered choice', () => {
    expect(chooseHidpiMode({ query: 'light', stored: 'sharp', devicePixelRatio: 2 })).toBe('light');
    expect(chooseHidpiMode({ query: 'sharp', stored: 'light', devicePixelRatio: 1 })).toBe('sharp');
  });

  it('ignores values it does not know', () => {
    expect(chooseHidpiMode({ query: 'crisp', stored: 'blurry', devicePixelRatio: 2 })).toBe('sharp');
    expect(parseHidpiMode('SHARP')).toBeUndefined();
  });
});

describe('pixelRatioFor', () => {
  it('follows the screen when sharp and stays at 1 when light', () => {
    expect(pixelRatioFor('sharp', 2)).toBe(2);
    expect(pixelRatioFor('sharp', 1.5)).toBe(1.5);
    expect(pixelRatioFor('light', 2)).toBe(1);
  });

  it('never shrinks the desktop below CSS pixels nor asks for absurd sizes', () => {
    expect(pixelRatioFor('sharp', 0.5)).toBe(1);
    expect(pixelRatioFor('sharp', 8)).toBe(4);
    expect(pixelRatioFor('sharp', Number.NaN)).toBe(1);
  });
});

describe('desktopScaleFor', () => {
  it('rounds browser-zoom ratios to quarter steps between 1 and 4', () => {
    expect(desktopScaleFor(2)).toBe(2);
    expect(desktopScaleFor(2.2000000476837)).toBe(2.25);
    expect(desktopScaleFor(1.1)).toBe(1);
    expect(desktopScaleFor(1.5)).toBe(1.5);
    expect(desktopScaleFor(6)).toBe(4);
  });
});

describe('physicalSize', () => {
  it('multiplies by the ratio and rounds away float noise', () => {
    expect(physicalSize({ w: 1280, h: 800 }, 2)).toEqual({ w: 2560, h: 1600 });
    expect(physicalSize({ w: 853.3333, h: 533.3333 }, 1.5)).toEqual({ w: 1280, h: 800 });
  });
});
