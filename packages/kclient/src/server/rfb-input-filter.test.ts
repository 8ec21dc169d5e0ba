import { describe, expect, it } from 'vitest';
import { RfbInputFilter } from './rfb-input-filter.ts';

const handshake = Buffer.concat([Buffer.from('RFB 003.008\n'), Buffer.from([1]), Buffer.from([1])]);
const key = (down: number, keysym: number) => {
  const b = Buffer.alloc(8);
  b[0] = 4;
  b[1] = down;
  b.writeUInt32BE(keysym, 4);
  return b;
};
const pointer = (mask: number, x: number, y: number) => {
  const b = Buffer.alloc(6);
  b[0] = 5;
  b[1] = mask;
  b.writeUInt16BE(x, 2);
  b.writeUInt16BE(y, 4);
  return b;
};
/** A FramebufferUpdateRequest (3) or EnableContinuousUpdates (150): type, flag and region. */
const region = (type: number, flag: number, x: number, y: number, w: number, h: number) => {
  const b = Buffer.alloc(10);
  b[0] = type;
  b[1] = flag;
  b.writeUInt16BE(x, 2);
  b.writeUInt16BE(y, 4);
  b.writeUInt16BE(w, 6);
  b.writeUInt16BE(h, 8);
  return b;
};
const fbRequest = () => Buffer.from([3, 1, 0, 0, 0, 0, 4, 0, 3, 0]);
const setEncodings = (encodings: number[]) => {
  const b = Buffer.alloc(4 + 4 * encodings.length);
  b[0] = 2;
  b.writeUInt16BE(encodings.length, 2);
  encodings.forEach((encoding, i) => {
    b.writeInt32BE(encoding, 4 + 4 * i);
  });
  return b;
};
const cutText = (text: string) => {
  const body = Buffer.from(text, 'latin1');
  const b = Buffer.alloc(8);
  b[0] = 6;
  b.writeInt32BE(body.length, 4);
  return Buffer.concat([b, body]);
};
const setDesktopSize = (w: number, h: number) => {
  const b = Buffer.alloc(8 + 16);
  b[0] = 251;
  b.writeUInt16BE(w, 2);
  b.writeUInt16BE(h, 4);
  b[6] = 1;
  return b;
};
const qemuKey = () => Buffer.from([255, 0, 0, 1, 0, 0, 0, 0x61, 0, 0, 0, 30]);

/** Feeds `stream` in pieces of `size` bytes and joins what was forwarded. */
function run(filter: RfbInputFilter, stream: Buffer, size = stream.length) {
  const out: Buffer[] = [];
  let keys = 0;
  let pointers = 0;
  let dropped = 0;
  for (let i = 0; i < stream.length; i += size) {
    const result = filter.push(stream.subarray(i, i + size));
    out.push(result.forward);
    keys += result.keys;
    pointers += result.pointers;
    dropped += result.dropped;
  }
  return { forward: Buffer.concat(out), keys, pointers, dropped };
}

