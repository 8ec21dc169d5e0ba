import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway } from '../src/server/gateway.ts';
import { launchChromium, waitForState } from './support/browser.ts';
import { assertBuilt, CLIENT_DIR } from './support/gateway-process.ts';
import { paintDesktop, startXvnc, type XvncServer } from './support/xvnc.ts';

let xvnc: XvncServer;
let open: Awaited<ReturnType<typeof startGateway>>;
let embeddable: Awaited<ReturnType<typeof startGateway>>;

beforeAll(async () => {
  assertBuilt();
  xvnc = await startXvnc('800x600');
  await paintDesktop(xvnc);
  const base = {
    vnc: `unix:${xvnc.socket}`,
    port: 0,
    host: '127.0.0.1',
    clientDir: CLIENT_DIR,
    logLevel: 'silent' as const,
  };
  open = await startGateway({ ...base, authToken: 'tok' });
  embeddable = await startGateway({
    ...base,
    frameAncestors: 'https://portal.example https://lab.example:8443',
  });
});

afterAll(async () => {
  await open?.close();
  await embeddable?.close();
  await xvnc?.stop();
});

const csp = (response: Response) => response.headers.get('content-security-policy') ?? '';

describe('security headers', () => {
  it('sends a CSP, nosniff and no-referrer on the page, its assets, a 401 and a 404', async () => {
    const bearer = { headers: { Authorization: 'Bearer tok' } };
    const answers = [
      await fetch(open.address.url, bearer),
      await fetch(new URL('app.js', open.address.url), bearer),
      await fetch(open.address.url),
      await fetch(new URL('no-such-file', open.address.url), bearer),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 401, 404]);
    for (const answer of answers) {
      expect(csp(answer)).toContain("default-src 'self'");
      expect(csp(answer)).toContain("frame-ancestors 'self'");
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('lets the operator name the portals that may frame the desktop (HELIOS_FRAME_ANCESTORS)', async () => {
    const answer = await fetch(embeddable.address.url);
    expect(csp(answer)).toContain('frame-ancestors https://portal.example https://lab.example:8443');
  });

  it('leaves the client working in Chromium under its CSP, with no violation reported', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.addInitScript(() => {
        (window as unknown as { cspViolations: string[] }).cspViolations = [];
        document.addEventListener('securitypolicyviolation', (event) =>
          (window as unknown as { cspViolations: string[] }).cspViolations.push(
            `${event.violatedDirective} ${event.blockedURI}`,
          ),
        );
      });
      await page.goto(`${embeddable.address.url}?audio-codec=wasm`);
      await waitForState(page, 'connected');
      // The WebAssembly Opus fallback compiles under 'wasm-unsafe-eval'.
      await page.evaluate('window.heliosClient.audio.enable()');
      await page.waitForTimeout(1500);
      expect(
        await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
      ).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
