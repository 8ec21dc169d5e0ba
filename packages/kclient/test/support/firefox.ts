import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { startEgressTrap, trapProxyPrefs } from './firefox-egress-trap.ts';
import { countCanvasColours } from './page-probes.ts';

/** Debian's Firefox ESR; Playwright needs a patched Firefox, so these tests use WebDriver BiDi. */
export const FIREFOX = '/usr/bin/firefox-esr';

/**
 * Preferences that keep Firefox on loopback: no updates, telemetry, studies,
 * remote settings, safe browsing lists, captive portal or connectivity
 * probes, push, DNS-over-HTTPS, prefetching or region lookups. Puppeteer and
 * Firefox's remote agent already set some of these; setting them here keeps
 * the promise independent of either. Whatever still tries to leave is caught
 * by the egress trap (see {@link FirefoxSession.strayRequests}).
 */
const OFFLINE_PREFS: Readonly<Record<string, string | number | boolean>> = Object.freeze({
  // Updates of Firefox, add-ons, plugins, search engines.
  'app.update.auto': false,
  'app.update.disabledForTesting': true,
  'app.update.url': '',
  'extensions.update.enabled': false,
  'extensions.systemAddon.update.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'extensions.blocklist.enabled': false,
  'media.gmp-manager.updateEnabled': false,
  'media.gmp-manager.url': '',
  'media.gmp-gmpopenh264.enabled': false,
  'browser.search.update': false,
  'browser.startup.homepage_override.mstone': 'ignore',
  'startup.homepage_welcome_url': 'about:blank',
  'startup.homepage_welcome_url.additional': '',
  // Telemetry, health report, studies (Normandy, Nimbus), crash reports.
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.unified': false,
  'toolkit.telemetry.archive.enabled': false,
  'toolkit.telemetry.server': '',
  'datareporting.healthreport.uploadEnabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'app.normandy.enabled': false,
  'app.normandy.api_url': '',
  'app.shield.optoutstudies.enabled': false,
  'messaging-system.rsexperimentloader.enabled': false,
  'browser.crashReports.unsubmittedCheck.enabled': false,
  'browser.ping-centre.telemetry': false,
  // Remote settings (blocklists, CRLite, intermediates), safe browsing lists.
  'services.settings.server': 'data:,#remote-settings-disabled/v1',
  'security.remote_settings.crlite_filters.enabled': false,
  'security.remote_settings.intermediates.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'browser.safebrowsing.downloads.remote.enabled': false,
  'browser.safebrowsing.blockedURIs.enabled': false,
  'browser.safebrowsing.provider.mozilla.updateURL': '',
  'browser.safebrowsing.provider.google4.updateURL': '',
  'browser.safebrowsing.provider.google.updateURL': '',
  // Network probes and background connections.
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.trr.mode': 5,
  'doh-rollout.disable-heuristics': true,
  'network.prefetch-next': false,
  'network.dns.disablePrefetch': true,
  'network.predictor.enabled': false,
  'network.http.speculative-parallel-limit': 0,
  'dom.push.enabled': false,
  'dom.push.connection.enabled': false,
  'security.OCSP.enabled': 0,
  'browser.region.network.url': '',
  'browser.region.update.enabled': false,
  'geo.provider.network.url': '',
  'browser.newtabpage.enabled': false,
  'browser.newtabpage.activity-stream.feeds.system.topstories': false,
  'browser.newtabpage.activity-stream.feeds.snippets': false,
  'browser.topsites.contile.enabled': false,
  'browser.discovery.enabled': false,
  'identity.fxaccounts.enabled': false,
  'browser.shell.checkDefaultBrowser': false,
});

/** A Firefox tab (puppeteer's Page: puppeteer-core is kclient's dependency, not the e2e package's). */
export type FirefoxPage = Page;

/** A headless Firefox ESR driven over WebDriver BiDi, with its own throwaway profile and HOME. */
export interface FirefoxSession {
  readonly browser: Browser;
  /** Opens `url` in a new tab whose viewport is `width`x`height`. */
  open(url: string, width: number, height: number): Promise<Page>;
  /** Requests Firefox tried to send beyond loopback (caught by the trap proxy); should stay empty. */
  strayRequests(): readonly string[];
  /** Closes Firefox (all its processes) and deletes its profile and HOME. */
  close(): Promise<void>;
}

/**
 * Launches Debian's Firefox ESR (or `executablePath`) headless; fails loudly when it is missing.
 * `prefs` are set over the offline ones, e.g. to turn a browser feature off.
 */
export async function launchFirefox(
  executablePath = FIREFOX,
  prefs: Readonly<Record<string, boolean | number | string>> = {},
  args: readonly string[] = [],
): Promise<FirefoxSession> {
  if (!existsSync(executablePath))
    throw new Error(`Firefox not found at ${executablePath}: apt-get install firefox-esr`);
  const home = mkdtempSync(join(tmpdir(), 'kclient-firefox-'));
  const trap = await startEgressTrap();
  const cleanUp = async () => {
    await trap.close();
    rmSync(home, { recursive: true, force: true });
  };
  const browser = await puppeteer
    .launch({
      browser: 'firefox',
      executablePath,
      headless: true,
      // Puppeteer makes a fresh profile in TMPDIR and deletes it on close; the
      // private HOME keeps ~/.mozilla, caches and PulseAudio cookies out of the real one.
      args: ['--no-remote', ...args],
      extraPrefsFirefox: { ...OFFLINE_PREFS, ...trapProxyPrefs(trap), ...prefs },
      env: {
        PATH: process.env.PATH,
        HOME: home,
        TMPDIR: home,
        XDG_CACHE_HOME: join(home, 'cache'),
        XDG_CONFIG_HOME: join(home, 'config'),
        MOZ_CRASHREPORTER_DISABLE: '1',
        // Release builds ignore services.settings.server (and keep polling
        // firefox.settings.services.mozilla.com) unless this is set.
        MOZ_REMOTE_SETTINGS_DEVTOOLS: '1',
      },
      defaultViewport: null,
      timeout: 20_000,
    })
    .catch(async (error: unknown) => {
      await cleanUp();
      throw error;
    });
  return {
    browser,
    async open(url, width, height) {
      const page = await browser.newPage();
      await page.setViewport({ width, height });
      await page.goto(url);
      return page;
    },
    strayRequests: () => trap.requests(),
    async close() {
      const pid = browser.process()?.pid;
      await browser.close().catch(() => {
        // Puppeteer starts Firefox in its own process group: take its content processes too.
        try {
          if (pid !== undefined) process.kill(-pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      });
      await cleanUp();
    },
  };
}

/** Waits until the page's client reports `state`. */
export async function waitForState(page: Page, state: string, timeout = 20_000): Promise<void> {
  await page.waitForFunction((expected) => window.heliosClient?.state === expected, { timeout }, state);
}

/** Distinct colours (quantised to 4 bits a channel) on the visible noVNC canvas. */
export function canvasColours(page: Page): Promise<number> {
  return page.evaluate(countCanvasColours);
}
