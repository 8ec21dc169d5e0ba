import { describe, expect, it } from 'vitest';
import { isOriginAllowed } from './origin-check.ts';

const request = (origin: string | undefined, host = '127.0.0.1:3000', forwardedHost?: string) => ({
  origin,
  host,
  forwardedHost,
});

describe('isOriginAllowed', () => {
  it('allows the page’s own origin', () => {
    expect(isOriginAllowed(request('http://127.0.0.1:3000'), [])).toBe(true);
  });

  it('refuses another site', () => {
    expect(isOriginAllowed(request('http://evil.example'), [])).toBe(false);
    expect(isOriginAllowed(request('http://127.0.0.1:3001'), [])).toBe(false);
  });

  it('treats default ports as equal to none', () => {
    expect(isOriginAllowed(request('https://desk.example', 'desk.example:443'), [])).toBe(true);
    expect(isOriginAllowed(request('http://desk.example', 'desk.example:80'), [])).toBe(true);
  });

  it('allows the host a reverse proxy forwarded', () => {
    expect(isOriginAllowed(request('https://desk.example', '127.0.0.1:3000', 'desk.example'), [])).toBe(true);
  });

  it('allows clients that send no Origin (not browsers)', () => {
    expect(isOriginAllowed(request(undefined), [])).toBe(true);
  });

  it('refuses the opaque "null" origin and garbage', () => {
    expect(isOriginAllowed(request('null'), [])).toBe(false);
    expect(isOriginAllowed(request('not a url'), [])).toBe(false);
  });

  it('honours the allow-list and *', () => {
    expect(isOriginAllowed(request('https://portal.example'), ['https://portal.example'])).toBe(true);
    expect(isOriginAllowed(request('https://other.example'), ['https://portal.example'])).toBe(false);
    expect(isOriginAllowed(request('https://anything.example'), ['*'])).toBe(true);
  });
});
