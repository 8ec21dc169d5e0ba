import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium; HELIOS_CHROMIUM points elsewhere. */
export const chromiumPath = process.env.HELIOS_CHROMIUM ?? '/usr/bin/chromium';

/** Flags that keep headless Chromium off the network (only loopback is allowed here). */
export const offlineChromiumArgs: readonly string[] = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]);

/** Extra flags for audio tests: play without a click, fake the microphone and its prompt. */
export const audioChromiumArgs: readonly string[] = Object.freeze([
  '--autoplay-policy=no-user-gesture-required',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
]);

/**
 * Launches the machine's real headless Chromium, offline; with `audio`, also
 * allowed to play and record. Fails loudly when Chromium is missing: the
 * browser suites must never pass on a machine that cannot run them.
 */
export async function launchChromium(
  options: { audio?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}: apt-get install chromium`);
  }
  return chromium.launch({
    executablePath: chromiumPath,
    args: [...offlineChromiumArgs, ...(options.audio ? audioChromiumArgs : [])],
    ...(options.env ? { env: options.env } : {}),
  });
}
