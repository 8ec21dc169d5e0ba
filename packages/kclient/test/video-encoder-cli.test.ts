import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { videoEncoderBinary } from './support/video-encoder.ts';

// The encoder's own command line (docs/video-transport.md, section 1): a bad
// flag or value names itself and exits 2, no display exits 3, and nothing is
// written to stdout (the gateway would read it as frame records).
describe('helios-video-encoder, given bad input', () => {
  let binary: string;
  beforeAll(async () => {
    binary = await videoEncoderBinary();
  }, 120_000);

  const run = (args: readonly string[], display = ':1') =>
    spawnSync(binary, [...args], { encoding: 'utf8', env: { PATH: process.env.PATH, DISPLAY: display } });

  it.each([
    [['--fps', '121'], "--fps expects an integer in 1..120, got '121'"],
    [['--fps=abc'], '--fps'],
    [['--bitrate', '99'], '--bitrate'],
    [['--bogus'], "unknown argument '--bogus'"],
    [['--fps'], '--fps'],
  ])('%j: exit 2, naming the problem and the usage', (args, problem) => {
    const result = run(args);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(problem);
    expect(result.stderr).toContain('usage: helios-video-encoder');
  });

  it('exits 3 naming the display it cannot open', () => {
    const result = run([], ':999');
    expect(result.status).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("cannot open display ':999'");
  });
});
