import { describe, expect, it } from 'vitest';
import { createDesktopScalePublisher, parseDesktopScale } from './desktop-scale.ts';

const query = (text: string) => new URLSearchParams(text);

describe('parseDesktopScale', () => {
  it('reads the scale a viewer asks for', () => {
    expect(parseDesktopScale(query('scale=2'))).toEqual({ ok: true, scale: 2 });
    expect(parseDesktopScale(query('scale=1.25&token=x'))).toEqual({ ok: true, scale: 1.25 });
  });

  it('leaves the desktop alone when the viewer does not ask', () => {
    expect(parseDesktopScale(query('token=x'))).toEqual({ ok: true, scale: undefined });
  });

  it.each([
    ['0.5', '"0.5"'],
    ['5', '"5"'],
    ['1.3', '"1.3"'],
    ['2;rm -rf /', '"2;rm -rf /"'],
    ['', '""'],
  ])('refuses scale=%s, saying what it expected and received', (raw, received) => {
    expect(parseDesktopScale(query(`scale=${encodeURIComponent(raw)}`))).toEqual({
      ok: false,
      issue: `scale: expected a number from 1 to 4 in steps of 0.25 (received ${received})`,
    });
  });
});

describe('createDesktopScalePublisher', () => {
  it('writes the newest scale last when viewers connect while a write runs', async () => {
    const written: number[] = [];
    let release: () => void = () => {};
    const publisher = createDesktopScalePublisher(
      (scale) => {
        written.push(scale);
        return written.length === 1 ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve();
      },
      () => {},
    );
    publisher.publish(2);
    publisher.publish(1.5);
    publisher.publish(1);
    release();
    await publisher.idle();
    expect(written).toEqual([2, 1]);
  });

  it('reports a failed write and keeps publishing', async () => {
    const failures: number[] = [];
    const written: number[] = [];
    const publisher = createDesktopScalePublisher(
      async (scale) => {
        if (scale === 2) throw new Error('xprop: unable to open display');
        written.push(scale);
      },
      (_error, scale) => failures.push(scale),
    );
    publisher.publish(2);
    await publisher.idle();
    publisher.publish(1);
    await publisher.idle();
    expect({ failures, written }).toEqual({ failures: [2], written: [1] });
  });
});
