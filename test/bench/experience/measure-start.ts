import { execa } from 'execa';
import type { Browser } from 'playwright-core';
import { waitForDesktopFrame } from '../../support/browser.ts';
import { docker, startDesktop } from '../../support/container.ts';
import { dockerTimestampMs, initEvents, type StartEvent } from './start-timeline.ts';

/** Polls `url` every 10 ms until it answers 200; resolves with the time it did. */
async function firstOk(url: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const response = await fetch(url).catch(() => undefined);
    await response?.body?.cancel();
    if (response?.status === 200) return Date.now();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
}

/**
 * One start of `image` as the README runs it, watched from outside: when
 * `docker run` returned, when the container's process started, init's events,
 * when the page and /health first answered 200, and when a page opened at
 * that moment first showed the desktop. The browser is launched beforehand,
 * as a user's browser is already open.
 */
export async function measureStart(image: string, browser: Browser): Promise<StartEvent[]> {
  const dockerRunAt = Date.now();
  const container = await startDesktop(image, { USER: 'ada', UID: '1000' });
  const runReturnedAt = Date.now();
  try {
    const [pageAt, healthAt] = await Promise.all([
      firstOk(container.url, 30_000),
      firstOk(`${container.url}health`, 30_000),
    ]);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(container.url);
    // Sampling the canvas takes ~10 ms itself; 20 ms between looks keeps the figure honest.
    await waitForDesktopFrame(page, 30_000, 20);
    const frameAt = Date.now();
    await page.close();
    const startedAt = dockerTimestampMs(
      await docker('inspect', '--format', '{{.State.StartedAt}}', container.name),
    );
    const { all: logs } = await execa('docker', ['logs', '--timestamps', container.name], { all: true });
    return [
      { label: '`docker run` returned', atMs: runReturnedAt - dockerRunAt },
      { label: 'container process started', atMs: startedAt - dockerRunAt },
      ...initEvents(logs, dockerRunAt),
      { label: 'page served (GET / 200)', atMs: pageAt - dockerRunAt },
      { label: '/health 200', atMs: healthAt - dockerRunAt },
      { label: 'first desktop frame in the page', atMs: frameAt - dockerRunAt },
    ];
  } finally {
    await container.remove();
  }
}
