import type RFB from '@novnc/novnc';
import { describe, expect, it } from 'vitest';
import {
  type ClipboardReadPermission,
  ClipboardSync,
  clipboardReadPermission,
  readsClipboardUnasked,
} from './clipboard-sync.ts';

/** A browser clipboard holding `text`, counting its reads. */
function localClipboard(text: string) {
  const clipboard = {
    reads: 0,
    readText: async () => {
      clipboard.reads++;
      return text;
    },
  };
  return clipboard;
}

/** The parts of noVNC's RFB the sync uses: what it sends, and its `connect` event. */
function fakeRfb() {
  const target = new EventTarget();
  const sent: string[] = [];
  const rfb = Object.assign(target, { clipboardPasteFrom: (text: string) => sent.push(text) });
  return { rfb: rfb as unknown as RFB, sent, connect: () => target.dispatchEvent(new Event('connect')) };
}

function syncWith(permission: ClipboardReadPermission) {
  const clipboard = localClipboard('copied elsewhere');
  const sync = new ClipboardSync(clipboard, () => {}, Promise.resolve(permission));
  const { rfb, sent, connect } = fakeRfb();
  sync.attach(rfb);
  return { clipboard, sync, sent, connect };
}

describe('readsClipboardUnasked', () => {
  it('reads where the browser keeps a clipboard-read permission that is not denied (Chromium)', () => {
    expect(readsClipboardUnasked('granted')).toBe(true);
    expect(readsClipboardUnasked('prompt')).toBe(true);
    expect(readsClipboardUnasked('denied')).toBe(false);
  });

  it('never reads unasked where the browser has no such permission (Firefox, Safari: a Paste menu at every read)', () => {
    expect(readsClipboardUnasked('unsupported')).toBe(false);
  });
});

describe('clipboardReadPermission', () => {
  it("is the permission's state, or unsupported where the query throws or the API is missing", async () => {
    const answering = { query: async () => ({ state: 'granted' }) as PermissionStatus };
    const throwing = {
      query: async () => {
        throw new TypeError("'clipboard-read' is not a valid value for enumeration PermissionName.");
      },
    };
    expect(await clipboardReadPermission(answering)).toBe('granted');
    expect(await clipboardReadPermission(throwing)).toBe('unsupported');
    expect(await clipboardReadPermission(undefined)).toBe('unsupported');
  });
});

describe('ClipboardSync', () => {
  it('sends the local clipboard when the user comes back, where the browser reads unasked', async () => {
    const { clipboard, sync, sent, connect } = syncWith('granted');
    connect();
    await expect.poll(() => sent).toEqual(['copied elsewhere']);
    await sync.pushOnReturn();
    // Unchanged text is not sent twice.
    expect({ reads: clipboard.reads, sent }).toEqual({ reads: 2, sent: ['copied elsewhere'] });
  });

  it('does not read on connect or focus where reading shows a Paste menu, but does when asked', async () => {
    const { clipboard, sync, sent, connect } = syncWith('unsupported');
    connect();
    await sync.pushOnReturn();
    expect(clipboard.reads).toBe(0);
    await sync.pushLocal();
    expect({ reads: clipboard.reads, sent }).toEqual({ reads: 1, sent: ['copied elsewhere'] });
  });
});
