/**
 * `pnpm --filter @helios/kclient bench:audio` (after `build`): the audio path
 * against a private PulseAudio and the bundled gateway. Prints
 * - bandwidth per listener (WebSocket payload + frame headers) for a pure
 *   tone, a noisy chord, and silence;
 * - latency from writing a tone onset into pacat to the onset leaving the
 *   page's AudioWorklet (decoded, through the jitter buffer), in real
 *   headless Chromium, 20 onsets;
 * - CPU of the gateway (and of parec) while 1 and 10 listeners receive.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { launchChromium } from '@helios/test-kit/chromium';
import WebSocket from 'ws';
import { parecArgs } from '../src/server/audio/desktop-capture.ts';
import { pacatArgs } from '../src/server/audio/mic-channel.ts';
import { startPulse } from '../test/support/audio-pulse.ts';
import { startGatewayProcess } from '../test/support/gateway-process.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU seconds of one process (utime + stime). */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** A steady signal for the bandwidth and CPU figures: one pacat fed at real-time pace. */
function feeder(pulse: Awaited<ReturnType<typeof startPulse>>, content: (t: number) => number) {
  const pacat = spawn('pacat', pacatArgs('helios'), { env: pulse.env, stdio: ['pipe', 'ignore', 'ignore'] });
  pacat.stdin.on('error', () => {});
  const started = performance.now();
  let written = 0; // samples per channel
  const timer = setInterval(() => {
    const due = Math.floor(((performance.now() - started) / 1000) * 48_000) + 480;
    if (due <= written) return;
    const count = due - written;
    const pcm = new Int16Array(count * 2);
    for (let i = 0; i < count; i++) {
      const value = Math.round(content(written + i) * 32767);
      pcm[2 * i] = value;
      pcm[2 * i + 1] = value;
    }
    written += count;
    pacat.stdin.write(Buffer.from(pcm.buffer));
  }, 5);
  return {
    stop() {
      clearInterval(timer);
      pacat.kill();
    },
  };
}

