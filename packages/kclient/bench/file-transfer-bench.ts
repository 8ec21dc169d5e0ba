// File transfer benchmark: a real gateway (the bundle, in its own process so
// its memory can be read from /proc) with FILE_TRANSFER=both, one upload and
// one download of BENCH_BYTES (default 2 GiB) over real HTTP on 127.0.0.1.
// The body is generated as it is sent (never a 2 GiB buffer) and hashed on
// both sides of the trip: the download must hash like the upload.
//
// Memory: the gateway's peak resident set (VmHWM, reset before each transfer
// through /proc/<pid>/clear_refs, which needs root or the same user) minus its
// resident set just before. A short warm-up transfer runs first so the
// figures measure the transfer, not the first JIT compilation.
//
// Usage (after `pnpm --filter @helios/kclient build`):
//   node bench/file-transfer-bench.ts
//   BENCH_BYTES=536870912 BENCH_FILE_ROOT=/var/tmp node bench/file-transfer-bench.ts

import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchProcess, startProcess, waitForPort } from './processes.ts';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const BYTES = Number(process.env.BENCH_BYTES ?? 2 * 1024 ** 3);
const WARM_UP_BYTES = 16 * 1024 * 1024;
const CHUNK = 1024 * 1024;
const MiB = 1024 * 1024;

/** One transfer's figures. */
interface Figures {
  readonly seconds: number;
  readonly sha256: string;
  readonly bytes: number;
}

async function main(): Promise<void> {
  if (!existsSync(join(DIST, 'bundle/helios-kclient.mjs'))) {
    throw new Error('dist/bundle missing: run "pnpm --filter @helios/kclient build" first');
  }
  // A copy, so a rebuild of dist/ during the run cannot change what is measured.
  const copy = mkdtempSync(join(tmpdir(), 'kclient-files-bench-'));
  cpSync(join(DIST, 'bundle'), join(copy, 'bundle'), { recursive: true });
  cpSync(join(DIST, 'client'), join(copy, 'client'), { recursive: true });
  const root = mkdtempSync(join(process.env.BENCH_FILE_ROOT ?? tmpdir(), 'kclient-files-root-'));
  const port = await freePort();
  const gateway = startProcess(
    process.execPath,
    [
      join(copy, 'bundle/helios-kclient.mjs'),
      ...['--vnc', 'tcp:127.0.0.1:1', '--host', '127.0.0.1', '--port', String(port)],
      ...['--https-port', 'off', '--client-dir', join(copy, 'client')],
    ],
    {
      FILE_TRANSFER: 'both',
      FILE_TRANSFER_MAX_MB: '1048576',
      HELIOS_FILE_ROOT: root,
      HELIOS_LOG_LEVEL: 'warn',
    },
  );
  try {
    await waitForPort(port);
    const base = `http://127.0.0.1:${port}/files/`;
    await upload(`${base}warm-up.bin`, WARM_UP_BYTES);
    await download(`${base}warm-up.bin`);

    const up = await measured(gateway, () => upload(`${base}bench.bin`, BYTES));
    const down = await measured(gateway, () => download(`${base}bench.bin`));
    if (up.result.sha256 !== down.result.sha256 || down.result.bytes !== BYTES) {
      throw new Error(`download differs from upload: ${JSON.stringify({ up, down })}`);
    }
    const row = (name: string, m: typeof up) =>
      `| ${name} | ${(BYTES / MiB).toFixed(0)} | ${(BYTES / MiB / m.result.seconds).toFixed(0)} | ` +
      `${(m.cpuSeconds / (BYTES / 1024 ** 3)).toFixed(2)} | ` +
      `${(m.rssBefore / MiB).toFixed(1)} | ${(m.peak / MiB).toFixed(1)} | ${((m.peak - m.rssBefore) / MiB).toFixed(1)} |`;
    console.log(
      `Node ${process.version}, file root ${root}, sha256 ${up.result.sha256.slice(0, 16)}… both ways`,
    );
    console.log(
      '| transfer | MiB | MiB/s | gateway CPU s/GiB | gateway RSS before, MiB | peak (VmHWM), MiB | growth, MiB |',
    );
    console.log(
      '| -------- | --: | ----: | ----------------: | ----------------------: | ----------------: | ----------: |',
    );
    console.log(row('upload (PUT)', up));
    console.log(row('download (GET)', down));
  } finally {
    await gateway.stop();
    rmSync(root, { recursive: true, force: true });
    rmSync(copy, { recursive: true, force: true });
  }
}

/**
 * Runs `transfer` with the gateway's peak RSS reset first; returns it with the
 * gateway's CPU seconds, its RSS before and its peak.
 */
async function measured(gateway: BenchProcess, transfer: () => Promise<Figures>) {
  const { pid } = gateway;
  const cpuBefore = gateway.cpuSeconds();
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
  const rssBefore = memory(pid, 'VmRSS');
  // VmHWM is the kernel's own peak; the sampled maximum is a cross-check where clear_refs is refused.
  let sampled = rssBefore;
  const timer = setInterval(() => {
    sampled = Math.max(sampled, memory(pid, 'VmRSS'));
  }, 20);
  try {
    const result = await transfer();
    const cpuSeconds = gateway.cpuSeconds() - cpuBefore;
    return { result, cpuSeconds, rssBefore, peak: Math.max(memory(pid, 'VmHWM'), sampled) };
  } finally {
    clearInterval(timer);
  }
}

/** PUTs `bytes` of generated data, hashing what it sends. */
function upload(url: string, bytes: number): Promise<Figures> {
  // A few blocks in flight; each is changed again only once its write has flushed.
  const free = Array.from({ length: 8 }, () => randomBytes(CHUNK));
  const hash = createHash('sha256');
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'PUT', headers: { 'content-length': String(bytes) } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () => {
        if (res.statusCode !== 201) reject(new Error(`upload answered ${res.statusCode}: ${body}`));
        else resolve({ seconds: (performance.now() - started) / 1000, sha256: hash.digest('hex'), bytes });
      });
    });
    req.on('error', reject);
    let sent = 0;
    let ended = false;
    const pump = () => {
      for (let block = free.pop(); block !== undefined && sent < bytes; block = free.pop()) {
        const reused = block;
        // Each block differs from the last (its first 8 bytes count), so a lost or repeated one shows in the hash.
        reused.writeBigUInt64LE(BigInt(sent), 0);
        const chunk = reused.subarray(0, Math.min(CHUNK, bytes - sent));
        hash.update(chunk);
        sent += chunk.length;
        req.write(chunk, () => {
          free.push(reused);
          pump();
        });
      }
      if (sent >= bytes && !ended) {
        ended = true;
        req.end();
      }
    };
    pump();
  });
}

/** GETs a file, hashing what arrives. */
function download(url: string): Promise<Figures> {
  const hash = createHash('sha256');
  const started = performance.now();
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      if (res.statusCode !== 200) reject(new Error(`download answered ${res.statusCode}`));
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        bytes += chunk.length;
      });
      res.on('end', () =>
        resolve({ seconds: (performance.now() - started) / 1000, sha256: hash.digest('hex'), bytes }),
      );
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

function memory(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? 0) * 1024;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

await main();
