import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayOptions } from '../src/server/config/gateway-options.ts';
import { startGateway } from '../src/server/gateway.ts';
import { assertBuilt, CLIENT_DIR, startGatewayProcess } from './support/gateway-process.ts';

type Gateway = Awaited<ReturnType<typeof startGateway>>;

/** One answer of the gateway, read whole (the tests move small files). */
interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
  json(): { code?: string; message?: string; [key: string]: unknown };
}

/**
 * Sends `method rawPath` over real HTTP with the path exactly as given:
 * `fetch` would normalise `..` and `%2e%2e` away before the gateway saw them.
 * `body` as a Buffer is sent with content-length; as an array of Buffers it
 * is sent chunked (no content-length).
 */
function send(
  gateway: Gateway,
  method: string,
  rawPath: string,
  options: { body?: Buffer | Buffer[]; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const { port } = gateway.address;
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method, path: rawPath, headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            json: () => JSON.parse(body.toString()),
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    const { body } = options;
    if (Array.isArray(body)) {
      req.setHeader('transfer-encoding', 'chunked');
      for (const chunk of body) req.write(chunk);
      req.end();
    } else req.end(body);
  });
}

const put = (gateway: Gateway, path: string, body: Buffer | Buffer[], headers: Record<string, string> = {}) =>
  send(gateway, 'PUT', `/files/${path}`, { body, headers });
const get = (gateway: Gateway, path: string, headers: Record<string, string> = {}) =>
  send(gateway, 'GET', `/files/${path}`, { headers });

const scratch = mkdtempSync(join(tmpdir(), 'kclient-files-'));
const gateways: Gateway[] = [];

/** A gateway with its own empty file root. */
async function gatewayWith(
  name: string,
  options: Partial<GatewayOptions>,
): Promise<Gateway & { root: string }> {
  const root = join(scratch, name);
  mkdirSync(root, { recursive: true });
  const gateway = await startGateway({
    vnc: 'tcp:127.0.0.1:1',
    port: 0,
    host: '127.0.0.1',
    httpsPort: 'off',
    clientDir: CLIENT_DIR,
    logLevel: 'silent',
    fileRoot: root,
    ...options,
  });
  gateways.push(gateway);
  return Object.assign(gateway, { root });
}