describe('RfbInputFilter', () => {
  describe('full access', () => {
    it('forwards every byte unchanged and counts keys and pointer moves', () => {
      const stream = Buffer.concat([
        handshake,
        setEncodings([0, -223]),
        key(1, 0x61),
        pointer(0, 5, 5),
        fbRequest(),
      ]);
      const result = run(new RfbInputFilter({ viewOnly: false }), stream);
      expect(result.forward.equals(stream)).toBe(true);
      expect(result).toMatchObject({ keys: 1, pointers: 1, dropped: 0 });
    });

    it('returns the very chunk it was given (no copy on the hot path)', () => {
      const filter = new RfbInputFilter({ viewOnly: false });
      const chunk = Buffer.concat([handshake, key(1, 0x61)]);
      expect(filter.push(chunk).forward).toBe(chunk);
    });

    it('counts the same messages when they arrive one byte at a time', () => {
      const stream = Buffer.concat([
        handshake,
        key(1, 0x61),
        key(0, 0x61),
        cutText('hello'),
        pointer(1, 1, 2),
      ]);
      const result = run(new RfbInputFilter({ viewOnly: false }), stream, 1);
      expect(result).toMatchObject({ keys: 2, pointers: 1 });
      expect(result.forward.equals(stream)).toBe(true);
    });

    it('counts QEMU extended key events as keys', () => {
      const result = run(new RfbInputFilter({ viewOnly: false }), Buffer.concat([handshake, qemuKey()]));
      expect(result.keys).toBe(1);
    });

    it('lists the key events it forwards when asked to, both kinds, at any chunking', () => {
      const qemuUp = Buffer.from([255, 0, 0, 0, 0x01, 0x00, 0x65, 0xe5, 0, 0, 0, 30]);
      const stream = Buffer.concat([
        handshake,
        key(1, 0x10065e5),
        pointer(0, 1, 1),
        key(0, 0x10065e5),
        qemuKey(),
        qemuUp,
      ]);
      for (const size of [1, 5, stream.length]) {
        const filter = new RfbInputFilter({ viewOnly: false, reportKeys: true });
        const seen = [];
        for (let i = 0; i < stream.length; i += size)
          seen.push(...filter.push(stream.subarray(i, i + size)).keyEvents);
        expect(seen).toEqual([
          { keysym: 0x10065e5, down: true },
          { keysym: 0x10065e5, down: false },
          { keysym: 0x61, down: true },
          { keysym: 0x10065e5, down: false },
        ]);
      }
      // Not asked, or view-only (nothing reaches the server): none.
      expect(run(new RfbInputFilter({ viewOnly: false }), stream).keys).toBe(4);
      expect(new RfbInputFilter({ viewOnly: false }).push(stream).keyEvents).toEqual([]);
      expect(new RfbInputFilter({ viewOnly: true, reportKeys: true }).push(stream).keyEvents).toEqual([]);
    });

    it('gives up following an unknown message type but keeps forwarding', () => {
      const filter = new RfbInputFilter({ viewOnly: false });
      filter.push(handshake);
      const odd = Buffer.from([77, 1, 2, 3]);
      const result = filter.push(odd);
      expect(result.gaveUp).toBe('RFB client stream: message type 77 is unknown');
      expect(result.forward).toBe(odd);
      expect(filter.passthrough).toBe(true);
      expect(filter.push(key(1, 1)).keys).toBe(0);
    });
  });

  describe('view-only', () => {
    it('drops keys, pointer, clipboard and resize but keeps what only reads the screen', () => {
      const allowed = Buffer.concat([handshake, setEncodings([7, 1, 0]), fbRequest()]);
      const stream = Buffer.concat([
        handshake,
        setEncodings([7, 1, 0]),
        key(1, 0x61),
        pointer(1, 10, 10),
        cutText('rm -rf /'),
        setDesktopSize(640, 480),
        qemuKey(),
        fbRequest(),
      ]);
      for (const size of [stream.length, 1, 3, 7]) {
        const result = run(new RfbInputFilter({ viewOnly: true }), stream, size);
        expect(result.forward.equals(allowed)).toBe(true);
        expect(result).toMatchObject({ keys: 0, pointers: 0, dropped: 5 });
      }
    });

    it('drops an extended-clipboard message (negative length) with its whole body', () => {
      const message = Buffer.alloc(8 + 10);
      message[0] = 6;
      message.writeInt32BE(-10, 4);
      const result = run(
        new RfbInputFilter({ viewOnly: true }),
        Buffer.concat([handshake, message, fbRequest()]),
      );
      expect(result.forward.equals(Buffer.concat([handshake, fbRequest()]))).toBe(true);
    });

    it('passes VNC authentication through', () => {
      const stream = Buffer.concat([
        Buffer.from('RFB 003.008\n'),
        Buffer.from([2]),
        Buffer.alloc(16, 9),
        Buffer.from([1]),
      ]);
      const result = run(
        new RfbInputFilter({ viewOnly: true }),
        Buffer.concat([stream, key(1, 1), fbRequest()]),
      );
      expect(result.forward.equals(Buffer.concat([stream, fbRequest()]))).toBe(true);
    });

    it('refuses a message type it cannot measure, so nothing unknown reaches the server', () => {
      const filter = new RfbInputFilter({ viewOnly: true });
      filter.push(handshake);
      expect(() => filter.push(Buffer.from([77]))).toThrow(
        expect.objectContaining({
          code: 'HELIOS_KCLIENT_RFB_UNSUPPORTED',
          message: 'RFB client stream: message type 77 is unknown',
        }),
      );
    });

    it('refuses RFB 3.3, where the server alone picks the security type', () => {
      expect(() => new RfbInputFilter({ viewOnly: true }).push(Buffer.from('RFB 003.003\n'))).toThrow(
        'protocol version 003.003 is not supported (3.7 or 3.8)',
      );
    });

    it('refuses security types other than None and VNC authentication', () => {
      expect(() =>
        new RfbInputFilter({ viewOnly: true }).push(
          Buffer.concat([Buffer.from('RFB 003.008\n'), Buffer.from([19])]),
        ),
      ).toThrow('security type 19 is not supported (expected 1 None or 2 VNC authentication)');
    });

    it('refuses a greeting that is not RFB', () => {
      expect(() => new RfbInputFilter({ viewOnly: true }).push(Buffer.from('GET / HTTP/1.1\r\n'))).toThrow(
        expect.objectContaining({ code: 'HELIOS_KCLIENT_RFB_PROTOCOL' }),
      );
    });

    it('refuses a ClientFence longer than the protocol allows', () => {
      const fence = Buffer.from([248, 0, 0, 0, 0, 0, 0, 0, 65]);
      expect(() => new RfbInputFilter({ viewOnly: true }).push(Buffer.concat([handshake, fence]))).toThrow(
        'ClientFence payload of 65 bytes (expected <= 64)',
      );
    });

    it('never throws on random bytes after a valid handshake, it only refuses', () => {
      for (let seed = 1; seed < 200; seed++) {
        const filter = new RfbInputFilter({ viewOnly: true });
        filter.push(handshake);
        const noise = Buffer.from(Array.from({ length: 64 }, (_, i) => (seed * 7919 + i * 104729) % 256));
        try {
          const result = filter.push(noise);
          expect(result.keys + result.pointers).toBe(0);
        } catch (error) {
          expect((error as { code: string }).code).toMatch(/^HELIOS_KCLIENT_RFB_/);
        }
      }
    });
  });
});

