import { describe, expect, it } from 'vitest';
import { featuresNeedingHttps, httpsAdvice } from './https-advice.ts';

describe('httpsAdvice', () => {
  it('links the same page, path and query kept, over HTTPS on the announced port', () => {
    expect(httpsAdvice('3001', 'http://helios.test:3000/desktop/view-only/?audio-codec=wasm#x')).toEqual({
      kind: 'link',
      url: 'https://helios.test:3001/desktop/view-only/?audio-codec=wasm',
    });
  });

  it('drops the port from the link when HTTPS is on 443', () => {
    expect(httpsAdvice('443', 'http://desk.example/')).toEqual({
      kind: 'link',
      url: 'https://desk.example/',
    });
  });

  it('keeps an IPv6 address in brackets', () => {
    expect(httpsAdvice('3001', 'http://[fd00::5]:3000/')).toEqual({
      kind: 'link',
      url: 'https://[fd00::5]:3001/',
    });
  });

  it('says HTTPS is off or failed as the gateway announces', () => {
    expect(httpsAdvice('off', 'http://h:3000/')).toEqual({ kind: 'off' });
    expect(httpsAdvice('failed', 'http://h:3000/')).toEqual({ kind: 'failed' });
  });

  it.each([null, undefined, '', '%HELIOS_HTTPS_PORT%', '0', '70000'])(
    'links nowhere when the announcement is %j',
    (announced) => {
      expect(httpsAdvice(announced, 'http://h:3000/')).toEqual({ kind: 'unknown' });
    },
  );
});

describe('featuresNeedingHttps', () => {
  it('names the microphone and the clipboard only where the page could use them', () => {
    expect(featuresNeedingHttps(false).join(' ')).toMatch(/microphone.*clipboard.*WebCodecs/);
    expect(featuresNeedingHttps(true).join(' ')).not.toMatch(/microphone|clipboard/);
  });
});
