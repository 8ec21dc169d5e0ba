import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ClientPages } from './client-pages.ts';
import { renderPage } from './page.ts';

const template = readFileSync(new URL('../client/public/index.html', import.meta.url), 'utf8');

describe('renderPage', () => {
  it('tells the page its HTTPS port, or that HTTPS is off or failed, in the head', () => {
    for (const https of [3001, 'off', 'failed'] as const) {
      const page = renderPage(template, { title: 'Helios', viewOnly: false, https, video: 'off' });
      expect(page).toMatch(new RegExp(`<meta name="helios-https-port" content="${https}" />\\s*<meta`));
    }
  });

  it('says in the head whether the video transport is on', () => {
    for (const video of ['on', 'off'] as const) {
      const page = renderPage(template, { title: 'Helios', viewOnly: false, https: 'off', video });
      expect(page).toMatch(new RegExp(`<meta name="helios-video" content="${video}" />\\s*<meta`));
    }
  });

  it('tells the page which way files may move and the upload limit, off on the view-only page', () => {
    const settings = {
      title: 'Helios',
      https: 'off',
      video: 'off',
      fileTransfer: 'both',
      fileMaxMb: 512,
    } as const;
    const full = renderPage(template, { ...settings, viewOnly: false });
    expect(full).toMatch(
      /<meta name="helios-file-transfer" content="both" \/>\s*<meta name="helios-file-max-mb" content="512" \/>\s*<\/head>/,
    );
    const viewOnly = renderPage(template, { ...settings, viewOnly: true });
    expect(viewOnly).toContain('<meta name="helios-file-transfer" content="off" />');
    const unset = renderPage(template, { title: 'Helios', viewOnly: false, https: 'off', video: 'off' });
    expect(unset).toContain('<meta name="helios-file-transfer" content="off" />');
    expect(unset).toContain('<meta name="helios-file-max-mb" content="10240" />');
  });

  it('fills title and view-only, escaping the title', () => {
    const page = renderPage(template, { title: '<b>"Lab"</b>', viewOnly: true, https: 'off', video: 'off' });
    expect(page).toContain('<title>&#60;b&#62;&#34;Lab&#34;&#60;/b&#62;</title>');
    expect(page).toContain('<meta name="helios-view-only" content="true" />');
  });
});

describe('ClientPages', () => {
  it('serves pages announcing the HTTPS port as it turned out, with a new etag', () => {
    const pages = new ClientPages(Buffer.from(template), { title: 'T', mainViewOnly: false, https: 3001 });
    const before = pages.main.etag;
    pages.announceHttps('failed');
    expect(pages.main.body.toString()).toContain('content="failed"');
    expect(pages.viewOnly.body.toString()).toContain('<meta name="helios-view-only" content="true" />');
    expect(pages.viewOnly.body.toString()).toContain('content="failed"');
    expect(pages.main.etag).not.toBe(before);
  });

  it('announces video on both pages when the gateway has it on', () => {
    const pages = new ClientPages(Buffer.from(template), {
      title: 'T',
      mainViewOnly: false,
      https: 'off',
      video: 'on',
    });
    expect(pages.main.body.toString()).toContain('<meta name="helios-video" content="on" />');
    expect(pages.viewOnly.body.toString()).toContain('<meta name="helios-video" content="on" />');
  });

  it('announces file transfer on the main page only; the view-only page says off', () => {
    const pages = new ClientPages(Buffer.from(template), {
      title: 'T',
      mainViewOnly: false,
      https: 'off',
      fileTransfer: 'upload',
      fileMaxMb: 64,
    });
    expect(pages.main.body.toString()).toContain('<meta name="helios-file-transfer" content="upload" />');
    expect(pages.main.body.toString()).toContain('<meta name="helios-file-max-mb" content="64" />');
    expect(pages.viewOnly.body.toString()).toContain('<meta name="helios-file-transfer" content="off" />');
  });
});
