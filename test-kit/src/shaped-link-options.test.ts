import { describe, expect, it } from 'vitest';
import { LINK_PROFILES, type ShapedLinkOptions, validatedShapedLinkOptions } from './shaped-link-options.ts';

const target = { host: '127.0.0.1', port: 8080 } as const;

describe('validatedShapedLinkOptions', () => {
  it('fills in the defaults and freezes the result', () => {
    const options = validatedShapedLinkOptions({ target, rttMs: 20, mbitPerSecond: 50 });
    expect(options).toEqual({
      target,
      rttMs: 20,
      mbitPerSecond: 50,
      lossPercent: 0,
      seed: 1,
      maxQueuedBytes: 4 * 1024 * 1024,
    });
    expect(Object.isFrozen(options)).toBe(true);
    expect(Object.isFrozen(options.target)).toBe(true);
  });

  it('accepts a profile spread in whole', () => {
    expect(validatedShapedLinkOptions({ target, ...LINK_PROFILES[2] }).lossPercent).toBe(1);
  });

  it('refuses a target off this machine', () => {
    const elsewhere = { host: '192.0.2.1', port: 80 } as unknown as ShapedLinkOptions['target'];
    expect(() => validatedShapedLinkOptions({ target: elsewhere, rttMs: 20, mbitPerSecond: 10 })).toThrow(
      `shaped link: target.host must be '127.0.0.1' or '::1', received "192.0.2.1"`,
    );
  });

  it('names the option that is out of range and what it received', () => {
    expect(() => validatedShapedLinkOptions({ target, rttMs: -1, mbitPerSecond: 10 })).toThrow(
      'shaped link: rttMs must be a finite number >= 0, received -1',
    );
    expect(() => validatedShapedLinkOptions({ target, rttMs: 20, mbitPerSecond: 0 })).toThrow(
      'shaped link: mbitPerSecond must be a finite number > 0, received 0',
    );
    expect(() =>
      validatedShapedLinkOptions({ target, rttMs: 20, mbitPerSecond: 10, lossPercent: 101 }),
    ).toThrow('shaped link: lossPercent must be a number from 0 to 100, received 101');
  });
});

describe('LINK_PROFILES', () => {
  it('names each profile as the benchmark prints it', () => {
    expect(LINK_PROFILES.map((profile) => profile.name)).toEqual([
      '50 Mbit/s, 20 ms',
      '10 Mbit/s, 60 ms',
      '5 Mbit/s, 100 ms, 1% loss',
    ]);
    for (const profile of LINK_PROFILES) {
      const loss = profile.lossPercent > 0 ? `, ${profile.lossPercent}% loss` : '';
      expect(profile.name).toBe(`${profile.mbitPerSecond} Mbit/s, ${profile.rttMs} ms${loss}`);
    }
  });
});
