import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createKeymapRecycler } from './keymap-reset.ts';

const cjk = (n: number) => 0x01000000 + 0x4e00 + n;

describe('createKeymapRecycler', () => {
  it('resets once, after a quiet moment with no key held, without holding any key', async () => {
    let resets = 0;
    const recycler = createKeymapRecycler(
      async () => void resets++,
      () => {},
      { quietMs: 20 },
    );
    expect(recycler.key(1, 0x61, true)).toBeUndefined();
    expect(recycler.key(1, 0x61, false)).toBeUndefined();
    expect(resets).toBe(0);
    await sleep(50);
    expect(resets).toBe(1);
  });

  it('waits while keys keep coming: a burst of typing is never reset under', async () => {
    let resets = 0;
    const recycler = createKeymapRecycler(
      async () => void resets++,
      () => {},
      { quietMs: 40 },
    );
    for (let n = 0; n < 5; n++) {
      recycler.key(1, 0x61, true);
      recycler.key(1, 0x61, false);
      await sleep(10);
    }
    expect(resets).toBe(0);
    await sleep(80);
    expect(resets).toBe(1);
  });

  it('holds the key event needing a 17th keycode until the reset is done', async () => {
    const events: string[] = [];
    let finish: () => void = () => {};
    const recycler = createKeymapRecycler(
      () => {
        events.push('reset');
        return new Promise<void>((resolve) => (finish = resolve));
      },
      () => {},
      { quietMs: 1 },
    );
    recycler.key(1, 0xffe1, true); // held all along: no idle moment
    // Start-up: every keycode counts as used, so the first character waits.
    const wait = recycler.key(1, 0x010065e5, true);
    expect(wait).toBeInstanceOf(Promise);
    void wait?.then(() => events.push('released'));
    await sleep(20);
    expect(events).toEqual(['reset']);
    finish();
    await wait;
    expect(events).toEqual(['reset', 'released']);
  });

  it('lets a held key event go after the hold limit when the reset hangs', async () => {
    const recycler = createKeymapRecycler(
      () => new Promise<void>(() => {}),
      () => {},
      { holdLimitMs: 10, quietMs: 1 },
    );
    recycler.key(1, 0xffe1, true);
    await expect(recycler.key(1, cjk(0), true)).resolves.toBeUndefined();
  });

  it('reports a failed reset and counts again', async () => {
    const errors: unknown[] = [];
    const recycler = createKeymapRecycler(
      () => Promise.reject(new Error('no display')),
      (error) => errors.push(error),
      { quietMs: 1 },
    );
    recycler.key(1, cjk(0), true);
    recycler.key(1, cjk(0), false);
    await sleep(20);
    await recycler.idle();
    expect(errors).toEqual([new Error('no display')]);
    expect(recycler.key(1, cjk(1), true)).toBeUndefined();
  });

  it('starts no reset once the gateway is closing', async () => {
    let resets = 0;
    const recycler = createKeymapRecycler(
      async () => void resets++,
      () => {},
      { quietMs: 10 },
    );
    recycler.key(1, 0x61, true);
    recycler.key(1, 0x61, false);
    await recycler.idle();
    await sleep(30);
    expect(resets).toBe(0);
  });
});
