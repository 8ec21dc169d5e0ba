/**
 * What the soak does on the desktop itself: a terminal that floods in
 * bursts, and key to photon into keypaint measured with the experience
 * benchmark's page probe (the streaming path alone, see workloads.ts).
 */
import { execa } from 'execa';
import type { Browser } from 'playwright-core';
import { waitForDesktopFrame } from '../../support/browser.ts';
import { type DesktopContainer, docker } from '../../support/container.ts';
import '../../support/client-hook.ts';
import { hookFlips, installProbe } from '../experience/page-probe.ts';
import { KEYPAINT } from '../experience/run-experience.ts';
import { keyToPhoton, latenciesOf } from '../experience/workloads.ts';

/** While this file exists in the container the terminal starts no new burst (key to photon is measured on a quiet screen). */
const QUIET_FLAG = '/tmp/soak-quiet';
/** A burst: `seq` for this long, then a pause. */
const BURST_SECONDS = 5;
const PAUSE_SECONDS = 10;

/** Runs `command` as the desktop user on display :1, detached. */
async function runInDesktop(container: DesktopContainer, uid: number, command: string[]): Promise<void> {
  await docker('exec', '-d', '-u', String(uid), '-e', 'DISPLAY=:1', container.name, ...command);
}

/**
 * An xfce4-terminal on the left half of the screen (clear of keypaint) whose
 * shell floods it with `seq` for {@link BURST_SECONDS}, pauses
 * {@link PAUSE_SECONDS}, and again, for as long as the container runs.
 */
export async function startFloodingTerminal(container: DesktopContainer, uid: number): Promise<void> {
  const loop =
    `while :; do [ -e ${QUIET_FLAG} ] || timeout ${BURST_SECONDS} seq 1 999999999; ` +
    `echo burst-done; sleep ${PAUSE_SECONDS}; done`;
  await runInDesktop(container, uid, [
    'xfce4-terminal',
    '--disable-server',
    '--geometry=80x30+0+40',
    '--title=soak-flood',
    '-x',
    'sh',
    '-c',
    loop,
  ]);
}

async function waitForLine(container: DesktopContainer, file: string, pattern: RegExp): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const { stdout } = await execa('docker', ['exec', container.name, 'cat', file], { reject: false });
    if (pattern.test(stdout)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${file} in the container never showed ${pattern}`);
}

/**
 * Key to photon now: stops new flood bursts (and waits out a running one),
 * opens keypaint and a fresh Helios page with the probe, presses `keys`
 * letters, then closes both and lets the bursts resume.
 * @returns ms from keydown to the frame that showed it, per key.
 */
export async function measureKeyToPhoton(
  browser: Browser,
  container: DesktopContainer,
  uid: number,
  keys: number,
): Promise<number[]> {
  await docker('exec', container.name, 'touch', QUIET_FLAG);
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  try {
    await new Promise((resolve) => setTimeout(resolve, (BURST_SECONDS + 1) * 1000));
    const { x, y, w, h } = KEYPAINT;
    await docker(
      'exec',
      '-d',
      '-u',
      String(uid),
      '-e',
      'DISPLAY=:1',
      container.name,
      'sh',
      '-c',
      `exec keypaint ${x} ${y} ${w} ${h} > /tmp/keypaint.log 2>&1`,
    );
    await waitForLine(container, '/tmp/keypaint.log', /^ready /m);
    await installProbe(page);
    await page.goto(container.url);
    await page.waitForFunction(() => window.heliosClient?.state === 'connected', undefined, {
      timeout: 30_000,
    });
    await waitForDesktopFrame(page, 30_000);
    await hookFlips(page, 'helios');
    const letters = Array.from({ length: keys }, (_, i) => String.fromCharCode(97 + (i % 26)));
    return latenciesOf(await keyToPhoton(page, letters, KEYPAINT));
  } finally {
    await page.close();
    await execa('docker', ['exec', container.name, 'pkill', '-x', 'keypaint'], { reject: false });
    await execa('docker', ['exec', container.name, 'rm', '-f', QUIET_FLAG], { reject: false });
  }
}
