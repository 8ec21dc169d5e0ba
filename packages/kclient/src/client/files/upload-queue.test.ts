import { describe, expect, it } from 'vitest';
import type { FilePath } from './file-paths.ts';
import { type Upload, UploadQueue } from './upload-queue.ts';
import type { SendUpload, UploadResult } from './upload-request.ts';

const exists = JSON.stringify({ code: 'HELIOS_KCLIENT_FILES_EXISTS', message: 'exists' });

/** A gateway stand-in: stores names, refuses taken ones with 409, and lets a test hold a request open. */
function fakeGateway(existing: readonly string[] = []) {
  const stored = new Set(existing);
  const urls: string[] = [];
  const held: { release(result?: UploadResult): void; progress(sent: number): void }[] = [];
  let hold = false;
  const send: SendUpload = (url, body, onProgress) => {
    urls.push(url);
    const name = decodeURIComponent(url.split('/').at(-1) ?? '');
    let settle: (result: UploadResult) => void = () => {};
    const done = new Promise<UploadResult>((resolve) => {
      settle = resolve;
    });
    const answer = (): UploadResult => {
      if (stored.has(name)) return { ok: false, failure: { kind: 'http', status: 409, body: exists } };
      stored.add(name);
      return { ok: true, size: body.size };
    };
    if (hold) held.push({ release: (result) => settle(result ?? answer()), progress: onProgress });
    else settle(answer());
    return { done, abort: () => settle({ ok: false, failure: { kind: 'cancelled' } }) };
  };
  return {
    send,
    stored,
    urls,
    held,
    holdRequests() {
      hold = true;
    },
  };
}

function queueFor(
  gateway: ReturnType<typeof fakeGateway>,
  namesIn: (folder: FilePath) => Promise<ReadonlySet<string> | undefined> = async () => undefined,
) {
  const latest = new Map<number, Upload>();
  const storedIn: string[] = [];
  const queue = new UploadQueue({
    send: gateway.send,
    urlOf: (path) => `http://desk/files/${path.map(encodeURIComponent).join('/')}`,
    namesIn,
    onChange: (upload) => latest.set(upload.id, upload),
    onStored: (folder) => storedIn.push(folder.join('/')),
  });
  const settled = () =>
    new Promise<void>((resolve) => {
      const poll = () => (queue.busy ? setTimeout(poll, 1) : resolve());
      poll();
    });
  return { queue, latest, storedIn, settled };
}

const file = (name: string, bytes = 3) => new File([new Uint8Array(bytes)], name);

describe('UploadQueue', () => {
  it('stores each file under its own name in the chosen folder, one after the other', async () => {
    const gateway = fakeGateway();
    const { queue, latest, storedIn, settled } = queueFor(gateway);
    queue.add([file('a.txt'), file('b c.txt', 5)], ['Downloads']);
    await settled();
    expect(gateway.urls).toEqual([
      'http://desk/files/Downloads/a.txt',
      'http://desk/files/Downloads/b%20c.txt',
    ]);
    expect([...latest.values()].map((u) => [u.name, u.state, u.sentBytes])).toEqual([
      ['a.txt', 'done', 3],
      ['b c.txt', 'done', 5],
    ]);
    expect(storedIn).toEqual(['Downloads', 'Downloads']);
  });

  it('never replaces a file: a name the gateway says exists becomes name (1).ext, then (2)…', async () => {
    const gateway = fakeGateway(['a.txt', 'a (1).txt']);
    const { queue, latest, settled } = queueFor(gateway);
    queue.add([file('a.txt')], ['Downloads']);
    await settled();
    expect([...latest.values()][0]).toMatchObject({ name: 'a (2).txt', state: 'done' });
    expect(gateway.stored).toEqual(new Set(['a.txt', 'a (1).txt', 'a (2).txt']));
  });

  it('picks a free name from the listing first, where the page may list', async () => {
    const gateway = fakeGateway(['a.txt', 'a (1).txt']);
    const { queue, latest, settled } = queueFor(gateway, async () => new Set(['a.txt', 'a (1).txt']));
    queue.add([file('a.txt')], ['Downloads']);
    await settled();
    expect(gateway.urls).toEqual(['http://desk/files/Downloads/a%20(2).txt']);
    expect([...latest.values()][0]?.name).toBe('a (2).txt');
  });

  it("stops with the gateway's message when a listed-free name still clashes (a file where the folder should be)", async () => {
    const gateway = fakeGateway();
    const send: SendUpload = (url) => {
      gateway.urls.push(url);
      return {
        done: Promise.resolve({ ok: false, failure: { kind: 'http', status: 409, body: exists } }),
        abort() {},
      };
    };
    const { queue, latest, settled } = queueFor({ ...gateway, send }, async () => new Set());
    queue.add([file('a.txt')], ['Downloads']);
    await settled();
    expect(gateway.urls.length).toBeLessThanOrEqual(3);
    expect([...latest.values()][0]?.failure).toEqual({ code: 'HELIOS_KCLIENT_FILES_EXISTS', text: 'exists' });
  });

  it("shows the gateway's refusal and goes on with the next file", async () => {
    const gateway = fakeGateway();
    const tooLarge = JSON.stringify({
      code: 'HELIOS_KCLIENT_FILES_TOO_LARGE',
      message: 'over FILE_TRANSFER_MAX_MB=1',
    });
    const send: SendUpload = (url, body, onProgress) =>
      url.endsWith('big.bin')
        ? {
            done: Promise.resolve({ ok: false, failure: { kind: 'http', status: 413, body: tooLarge } }),
            abort() {},
          }
        : gateway.send(url, body, onProgress);
    const { queue, latest, settled } = queueFor({ ...gateway, send });
    queue.add([file('big.bin'), file('small.txt')], ['Downloads']);
    await settled();
    expect([...latest.values()].map((u) => [u.name, u.state, u.failure?.text])).toEqual([
      ['big.bin', 'failed', 'over FILE_TRANSFER_MAX_MB=1'],
      ['small.txt', 'done', undefined],
    ]);
  });

  it('cancels the file being sent and the ones waiting, and stores nothing of them', async () => {
    const gateway = fakeGateway();
    gateway.holdRequests();
    const { queue, latest, settled } = queueFor(gateway);
    const [first, second] = queue.add([file('one.bin', 10), file('two.bin')], ['Downloads']);
    await new Promise((resolve) => setTimeout(resolve, 0));
    gateway.held[0]?.progress(4);
    expect(latest.get(first?.id ?? 0)).toMatchObject({ state: 'sending', sentBytes: 4 });
    queue.cancel(second?.id ?? 0);
    queue.cancel(first?.id ?? 0);
    await settled();
    expect(latest.get(first?.id ?? 0)).toMatchObject({ state: 'cancelled', failure: { text: 'Cancelled' } });
    expect(latest.get(second?.id ?? 0)?.state).toBe('cancelled');
    expect(gateway.urls).toHaveLength(1);
    expect(gateway.stored.size).toBe(0);
  });
});
