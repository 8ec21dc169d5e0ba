import { homedir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { defaultTlsDir, opensslArgs } from './self-signed-cert.ts';

describe('defaultTlsDir', () => {
  it('follows XDG_CONFIG_HOME, else ~/.config', () => {
    expect(defaultTlsDir({ XDG_CONFIG_HOME: '/cfg' })).toBe('/cfg/helios/tls');
    expect(defaultTlsDir({})).toBe(`${homedir()}/.config/helios/tls`);
    // The XDG spec says relative values are to be ignored.
    expect(defaultTlsDir({ XDG_CONFIG_HOME: 'cfg' })).toBe(`${homedir()}/.config/helios/tls`);
  });
});

describe('opensslArgs', () => {
  it('names this host and loopback in the certificate', () => {
    const args = opensslArgs({ cert: '/t/c', key: '/t/k' }, 'desk-1');
    expect(args).toContain('subjectAltName=DNS:desk-1,DNS:localhost,IP:127.0.0.1,IP:::1');
    expect(args.slice(-4)).toEqual(['-keyout', '/t/k', '-out', '/t/c']);
  });

  it('leaves out a host name that is not a DNS name', () => {
    expect(opensslArgs({ cert: 'c', key: 'k' }, 'bad,name')).toContain(
      'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1',
    );
  });
});