/** Everything below `dir`, hidden files included, as relative paths. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

let both: Gateway & { root: string };

beforeAll(async () => {
  assertBuilt();
  both = await gatewayWith('both', { fileTransfer: 'both' });
});

afterAll(async () => {
  for (const gateway of gateways) await gateway.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('file transfer policy (FILE_TRANSFER)', () => {
  it.each([
    ['off', 403, 403, 403],
    ['upload', 201, 403, 403],
    ['download', 403, 200, 200],
    ['both', 201, 200, 200],
  ] as const)('FILE_TRANSFER=%s: upload %i, download %i, listing %i', async (policy, up, down, list) => {
    const gateway = await gatewayWith(`policy-${policy}`, { fileTransfer: policy });
    writeFileSync(join(gateway.root, 'there.txt'), 'already here');
    const upload = await put(gateway, 'Downloads/new.txt', Buffer.from('new'));
    const download = await get(gateway, 'there.txt');
    const listing = await get(gateway, '');
    expect([upload.status, download.status, listing.status]).toEqual([up, down, list]);
    for (const refused of [upload, download, listing].filter((answer) => answer.status === 403)) {
      expect(refused.json().code).toBe('HELIOS_KCLIENT_FILES_OFF');
      expect(refused.json().message).toContain(`FILE_TRANSFER=${policy}`);
    }
    expect(existsSync(join(gateway.root, 'Downloads/new.txt'))).toBe(up === 201);
  });

  it('is off by default', async () => {
    const gateway = await gatewayWith('default', {});
    expect((await put(gateway, 'a.txt', Buffer.from('x'))).status).toBe(403);
    expect(readdirSync(gateway.root)).toEqual([]);
  });

  it('moves nothing on a view-only gateway, whatever the policy, and its pages say off', async () => {
    const gateway = await gatewayWith('view-only', { fileTransfer: 'both', viewOnly: true });
    writeFileSync(join(gateway.root, 'there.txt'), 'x');
    for (const answer of [await put(gateway, 'a.txt', Buffer.from('x')), await get(gateway, 'there.txt')]) {
      expect(answer.status).toBe(403);
      expect(answer.json()).toEqual({
        code: 'HELIOS_KCLIENT_FILES_OFF',
        message: 'this gateway is view-only (HELIOS_VIEW_ONLY): it transfers no files',
      });
    }
    const page = await (await fetch(gateway.address.url)).text();
    expect(page).toContain('<meta name="helios-file-transfer" content="off" />');
    expect(readdirSync(gateway.root)).toEqual(['there.txt']);
  });

  it('tells the page the policy and the upload limit; the view-only page says off', async () => {
    const gateway = await gatewayWith('meta', { fileTransfer: 'upload', fileTransferMaxMb: 64 });
    const page = await (await fetch(gateway.address.url)).text();
    expect(page).toContain('<meta name="helios-file-transfer" content="upload" />');
    expect(page).toContain('<meta name="helios-file-max-mb" content="64" />');
    const viewOnly = await (await fetch(new URL('view-only/', gateway.address.url))).text();
    expect(viewOnly).toContain('<meta name="helios-file-transfer" content="off" />');
  });
});

describe('upload and download', () => {
  it('uploads into a Downloads folder it creates, owned by the gateway user, and downloads the same bytes', async () => {
    const content = Buffer.from('résumé\n'.repeat(1000));
    const upload = await put(both, 'Downloads/r%C3%A9sum%C3%A9%20(1).txt', content);
    expect(upload.status).toBe(201);
    expect(upload.json()).toEqual({ path: 'Downloads/résumé (1).txt', size: content.length });
    const onDisk = join(both.root, 'Downloads', 'résumé (1).txt');
    expect(readFileSync(onDisk)).toEqual(content);
    expect(statSync(onDisk).uid).toBe(process.getuid?.());
    const download = await get(both, 'Downloads/r%C3%A9sum%C3%A9%20(1).txt');
    expect(download.status).toBe(200);
    expect(download.body).toEqual(content);
    expect(download.headers['content-type']).toBe('application/octet-stream');
    expect(download.headers['content-length']).toBe(String(content.length));
    expect(download.headers['content-disposition']).toBe(
      "attachment; filename*=UTF-8''r%C3%A9sum%C3%A9%20%281%29.txt",
    );
    const head = await send(both, 'HEAD', '/files/Downloads/r%C3%A9sum%C3%A9%20(1).txt');
    expect([head.status, head.headers['content-length'], head.body.length]).toEqual([
      200,
      String(content.length),
      0,
    ]);
  });

  it("takes the body as bytes whatever its content-type says (a browser sends the file's own type)", async () => {
    for (const [name, type] of [
      ['data.json', 'application/json'],
      ['note.txt', 'text/plain; charset=utf-8'],
      ['form.bin', 'multipart/form-data; boundary=x'],
      ['page.html', 'text/html'],
    ]) {
      const body = Buffer.from(`not what ${type} promises {`);
      const answer = await put(both, `types/${name}`, body, { 'content-type': type ?? '' });
      expect(answer.status, type).toBe(201);
      expect(readFileSync(join(both.root, 'types', name ?? ''))).toEqual(body);
    }
    expect((await put(both, 'types/empty.txt', Buffer.alloc(0))).json()).toEqual({
      path: 'types/empty.txt',
      size: 0,
    });
    const empty = await get(both, 'types/empty.txt');
    expect([empty.status, empty.body.length, empty.headers['content-length']]).toEqual([200, 0, '0']);
  });

  it('refuses to replace a file (409) unless ?overwrite=1', async () => {
    expect((await put(both, 'keep.txt', Buffer.from('first'))).status).toBe(201);
    const again = await put(both, 'keep.txt', Buffer.from('second'));
    expect(again.status).toBe(409);
    expect(again.json().code).toBe('HELIOS_KCLIENT_FILES_EXISTS');
    expect(again.json().message).toContain('?overwrite=1');
    expect(readFileSync(join(both.root, 'keep.txt'), 'utf8')).toBe('first');
    const replaced = await put(both, 'keep.txt?overwrite=1', Buffer.from('second'));
    expect(replaced.status).toBe(201);
    expect(readFileSync(join(both.root, 'keep.txt'), 'utf8')).toBe('second');
    expect(tree(both.root).filter((name) => name.includes('.helios-upload-'))).toEqual([]);
  });

  it('refuses a file in the way of a folder, and a folder in the way of a file (409)', async () => {
    writeFileSync(join(both.root, 'plain'), 'x');
    mkdirSync(join(both.root, 'folder'));
    expect((await put(both, 'plain/inner.txt', Buffer.from('x'))).json().code).toBe(
      'HELIOS_KCLIENT_FILES_EXISTS',
    );
    expect((await put(both, 'folder?overwrite=1', Buffer.from('x'))).json().code).toBe(
      'HELIOS_KCLIENT_FILES_EXISTS',
    );
  });

  it('keeps the names of unfinished uploads to itself (400)', async () => {
    const answer = await put(both, 'Downloads/.helios-upload-0123456789abcdef', Buffer.from('x'));
    expect(answer.status).toBe(400);
    expect(answer.json().code).toBe('HELIOS_KCLIENT_FILES_BAD_PATH');
  });

  it('answers 404 for nothing there and for a file asked for as a folder', async () => {
    for (const path of ['nothing.txt', 'nothing/', 'keep.txt/']) {
      const answer = await get(both, path);
      expect(answer.status, path).toBe(404);
      expect(answer.json().code).toBe('HELIOS_KCLIENT_FILES_NOT_FOUND');
    }
  });

  it('lists a folder sorted (folders first), without FIFOs, links out of the root or unfinished uploads', async () => {
    const gateway = await gatewayWith('listing', { fileTransfer: 'download' });
    const dir = join(gateway.root, 'Downloads');
    mkdirSync(join(dir, 'zeta'), { recursive: true });
    mkdirSync(join(dir, 'Alpha'));
    writeFileSync(join(dir, 'b.txt'), '12345');
    writeFileSync(join(dir, 'a.txt'), '');
    writeFileSync(join(dir, '.helios-upload-0123456789abcdef'), 'partial');
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    symlinkSync('/etc', join(dir, 'etc-link'));
    symlinkSync('b.txt', join(dir, 'link-to-b'));
    symlinkSync('zeta', join(dir, 'link-to-zeta'));
    symlinkSync('missing', join(dir, 'dangling'));
    const listing = await get(gateway, 'Downloads/');
    expect(listing.status).toBe(200);
    expect(listing.headers['content-type']).toMatch(/^application\/json/);
    const { path, entries } = listing.json() as { path: string; entries: { name: string; type: string }[] };
    expect(path).toBe('Downloads');
    expect(entries.map(({ name, type }) => `${type}:${name}`)).toEqual([
      'dir:Alpha',
      'dir:link-to-zeta',
      'dir:zeta',
      'file:a.txt',
      'file:b.txt',
      'file:link-to-b',
    ]);
    expect(entries.find((entry) => entry.name === 'b.txt')).toEqual({
      name: 'b.txt',
      type: 'file',
      size: 5,
      mtimeMs: Math.trunc(statSync(join(dir, 'b.txt')).mtimeMs),
    });
    // The same folder without its trailing slash lists the same.
    expect((await get(gateway, 'Downloads')).json()).toEqual(listing.json());
  });
});

describe('guards', () => {
  it('requires the credentials when auth is on, and logs nothing in for a wrong token', async () => {
    const gateway = await gatewayWith('auth', { fileTransfer: 'both', authToken: 'tok' });
    expect((await put(gateway, 'a.txt', Buffer.from('x'))).status).toBe(401);
    expect((await get(gateway, '')).status).toBe(401);
    expect((await put(gateway, 'a.txt', Buffer.from('x'), { authorization: 'Bearer nope' })).status).toBe(
      401,
    );
    expect(readdirSync(gateway.root)).toEqual([]);
    expect((await put(gateway, 'a.txt', Buffer.from('x'), { authorization: 'Bearer tok' })).status).toBe(201);
    expect((await send(gateway, 'GET', '/files/a.txt?token=tok')).body.toString()).toBe('x');
  });

  it("refuses a PUT from a foreign origin (403), and takes one from the page's own origin or from curl", async () => {
    const own = `http://127.0.0.1:${both.address.port}`;
    const foreign = await put(both, 'origin.txt', Buffer.from('x'), { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(existsSync(join(both.root, 'origin.txt'))).toBe(false);
    expect((await put(both, 'origin.txt', Buffer.from('x'), { origin: own })).status).toBe(201);
    expect((await put(both, 'no-origin.txt', Buffer.from('x'))).status).toBe(201);
  });

  it('serves under the prefix, and not elsewhere', async () => {
    const gateway = await gatewayWith('prefix', { fileTransfer: 'both', prefix: '/desk/' });
    expect((await send(gateway, 'PUT', '/desk/files/a.txt', { body: Buffer.from('x') })).status).toBe(201);
    expect((await send(gateway, 'GET', '/desk/files/a.txt')).body.toString()).toBe('x');
    expect((await send(gateway, 'PUT', '/files/b.txt', { body: Buffer.from('x') })).status).toBe(404);
  });
});

describe('size limit (FILE_TRANSFER_MAX_MB)', () => {
  const mib = 1024 * 1024;

  it('refuses a content-length over the limit before reading the body, leaving nothing', async () => {
    const gateway = await gatewayWith('limit-length', { fileTransfer: 'both', fileTransferMaxMb: 1 });
    const answer = await put(gateway, 'Downloads/big.bin', Buffer.alloc(mib + 1));
    expect(answer.status).toBe(413);
    expect(answer.json()).toEqual({
      code: 'HELIOS_KCLIENT_FILES_TOO_LARGE',
      message: `the upload (content-length ${mib + 1} bytes) is larger than the upload limit of 1 MiB (FILE_TRANSFER_MAX_MB)`,
    });
    expect(tree(gateway.root)).toEqual([]);
    expect((await put(gateway, 'exact.bin', Buffer.alloc(mib))).status).toBe(201);
  });

  it('cuts off a chunked body when it passes the limit, leaving nothing', async () => {
    const gateway = await gatewayWith('limit-chunked', { fileTransfer: 'both', fileTransferMaxMb: 1 });
    const chunks = Array.from({ length: 12 }, () => Buffer.alloc(128 * 1024, 7));
    const answer = await put(gateway, 'Downloads/big.bin', chunks);
    expect(answer.status).toBe(413);
    expect(answer.json().message).toBe(
      'the body is larger than the upload limit of 1 MiB (FILE_TRANSFER_MAX_MB)',
    );
    expect(tree(gateway.root)).toEqual(['Downloads']);
    const fits = await put(gateway, 'Downloads/fits.bin', chunks.slice(0, 8));
    expect(fits.json()).toEqual({ path: 'Downloads/fits.bin', size: mib });
  });

  it('removes the unfinished file when the client goes away in the middle', async () => {
    const root = both.root;
    await new Promise<void>((resolve) => {
      const req = request({
        host: '127.0.0.1',
        port: both.address.port,
        method: 'PUT',
        path: '/files/gone.bin',
        headers: { 'content-length': String(4 * mib) },
      });
      req.on('error', () => resolve());
      req.write(Buffer.alloc(256 * 1024), () => setTimeout(() => req.destroy(), 200));
      req.on('close', () => resolve());
    });
    await waitFor(() => tree(root).every((name) => !name.includes('.helios-upload-')));
    expect(existsSync(join(root, 'gone.bin'))).toBe(false);
  });
});

describe('disk full', () => {
  let mountPoint: string | undefined;

  afterAll(() => {
    if (mountPoint !== undefined) execFileSync('umount', [mountPoint]);
  });

  it('answers 507 when the disk fills during an upload, and leaves no file behind', async () => {
    const gateway = await gatewayWith('tmpfs', { fileTransfer: 'both' });
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', gateway.root]);
    mountPoint = gateway.root;
    const answer = await put(gateway, 'Downloads/huge.bin', Buffer.alloc(8 * 1024 * 1024, 1));
    expect(answer.status).toBe(507);
    expect(answer.json().code).toBe('HELIOS_KCLIENT_FILES_DISK_FULL');
    expect(answer.json().message).toContain('free some space');
    expect(tree(gateway.root)).toEqual(['Downloads']);
    // Space is back: a small file fits.
    expect((await put(gateway, 'Downloads/small.bin', Buffer.alloc(1024))).status).toBe(201);
  });
});

describe('paths that try to leave the root', () => {
  let gateway: Gateway & { root: string };
  let outside: string;

  beforeAll(async () => {
    gateway = await gatewayWith('escape/root', { fileTransfer: 'both' });
    outside = join(scratch, 'escape', 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret.txt'), 'TOP SECRET CONTENT');
    writeFileSync(join(gateway.root, 'inside.txt'), 'inside');
    symlinkSync('/etc', join(gateway.root, 'etc'));
    symlinkSync(outside, join(gateway.root, 'out'));
    symlinkSync(join(outside, 'secret.txt'), join(gateway.root, 'secret-link'));
    symlinkSync('inside.txt', join(gateway.root, 'inside-link'));
    execFileSync('mkfifo', [join(gateway.root, 'fifo')]);
  });

  it.each([
    '..',
    '../outside/secret.txt',
    'Downloads/../../outside/secret.txt',
    '%2e%2e/outside/secret.txt',
    '%2E%2E/outside/secret.txt',
    '.%2e/outside/secret.txt',
    '..%2foutside%2fsecret.txt',
    '..%2Foutside%2Fsecret.txt',
    '..%5coutside%5csecret.txt',
    '..\\outside\\secret.txt',
    '/etc/passwd',
    '/%2e%2e/etc/passwd',
    'a//b',
    'inside.txt%00.png',
    '%',
    'a'.repeat(300),
    `${'d/'.repeat(2100)}x`,
    'etc/passwd',
    'etc/',
    'out/secret.txt',
    'out/',
    'secret-link',
  ])('refuses GET and PUT of %j (400), writing nothing anywhere', async (path) => {
    const before = { root: tree(gateway.root), outside: tree(outside) };
    const read = await get(gateway, path);
    const write = await put(gateway, `${path}?overwrite=1`, Buffer.from('pwned'));
    for (const answer of [read, write]) {
      expect(answer.status, `${path} → ${answer.body}`).toBe(400);
      expect(answer.json().code).toBe('HELIOS_KCLIENT_FILES_BAD_PATH');
    }
    expect(read.body.toString()).not.toContain('TOP SECRET');
    expect(read.body.toString()).not.toContain('root:');
    expect({ root: tree(gateway.root), outside: tree(outside) }).toEqual(before);
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('TOP SECRET CONTENT');
  });

  it('follows a symbolic link that stays inside the root', async () => {
    const answer = await get(gateway, 'inside-link');
    expect(answer.status).toBe(200);
    expect(answer.body.toString()).toBe('inside');
  });

  it('refuses a FIFO (415) at once, without opening it for good', async () => {
    const answer = await get(gateway, 'fifo');
    expect(answer.status).toBe(415);
    expect(answer.json().code).toBe('HELIOS_KCLIENT_FILES_NOT_REGULAR');
    expect((await put(gateway, 'fifo', Buffer.from('x'))).status).toBe(409);
  });

  it('refuses a device (415)', async () => {
    const gatewayDev = await gatewayWith('dev-root', { fileTransfer: 'both', fileRoot: '/dev' });
    const answer = await get(gatewayDev, 'null');
    expect(answer.status).toBe(415);
    expect(answer.json().code).toBe('HELIOS_KCLIENT_FILES_NOT_REGULAR');
  });
});

describe('metrics', () => {
  it('counts transfers by direction and outcome, and their bytes, in /metrics', async () => {
    const gateway = await gatewayWith('metrics', { fileTransfer: 'both' });
    await put(gateway, 'a.bin', Buffer.alloc(1000));
    await put(gateway, 'a.bin', Buffer.alloc(1000));
    await get(gateway, 'a.bin');
    await get(gateway, '../x');
    const text = await (await fetch(new URL('/metrics', gateway.address.url))).text();
    expect(text).toContain('helios_file_transfers_total{direction="upload",outcome="ok"} 1\n');
    expect(text).toContain('helios_file_transfers_total{direction="upload",outcome="exists"} 1\n');
    expect(text).toContain('helios_file_transfers_total{direction="download",outcome="ok"} 1\n');
    expect(text).toContain('helios_file_transfers_total{direction="download",outcome="bad_path"} 1\n');
    expect(text).toContain('helios_file_transfer_bytes_total{direction="upload"} 1000\n');
    expect(text).toContain('helios_file_transfer_bytes_total{direction="download"} 1000\n');
  });
});

describe('helios-kclient with FILE_TRANSFER in its environment (the bundle)', () => {
  it('logs each transfer: who, which file, how many bytes, the outcome', async () => {
    const root = join(scratch, 'bundle');
    mkdirSync(root);
    const gateway = await startGatewayProcess(['--vnc', 'tcp:127.0.0.1:1', '--https-port', 'off'], {
      FILE_TRANSFER: 'upload',
      FILE_TRANSFER_MAX_MB: '1',
      HELIOS_FILE_ROOT: root,
      HELIOS_AUTH_USER: 'alice',
      HELIOS_AUTH_PASSWORD: 'pw',
      HELIOS_LOG_LEVEL: 'info',
    });
    try {
      const response = await fetch(new URL('files/Downloads/note.txt', gateway.url), {
        method: 'PUT',
        body: 'hello',
        headers: { authorization: `Basic ${Buffer.from('alice:pw').toString('base64')}` },
      });
      expect(response.status).toBe(201);
      expect(readFileSync(join(root, 'Downloads/note.txt'), 'utf8')).toBe('hello');
      await waitFor(() => gateway.output().includes('"route":"files"'));
      const line = gateway
        .output()
        .split('\n')
        .find((entry) => entry.includes('"route":"files"'));
      expect(JSON.parse(line ?? '{}')).toMatchObject({
        route: 'files',
        direction: 'upload',
        path: 'Downloads/note.txt',
        bytes: 5,
        client: '127.0.0.1',
        user: 'alice',
        outcome: 'ok',
      });
    } finally {
      await gateway.stop();
    }
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
