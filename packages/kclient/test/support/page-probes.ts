/**
 * Functions that run inside the page (passed to `page.evaluate`, so each is
 * self-contained); shared by the Chromium (playwright) and Firefox
 * (puppeteer) suites.
 */

/** Distinct colours (quantised to 4 bits a channel) on the visible noVNC canvas. */
export function countCanvasColours(): number {
  const canvas = document.querySelector('#screen canvas') as HTMLCanvasElement | null;
  if (canvas === null || canvas.width === 0) return 0;
  const context = canvas.getContext('2d');
  if (context === null) return 0;
  const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
  const colours = new Set<number>();
  for (let i = 0; i < data.length; i += 4 * 7) {
    colours.add((((data[i] ?? 0) >> 4) << 8) | (((data[i + 1] ?? 0) >> 4) << 4) | ((data[i + 2] ?? 0) >> 4));
  }
  return colours.size;
}

/** What the page's text input shows: a composition in progress shows there (opaque), nowhere else. */
export function compositionShown(): { composing: boolean; text: string } {
  const input = document.getElementById('text-input') as HTMLTextAreaElement;
  return { composing: getComputedStyle(input).opacity === '1', text: input.value };
}
