import { describe, expect, it } from 'vitest';
import { decideAuth, readCookie, redactToken, secretEquals, tokenCookie } from './auth.ts';

const none = { authorization: undefined, cookie: undefined, queryToken: undefined };
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('decideAuth', () => {
  it('lets everything through when no auth is configured', () => {
    expect(decideAuth(undefined, none)).toEqual({ allowed: true, setTokenCookie: false });
  });

  describe('token', () => {
    const auth = { token: 'tok-123', basic: undefined };
    it('accepts a bearer header', () => {
      expect(decideAuth(auth, { ...none, authorization: 'Bearer tok-123' }).allowed).toBe(true);
    });
    it('accepts ?token= and asks for the cookie to be set', () => {
      expect(decideAuth(auth, { ...none, queryToken: 'tok-123' })).toEqual({
        allowed: true,
        setTokenCookie: true,
      });
    });
    it('accepts the cookie', () => {
      expect(decideAuth(auth, { ...none, cookie: 'a=b; helios_token=tok-123' }).allowed).toBe(true);
    });
    it('refuses a wrong or missing token without a basic challenge', () => {
      expect(decideAuth(auth, { ...none, authorization: 'Bearer tok-124' })).toEqual({
        allowed: false,
        challenge: undefined,
      });
      expect(decideAuth(auth, none).allowed).toBe(false);
    });
  });

  describe('basic', () => {
    const auth = { token: undefined, basic: { user: 'abc', password: 'p:w' } };
    it('accepts the right user and password (colons allowed in the password)', () => {
      expect(decideAuth(auth, { ...none, authorization: basic('abc', 'p:w') }).allowed).toBe(true);
    });
    it('refuses a wrong password and challenges for basic credentials', () => {
      expect(decideAuth(auth, { ...none, authorization: basic('abc', 'nope') })).toEqual({
        allowed: false,
        challenge: 'Basic realm="Helios", charset="UTF-8"',
      });
    });
    it('does not accept a token when only basic is configured', () => {
      expect(decideAuth(auth, { ...none, queryToken: 'abc' }).allowed).toBe(false);
    });
  });
});

describe('secretEquals', () => {
  it('compares by value, whatever the lengths', () => {
    expect(secretEquals('a', 'a')).toBe(true);
    expect(secretEquals('a', 'ab')).toBe(false);
    expect(secretEquals('', 'x')).toBe(false);
  });
});

describe('cookies', () => {
  it('reads one cookie and round-trips a token with special characters', () => {
    const header = tokenCookie('a b;c', '/desk/', true).split(';')[0];
    expect(readCookie(header, 'helios_token')).toBe('a b;c');
    expect(tokenCookie('t', '/desk/', true)).toBe(
      'helios_token=t; Path=/desk/; HttpOnly; SameSite=Strict; Secure',
    );
  });
});

describe('redactToken', () => {
  it('hides a token in a logged URL, wherever it stands', () => {
    expect(redactToken('/websockify?token=s3cret')).toBe('/websockify?token=***');
    expect(redactToken('/audio?x=1&token=s3cret&y=2')).toBe('/audio?x=1&token=***&y=2');
    expect(redactToken('/websockify')).toBe('/websockify');
  });
});
