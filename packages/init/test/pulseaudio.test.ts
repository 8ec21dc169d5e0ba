import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { HELIOS_PULSE_ARGS } from '@helios/test-kit/pulse';
import { describe, expect, it } from 'vitest';
import { builtinServices } from '../src/builtin-services.ts';
import { parseRuntimeEnv } from '../src/runtime-env.ts';
import { makeServiceContext } from '../src/service-context.ts';

const run = promisify(execFile);

const ctx = makeServiceContext(
  { name: 'alice', uid: 1000, gid: 1000, password: undefined },
  parseRuntimeEnv({ HTTP_PORT: '3000' }),
  { home: '/home/alice', shell: '/bin/bash', groupIds: [1000] },
);

describe('builtin pulseaudio service', () => {
  it("starts PulseAudio with the arguments kclient's audio tests assume", () => {
    const spec = builtinServices(ctx).find((service) => service.name === 'pulseaudio');
    expect(spec?.command).toEqual(['pulseaudio', ...HELIOS_PULSE_ARGS]);
  });

  it('makes helios the default sink and the virtual microphone the default source, both at 48 kHz', async () => {
    if (!existsSync('/usr/bin/pulseaudio') || !existsSync('/usr/bin/pactl')) {
      throw new Error('pulseaudio or pactl missing: apt-get install pulseaudio pulseaudio-utils');
    }
    const spec = builtinServices(ctx).find((service) => service.name === 'pulseaudio');
    const [command, ...args] = spec?.command ?? [];
    const dir = mkdtempSync(join(tmpdir(), 'init-pulse-'));
    const runtime = join(dir, 'run');
    mkdirSync(runtime, { mode: 0o700 });
    const env = { PATH: process.env.PATH, HOME: dir, XDG_RUNTIME_DIR: runtime, ...spec?.env };
    const server = spawn(command ?? 'pulseaudio', args, { env, stdio: 'ignore' });
    try {
      let info = '';
      for (let attempt = 0; attempt < 100 && info === ''; attempt++) {
        info = await run('pactl', ['info'], { env }).then(
          ({ stdout }) => stdout,
          () => new Promise<string>((resolve) => setTimeout(() => resolve(''), 50)),
        );
      }
      expect(info).toMatch(/^Default Sink: helios$/m);
      expect(info).toMatch(/^Default Source: helios_mic_source$/m);
      const { stdout: sinks } = await run('pactl', ['list', 'short', 'sinks'], { env });
      expect(sinks).toMatch(/\bhelios\b.*\b48000Hz\b/);
      expect(sinks).toMatch(/\bhelios_mic\b.*\b48000Hz\b/);
    } finally {
      server.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