async function main() {
  const pulse = await startPulse();
  const gateway = await startGatewayProcess(['--vnc', 'tcp:127.0.0.1:1'], pulse.env);
  const gatewayPid = gateway.child.pid ?? 0;
  const wsUrl = `${gateway.url.replace(/^http/, 'ws')}audio`;
  const rows: string[] = [];
  try {
    // 1. Bandwidth per listener.
    const signals: [string, (n: number) => number][] = [
      ['1 kHz tone, -6 dBFS', (n) => 0.5 * Math.sin((2 * Math.PI * 1000 * n) / 48_000)],
      [
        'chord + noise (music-like)',
        (n) =>
          0.2 * Math.sin((2 * Math.PI * 220 * n) / 48_000) +
          0.15 * Math.sin((2 * Math.PI * 277 * n) / 48_000) +
          0.15 * Math.sin((2 * Math.PI * 3300 * n) / 48_000) +
          0.1 * (Math.random() * 2 - 1),
      ],
      ['silence', () => 0],
    ];
    for (const [label, signal] of signals) {
      const feed = feeder(pulse, signal);
      const ws = new WebSocket(wsUrl);
      let bytes = 0;
      let frames = 0;
      let counting = false;
      ws.on('message', (data: Buffer, isBinary) => {
        if (!isBinary || !counting) return;
        frames++;
        bytes += data.length + (data.length > 125 ? 4 : 2);
      });
      await new Promise((resolve) => ws.once('open', resolve));
      await sleep(1000);
      counting = true;
      const t0 = performance.now();
      await sleep(5000);
      counting = false;
      const seconds = (performance.now() - t0) / 1000;
      rows.push(
        `| bandwidth, ${label} | ${((bytes * 8) / seconds / 1000).toFixed(1)} kbit/s (${(frames / seconds).toFixed(1)} frames/s) |`,
      );
      ws.close();
      feed.stop();
    }

    // 2. Latency, pacat -> decoded audio leaving the page's worklet.
    const browser = await launchChromium({
      audio: true,
      env: { ...process.env, PULSE_SERVER: 'unix:/nonexistent', XDG_RUNTIME_DIR: '/nonexistent' },
    });
    const page = await browser.newPage();
    await page.goto(gateway.url);
    // Browser-side code as strings: this file is type-checked without the DOM library.
    await page.waitForFunction('window.heliosClient?.audio?.state === "on"');
    await page.evaluate(`(() => {
      window.onsets = [];
      let armed = true;
      setInterval(() => {
        const samples = window.heliosClient.audio.samples();
        let peak = 0;
        for (let i = samples.length - 240; i < samples.length; i++) peak = Math.max(peak, Math.abs(samples[i]));
        if (armed && peak > 0.1) {
          window.onsets.push(performance.timeOrigin + performance.now());
          armed = false;
        } else if (!armed && peak < 0.01) armed = true;
      }, 2);
    })()`);
    // PulseAudio alone: the same burst seen by a parec of our own.
    const monitor = spawn('parec', parecArgs('helios'), {
      env: pulse.env,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let monitorOnset: number | undefined;
    monitor.stdout.on('data', (chunk: Buffer) => {
      const pcm = new Int16Array(chunk.buffer, chunk.byteOffset, chunk.length >> 1);
      if (monitorOnset === undefined && pcm.some((value) => Math.abs(value) > 3000))
        monitorOnset = Date.now();
    });
    await sleep(1000);
    const latencies: number[] = [];
    const direct: number[] = [];
    for (let trial = 0; trial < 20; trial++) {
      monitorOnset = undefined;
      const sent = Date.now();
      // A fresh pacat per burst, as a desktop program plays a sound: its start-up counts.
      const burst = pulse.playTone(1000, 0.2);
      await burst.done;
      await sleep(500);
      const onsets = (await page.evaluate('window.onsets.splice(0)')) as number[];
      if (onsets[0] !== undefined) latencies.push(onsets[0] - sent);
      if (monitorOnset !== undefined) direct.push(monitorOnset - sent);
    }
    monitor.kill();
    const outputLatency = (await page.evaluate(`(() => {
      const context = new AudioContext();
      const ms = (context.baseLatency + (context.outputLatency || 0)) * 1000;
      void context.close();
      return ms;
    })()`)) as number;
    await browser.close();
    const pick = (list: number[], q: number) =>
      [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor(q * list.length))] ?? Number.NaN;
    const summary = (list: number[]) =>
      `median ${pick(list, 0.5).toFixed(0)} ms, p90 ${pick(list, 0.9).toFixed(0)} ms (${list.length} bursts)`;
    rows.push(
      `| latency, new pacat -> decoded audio leaving the page's worklet | ${summary(latencies)} |`,
      `| of which PulseAudio alone (new pacat -> a parec of the monitor) | ${summary(direct)} |`,
      `| browser output latency on top (baseLatency + outputLatency) | ${outputLatency.toFixed(0)} ms |`,
    );

    // 3. CPU while streaming to 1 and 10 listeners.
    for (const listeners of [0, 1, 10]) {
      const feedCpu = feeder(pulse, (n) => 0.5 * Math.sin((2 * Math.PI * 440 * n) / 48_000));
      const sockets = Array.from({ length: listeners }, () => new WebSocket(wsUrl));
      await Promise.all(sockets.map((ws) => new Promise((resolve) => ws.once('open', resolve))));
      await sleep(1000);
      const parecPids = await pulse.childrenOf(gatewayPid, 'parec');
      const before = cpuSeconds(gatewayPid);
      const parecBefore = parecPids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
      await sleep(10_000);
      const gatewayCpu = (cpuSeconds(gatewayPid) - before) / 10;
      const parecCpu = (parecPids.reduce((sum, pid) => sum + cpuSeconds(pid), 0) - parecBefore) / 10;
      rows.push(
        `| CPU, ${listeners} listener(s) | gateway ${(gatewayCpu * 100).toFixed(1)} %, parec ${(parecCpu * 100).toFixed(1)} % of one core (${parecPids.length} parec) |`,
      );
      for (const ws of sockets) ws.close();
      feedCpu.stop();
      await sleep(500);
    }
  } finally {
    await gateway.stop();
    await pulse.stop();
  }
  process.stdout.write(`| figure | value |\n| ------ | ----- |\n${rows.join('\n')}\n`);
}

await main();
