import { type ChildProcess, spawn } from 'node:child_process';
import { freePort } from '@helios/test-kit/net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startXvnc, type XvncServer } from '../../packages/kclient/test/support/xvnc.ts';
import { eventually } from '../support/eventually.ts';
import { cleanEnv } from './support/clean-env.ts';
import { useConsumerProject } from './support/consumer-project.ts';
import { stopProcess } from './support/stop-process.ts';

describe('@helios/kclient installed from the registry', () => {
  const project = useConsumerProject(['@helios/kclient']);
  let xvnc: XvncServer | undefined;
  let gateway: ChildProcess | undefined;
  let output = '';
  let url = '';

  beforeAll(async () => {
    xvnc = await startXvnc();
    const port = await freePort();
    url = `http://127.0.0.1:${port}/`;
    gateway = spawn(
      project().bin('helios-kclient'),
      ['--vnc', `unix:${xvnc.socket}`, '--port', String(port), '--host', '127.0.0.1', '--https-port', 'off'],
      { cwd: project().dir, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    for (const stream of [gateway.stdout, gateway.stderr])
      stream?.on('data', (chunk: Buffer) => (output += chunk));
  });
  afterAll(async () => {
    if (gateway) await stopProcess(gateway);
    await xvnc?.stop();
  });

  it('prints the published version', async () => {
    const result = await project().run('helios-kclient', ['--version']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim()).toBe(inject('publishedVersions')['@helios/kclient']);
  });

  it('answers /health with 200 in front of a real Xvnc', async () => {
    const health = () =>
      fetch(`${url}health`).then(
        (response) => response.status,
        () => 0,
      );
    expect(
      await eventually(health, (status) => status === 200 || gateway?.exitCode !== null, 20_000),
      output,
    ).toBe(200);
  });

  it('serves the browser client', async () => {
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
  });

  it("bridges its WebSocket to the VNC server's RFB greeting", async () => {
    const greeting = await new Promise<string>((resolve, reject) => {
      const socket = new WebSocket(`${url.replace(/^http/, 'ws')}websockify`, ['binary']);
      socket.binaryType = 'arraybuffer';
      const timer = setTimeout(() => reject(new Error(`no RFB greeting in 10 s:\n${output}`)), 10_000);
      socket.onmessage = (event) => {
        clearTimeout(timer);
        resolve(Buffer.from(event.data as ArrayBuffer).toString('latin1'));
        socket.close();
      };
      socket.onerror = () => {
        clearTimeout(timer);
        reject(new Error(`the WebSocket failed:\n${output}`));
      };
    });
    expect(greeting).toBe('RFB 003.008\n');
  });
});
