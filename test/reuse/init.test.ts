import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { freePort } from '@helios/test-kit/net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eventually } from '../support/eventually.ts';
import { useConsumerProject } from './support/consumer-project.ts';
import { createPid1Sandbox, insideSandbox, type Pid1Sandbox } from './support/pid1-sandbox.ts';

/** The host pid of PID 1: the one child of unshare --fork. */
function pid1HostPid(unsharePid: number | undefined): number {
  const children = readFileSync(`/proc/${unsharePid}/task/${unsharePid}/children`, 'utf8').trim().split(' ');
  if (children.length !== 1 || !children[0])
    throw new Error(`unshare ${unsharePid} has children "${children}"`);
  return Number(children[0]);
}

interface StateFile {
  ready: boolean;
  services: Record<string, { state: string }>;
}

describe('@helios/init installed from the registry', () => {
  const project = useConsumerProject(['@helios/init']);
  let sandbox: Pid1Sandbox | undefined;
  let init: ChildProcess | undefined;
  let output = '';
  let port = 0;
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;

  beforeAll(async () => {
    sandbox = createPid1Sandbox();
    port = await freePort();
    // The desktop's services are off: one service of the config file, one of services.d.
    const server = `require('node:http').createServer((q, s) => s.end('served under helios-init')).listen(${port}, '127.0.0.1')`;
    sandbox.write(
      'etc/helios/init.json',
      JSON.stringify({
        services: {
          pulseaudio: { enabled: false },
          xvnc: { enabled: false },
          desktop: { enabled: false },
          kclient: { enabled: false },
          web: {
            command: [insideSandbox(process.execPath), '-e', server],
            runAs: 'root',
            critical: true,
            gatesReady: true,
            readiness: { kind: 'tcp', port },
          },
        },
      }),
    );
    sandbox.write(
      'etc/helios/services.d/marker',
      '#!/bin/sh\necho started > /run/marker\nexec sleep 600\n',
      0o755,
    );
    init = sandbox.start([insideSandbox(project().bin('helios-init'))], {
      PATH: process.env.PATH,
      USER: 'reuse',
      UID: '4242',
    });
    for (const stream of [init.stdout, init.stderr]) stream?.on('data', (chunk: Buffer) => (output += chunk));
    const child = init;
    exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  });
  afterAll(async () => {
    // unshare --kill-child takes PID 1, and with it the namespace, along.
    if (init?.exitCode === null) {
      init.kill('SIGKILL');
      await exited;
    }
    sandbox?.remove();
  });

  it('prints the published version', async () => {
    const result = await project().run('helios-init', ['--version']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim()).toBe(inject('publishedVersions')['@helios/init']);
  });

  it('runs as PID 1 of its namespace, starts the services of its config and services.d, and reports ready', async () => {
    const status = readFileSync(`/proc/${pid1HostPid(init?.pid)}/status`, 'utf8');
    expect(status).toMatch(/^NSpid:\s+\d+\s+1$/m);
    const stateFile = sandbox?.path('run/helios/state.json') ?? '';
    const state = await eventually(
      (): StateFile | undefined =>
        existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : undefined,
      (value) => value?.ready === true || init?.exitCode !== null,
      20_000,
    );
    expect(state?.ready, output).toBe(true);
    expect(state?.services.web?.state).toBe('ready');
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('served under helios-init');
    const marker = sandbox?.path('run/marker') ?? '';
    expect(await eventually(() => existsSync(marker), Boolean, 10_000), output).toBe(true);
    expect(readFileSync(sandbox?.path('etc/passwd') ?? '', 'utf8')).toMatch(/^reuse:x:4242:4242:/m);
  });

  it('stops every service and exits 0 on SIGTERM', async () => {
    // As `docker stop` does: SIGTERM to PID 1 itself (unshare, its parent, forwards nothing).
    process.kill(pid1HostPid(init?.pid), 'SIGTERM');
    expect(await exited, output).toEqual({ code: 0, signal: null });
    const served = await fetch(`http://127.0.0.1:${port}/`).then(
      () => true,
      () => false,
    );
    expect(served).toBe(false);
  });
});