describe('RfbInputFilter for a video page (?video=1)', () => {
  it('asks for the 1x1 rectangle at (0, 0) in every update request, keeping the incremental and enable flags', () => {
    const stream = Buffer.concat([
      handshake,
      setEncodings([7, -239, -223]),
      region(3, 0, 0, 0, 1024, 768),
      key(1, 0x61),
      region(3, 1, 100, 200, 300, 400),
      region(150, 1, 0, 0, 1024, 768),
      pointer(1, 5, 6),
      region(150, 0, 0, 0, 1024, 768),
    ]);
    const quiet = Buffer.concat([
      handshake,
      setEncodings([7, -239, -223]),
      region(3, 0, 0, 0, 1, 1),
      key(1, 0x61),
      region(3, 1, 0, 0, 1, 1),
      region(150, 1, 0, 0, 1, 1),
      pointer(1, 5, 6),
      region(150, 0, 0, 0, 1, 1),
    ]);
    for (const size of [stream.length, 1, 4, 9]) {
      const result = run(new RfbInputFilter({ viewOnly: false, video: true }), stream, size);
      expect(result.forward.equals(quiet)).toBe(true);
      expect(result).toMatchObject({ keys: 1, pointers: 1, dropped: 0 });
    }
  });

  it('still drops input when view-only', () => {
    const stream = Buffer.concat([handshake, key(1, 0x61), region(3, 1, 5, 5, 50, 50), cutText('x')]);
    const result = run(new RfbInputFilter({ viewOnly: true, video: true }), stream, 3);
    expect(result.forward.equals(Buffer.concat([handshake, region(3, 1, 0, 0, 1, 1)]))).toBe(true);
    expect(result.dropped).toBe(2);
  });

  it('leaves update requests alone without ?video=1', () => {
    const stream = Buffer.concat([handshake, region(3, 1, 5, 5, 50, 50)]);
    expect(run(new RfbInputFilter({ viewOnly: true }), stream).forward.equals(stream)).toBe(true);
  });

  it('forwards everything unchanged from where a full-access filter gave up, held-back bytes included', () => {
    const filter = new RfbInputFilter({ viewOnly: false, video: true });
    filter.push(handshake);
    const tail = Buffer.concat([Buffer.from([77, 1, 2, 3]), region(3, 1, 5, 5, 50, 50)]);
    const out = [
      filter.push(Buffer.from([2, 0])),
      filter.push(Buffer.from([0, 1, 0, 0, 0, 7])),
      filter.push(tail),
    ];
    expect(
      Buffer.concat(out.map((result) => result.forward)).equals(Buffer.concat([setEncodings([7]), tail])),
    ).toBe(true);
    expect(filter.passthrough).toBe(true);
  });
});

