import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planStages } from '../src/stage-plan.ts';
import { renderStageScript, stageScriptName } from '../src/stage-script.ts';

const all = [
  'distros/bookworm/build/deps.sh',
  'common/build/build.sh',
  'distros/bookworm/build/system.sh',
  'common/build/system.sh',
  'distros/bookworm/build/cleanup.sh',
];

describe('renderStageScript run by a real /bin/sh', () => {
  let work: string;
  let dir: string;
  const script = (path: string, body: string, executable = true) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), `#!/bin/sh\nset -eu\n${body}\n`);
    if (executable) chmodSync(join(dir, path), 0o755);
  };
  const run = (sources: string[]) => {
    const { stages } = planStages('bookworm', (path) => sources.includes(path));
    writeFileSync(join(dir, stageScriptName), renderStageScript(stages, { listsDir: join(work, 'lists') }));
    const result = spawnSync('/bin/sh', [join(dir, stageScriptName)], { encoding: 'utf8' });
    return { code: result.status, out: result.stdout, err: result.stderr };
  };

  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'helios-stages-'));
    dir = join(work, 'stages');
    mkdirSync(dir);
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it('runs the scripts in plan order with progress, prefixed output and timings', () => {
    const log = join(work, 'order.log');
    script('distro/deps.sh', `echo deps >> ${log}; echo installing; echo to-stderr >&2`);
    script('common/build.sh', `echo common >> ${log}`);
    script('distro/system.sh', `echo distro-hook >> ${log}`);
    script('common/system.sh', `echo common-hook >> ${log}`, false);
    script('distro/cleanup.sh', `echo cleanup >> ${log}`);
    const { code, out } = run(all);
    expect(code).toBe(0);
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual([
      'deps',
      'common',
      'distro-hook',
      'common-hook',
      'cleanup',
    ]);
    expect(out).toContain('[1/7 distro-deps] distro build deps');
    expect(out).toContain('[1/7 distro-deps] installing\n');
    expect(out).toContain('[1/7 distro-deps] to-stderr\n');
    expect(out).toMatch(/\[5\/7 distro-cleanup\] done in \d+ s/);
    expect(out).toMatch(/all stages done in \d+ s/);
  });

  it('skips absent hooks and says so', () => {
    script('distro/deps.sh', 'true');
    script('common/build.sh', 'true');
    script('distro/cleanup.sh', 'true');
    const { code, out } = run(all.filter((path) => !path.endsWith('system.sh')));
    expect(code).toBe(0);
    expect(out).toContain('[3/7 distro-system] skipped: distros/bookworm/build/system.sh is absent');
  });

  it('stops at the first failure, naming the script and its exit code', () => {
    const marker = join(work, 'later-ran');
    script('distro/deps.sh', 'true');
    script('common/build.sh', 'echo broken >&2; exit 7');
    script('distro/cleanup.sh', `touch ${marker}`);
    const { code, out, err } = run(all);
    expect(code).toBe(7);
    expect(out).toContain('[2/7 common-build] broken');
    expect(err).toMatch(
      /\[2\/7 common-build\] FAILED: common\/build\/build.sh exited with code 7 after \d+ s/,
    );
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(dir)).toBe(true);
  });

  it('removes the build-only files when every stage passed', () => {
    script('distro/deps.sh', 'true');
    script('common/build.sh', 'true');
    script('distro/cleanup.sh', 'true');
    mkdirSync(join(work, 'lists'));
    expect(run(all.filter((path) => !path.endsWith('system.sh'))).code).toBe(0);
    expect(existsSync(dir)).toBe(false);
    expect(existsSync(join(work, 'lists'))).toBe(false);
  });
});
