import { availableParallelism } from 'node:os';
import { execa } from 'execa';
import type { Browser, Page } from 'playwright-core';
import { waitForDesktopFrame } from '../../support/browser.ts';
import { docker, startDesktop } from '../../support/container.ts';
import { containerCpuMs } from './container-cpu.ts';
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
 * Polls the page's largest canvas every 10 ms until it holds a picture (at
 * least two colours on a sparse grid: X's black root before it, the desktop
 * background or any window after); resolves with the time it did.
 */
async function firstPicture(page: Page, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const drawn = await page.evaluate(() => {
      const canvas = [...document.querySelectorAll('canvas')].sort(
        (a, b) => b.width * b.height - a.width * a.height,
      )[0];
      const context = canvas !== undefined && canvas.width > 0 ? canvas.getContext('2d') : null;
      if (!canvas || !context) return false;
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      const first = (data[0] ?? 0) | ((data[1] ?? 0) << 8) | ((data[2] ?? 0) << 16);
      for (let i = 0; i < data.length; i += 4 * 997) {
        if (((data[i] ?? 0) | ((data[i + 1] ?? 0) << 8) | ((data[i + 2] ?? 0) << 16)) !== first) return true;
      }
      return false;
    });
    if (drawn) return Date.now();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`the page showed no picture within ${timeoutMs} ms`);
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
    const pictureAt = await firstPicture(page, 30_000);
    // Sampling the canvas takes ~10 ms itself; 20 ms between looks keeps the figure honest.
    await waitForDesktopFrame(page, 30_000, 20);
    const frameAt = Date.now();
    const cpuMs = containerCpuMs(container.id);
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
      { label: 'first picture in the page (background or a window drawn)', atMs: pictureAt - dockerRunAt },
      { label: 'first desktop frame in the page', atMs: frameAt - dockerRunAt },
      // The container's CPU time by then, spread over every core: no start
      // doing the same work on this machine could show the desktop sooner.
      ...(cpuMs === undefined
        ? []
        : [
            {
              label: `bound: the container's CPU time by then ÷ ${availableParallelism()} cores`,
              atMs: cpuMs / availableParallelism(),
            },
          ]),
    ];
  } finally {
    await container.remove();
  }
}