describe('RfbInputFilter switched between RFB pixels and video (auto mode)', () => {
  const started = () => {
    const filter = new RfbInputFilter({ viewOnly: false, switchable: true });
    filter.push(handshake);
    return filter;
  };

  it("forwards the page's own regions until quieted, 1x1 after, its own again once woken", () => {
    const filter = started();
    expect(filter.push(region(3, 1, 0, 0, 1280, 800)).forward).toEqual(region(3, 1, 0, 0, 1280, 800));
    expect(filter.quietPixels(true)).toEqual(Buffer.alloc(0));
    expect(filter.pixelsQuiet).toBe(true);
    expect(filter.push(region(3, 1, 0, 0, 1280, 800)).forward).toEqual(region(3, 1, 0, 0, 1, 1));
    // Woken: the whole picture at once (non-incremental), then the page's requests as they are.
    expect(filter.quietPixels(false)).toEqual(region(3, 0, 0, 0, 1280, 800));
    expect(filter.push(region(3, 1, 0, 0, 1280, 800)).forward).toEqual(region(3, 1, 0, 0, 1280, 800));
  });

  it("narrows continuous updates at once when quieted and restores the page's region when woken", () => {
    const filter = started();
    filter.push(Buffer.concat([region(3, 1, 0, 0, 1280, 800), region(150, 1, 0, 0, 1280, 800)]));
    expect(filter.quietPixels(true)).toEqual(region(150, 1, 0, 0, 1, 1));
    expect(filter.quietPixels(false)).toEqual(
      Buffer.concat([region(150, 1, 0, 0, 1280, 800), region(3, 0, 0, 0, 1280, 800)]),
    );
  });

  it('holds its messages back while the page is in the middle of one, and sends them after it', () => {
    const filter = started();
    filter.push(region(3, 1, 0, 0, 640, 480));
    filter.quietPixels(true);
    const typed = key(1, 0x61);
    // Headers are held until whole, so the key comes out with the rest of it.
    expect(filter.push(typed.subarray(0, 3)).forward).toEqual(Buffer.alloc(0));
    expect(filter.quietPixels(false)).toEqual(Buffer.alloc(0));
    expect(filter.push(typed.subarray(3)).forward).toEqual(
      Buffer.concat([typed, region(3, 0, 0, 0, 640, 480)]),
    );
    // A clipboard body in flight: the request follows the body, never splits it.
    const clip = cutText('hello');
    filter.push(clip.subarray(0, 10));
    filter.quietPixels(true);
    filter.quietPixels(false);
    expect(filter.push(clip.subarray(10)).forward).toEqual(
      Buffer.concat([clip.subarray(10), region(3, 0, 0, 0, 640, 480)]),
    );
  });

  it('does nothing when asked for the state it is in, before any request, or on a filter made without switching', () => {
    const filter = started();
    expect(filter.quietPixels(false)).toEqual(Buffer.alloc(0));
    expect(filter.quietPixels(true)).toEqual(Buffer.alloc(0));
    expect(filter.quietPixels(false)).toEqual(Buffer.alloc(0));
    const fixed = new RfbInputFilter({ viewOnly: false });
    fixed.push(Buffer.concat([handshake, region(3, 1, 0, 0, 64, 64)]));
    expect(fixed.quietPixels(true)).toEqual(Buffer.alloc(0));
    expect(fixed.pixelsQuiet).toBe(false);
    expect(fixed.push(region(3, 1, 0, 0, 64, 64)).forward).toEqual(region(3, 1, 0, 0, 64, 64));
  });
});

