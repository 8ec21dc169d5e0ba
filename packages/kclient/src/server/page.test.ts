import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ClientPages } from './client-pages.ts';
import { renderPage } from './page.ts';

const template = readFileSync(new URL('../client/public/index.html', import.meta.url), 'utf8');

describe('renderPage', () => {
  it('tells the page its HTTPS port, or that HTTPS is off or failed, in the head', () => {
    for (const https of [3001, 'off', 'failed'] as const) {
      const page = renderPage(template, { title: 'Helios', viewOnly: false, https });
      expect(page).toMatch(new RegExp(`<meta name="helios-https-port" content="${https}" />\\s*</head>`));
    }
  });

  it('fills title and view-only, escaping the title', () => {
    const page = renderPage(template, { title: '<b>"Lab"</b>', viewOnly: true, https: 'off' });
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
});