describe('RfbInputFilter#handshakeDone', () => {
  it('turns true with ClientInit, not before', () => {
    const filter = new RfbInputFilter({ viewOnly: false });
    filter.push(handshake.subarray(0, 13));
    expect(filter.handshakeDone).toBe(false);
    filter.push(handshake.subarray(13));
    expect(filter.handshakeDone).toBe(true);
  });

  it('stays false when a full-access filter gives up during the handshake', () => {
    const filter = new RfbInputFilter({ viewOnly: false });
    expect(filter.push(Buffer.from('garbage garbage')).gaveUp).toMatch(/expected "RFB 003.008/);
    expect([filter.passthrough, filter.handshakeDone]).toEqual([true, false]);
  });
});

describe('RfbInputFilter and SetDesktopSize from a client that never announced ExtendedDesktopSize', () => {
  const owner = () => {
    const filter = new RfbInputFilter({ viewOnly: false, sharedScreen: true });
    filter.push(handshake);
    filter.ownScreen(true);
    return filter;
  };

  it('drops it (TigerVNC 1.12 crashes on one), at any chunking, and forwards what surrounds it', () => {
    const stream = Buffer.concat([key(1, 0x61), setDesktopSize(1024, 768), pointer(0, 5, 5)]);
    for (const size of [stream.length, 1, 3]) {
      const result = run(owner(), stream, size);
      expect(result.forward).toEqual(Buffer.concat([key(1, 0x61), pointer(0, 5, 5)]));
      expect(result).toMatchObject({ keys: 1, pointers: 1, dropped: 1 });
    }
  });

  it('forwards it once the client named -308 in SetEncodings, and drops it again after a SetEncodings without it', () => {
    const filter = owner();
    const announce = setEncodings([7, -308]);
    for (const size of [announce.length, 1]) run(filter, announce, size);
    expect(filter.push(setDesktopSize(1024, 768)).forward).toEqual(setDesktopSize(1024, 768));
    filter.push(setEncodings([7, -223]));
    expect(filter.push(setDesktopSize(800, 600))).toMatchObject({ dropped: 1 });
  });
});

describe('RfbInputFilter on a shared screen (several viewers)', () => {
  const started = () => {
    const filter = new RfbInputFilter({ viewOnly: false, sharedScreen: true });
    // As noVNC does: the page announces ExtendedDesktopSize before it resizes.
    filter.push(Buffer.concat([handshake, setEncodings([7, -308, -223])]));
    return filter;
  };
  /** A SetDesktopSize whose screen entry carries the size too, so a body cut short would show. */
  const resize = (w: number, h: number) => {
    const b = setDesktopSize(w, h);
    b.writeUInt16BE(w, 8 + 8);
    b.writeUInt16BE(h, 8 + 10);
    return b;
  };

  it("holds back a viewer's screen size while another viewer owns the screen, and sends the last one when it becomes owner", () => {
    const filter = started();
    const stream = Buffer.concat([key(1, 0x61), resize(1024, 768), pointer(0, 5, 5), resize(800, 600)]);
    for (const size of [stream.length, 1, 5]) {
      const fresh = started();
      const result = run(fresh, stream, size);
      expect(result.forward).toEqual(Buffer.concat([key(1, 0x61), pointer(0, 5, 5)]));
      expect(result).toMatchObject({ keys: 1, pointers: 1, dropped: 0 });
      expect(fresh.ownScreen(true)).toEqual(resize(800, 600));
    }
    expect(filter.ownsScreen).toBe(false);
    expect(filter.ownScreen(true)).toEqual(Buffer.alloc(0));
    expect(filter.push(resize(1280, 800)).forward).toEqual(resize(1280, 800));
  });

  it('sends the held size after the message the page is in the middle of, never inside it', () => {
    const filter = started();
    filter.push(resize(1024, 768));
    const clip = cutText('hello');
    filter.push(clip.subarray(0, 10));
    expect(filter.ownScreen(true)).toEqual(Buffer.alloc(0));
    expect(filter.push(clip.subarray(10)).forward).toEqual(
      Buffer.concat([clip.subarray(10), resize(1024, 768)]),
    );
  });

  it('sends a size whose body was still arriving when the bridge became owner, once it is whole', () => {
    const filter = started();
    const message = resize(1024, 768);
    expect(filter.push(message.subarray(0, 12)).forward).toEqual(Buffer.alloc(0));
    expect(filter.ownScreen(true)).toEqual(Buffer.alloc(0));
    expect(filter.push(message.subarray(12)).forward).toEqual(message);
  });

  it('holds again once another viewer takes the screen over, and forgets what it sent as owner', () => {
    const filter = started();
    filter.ownScreen(true);
    expect(filter.push(resize(1280, 800)).forward).toEqual(resize(1280, 800));
    filter.ownScreen(false);
    expect(filter.push(resize(640, 480)).forward).toEqual(Buffer.alloc(0));
    expect(filter.ownScreen(true)).toEqual(resize(640, 480));
    filter.ownScreen(false);
    expect(filter.ownScreen(true)).toEqual(Buffer.alloc(0));
  });

  it('leaves a filter made without a shared screen alone: every size goes through', () => {
    const filter = new RfbInputFilter({ viewOnly: false });
    filter.push(handshake);
    expect(filter.ownsScreen).toBe(true);
    expect(filter.ownScreen(false)).toEqual(Buffer.alloc(0));
    const message = resize(1024, 768);
    expect(filter.push(message).forward).toBe(message);
  });

  it('still drops every size of a view-only page, and never sends one', () => {
    const filter = new RfbInputFilter({ viewOnly: true, sharedScreen: true });
    filter.push(handshake);
    expect(filter.push(resize(1024, 768))).toMatchObject({ dropped: 1 });
    expect(filter.ownScreen(true)).toEqual(Buffer.alloc(0));
  });
});

describe('RfbInputFilter#inject', () => {
  it("places the gateway's message between the page's messages, and only after the handshake", () => {
    const filter = new RfbInputFilter({ viewOnly: false, sharedScreen: true });
    const note = region(3, 0, 0, 0, 10, 10);
    // Header bytes are held until whole, so the handshake comes out in one piece, then the message.
    expect(filter.push(handshake.subarray(0, 5)).forward).toEqual(Buffer.alloc(0));
    expect(filter.inject(note)).toEqual(Buffer.alloc(0));
    expect(filter.push(handshake.subarray(5)).forward).toEqual(Buffer.concat([handshake, note]));
    expect(filter.push(key(1, 1)).forward).toEqual(key(1, 1));
    expect(filter.inject(note)).toEqual(note);
  });

  it('drops what it cannot place: on a filter that does not rebuild, or that gave up', () => {
    const plain = new RfbInputFilter({ viewOnly: false });
    plain.push(Buffer.concat([handshake, key(1, 1).subarray(0, 2)]));
    expect(plain.inject(fbRequest())).toEqual(Buffer.alloc(0));
    const gaveUp = new RfbInputFilter({ viewOnly: false, sharedScreen: true });
    gaveUp.push(Buffer.concat([handshake, Buffer.from([99, 1, 2])]));
    expect(gaveUp.inject(fbRequest())).toEqual(Buffer.alloc(0));
  });
});
