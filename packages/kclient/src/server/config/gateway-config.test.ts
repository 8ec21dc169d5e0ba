import { homedir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.ts';
import { resolveConfig, validateConfig } from './gateway-config.ts';

describe('resolveConfig', () => {
  it('fills the documented defaults', () => {
    expect(resolveConfig({ vnc: 'unix:/run/user/1000/vnc.sock' })).toEqual({
      vnc: { kind: 'unix', path: '/run/user/1000/vnc.sock' },
      port: 3000,
      host: '0.0.0.0',
      prefix: '/',
      title: 'Helios',
      clientDir: undefined,
      stateFile: undefined,
      activityFile: undefined,
      viewOnly: false,
      allowedOrigins: [],
      maxConnections: 100,
      maxPayload: 4 * 1024 * 1024,
      heartbeatMs: 30_000,
      https: { port: 3001, defaulted: true, cert: undefined, key: undefined, dir: undefined },
      auth: undefined,
      logLevel: 'info',
      frameAncestors: "'self'",
      authMaxFailures: 10,
      audio: { enabled: true, sink: 'helios', micSink: 'helios_mic', bitrate: 128_000 },
      video: { enabled: undefined, encoder: '/opt/helios/bin/helios-video-encoder' },
      files: { policy: 'off', maxMb: 10_240, maxBytes: 10_240 * 1024 * 1024, root: homedir() },
    });
  });

  it('reads the file transfer options: policy, upload limit in MiB, an absolute root', () => {
    expect(
      resolveConfig({
        vnc: 'tcp:h:1',
        fileTransfer: ' Both ',
        fileTransferMaxMb: '2',
        fileRoot: '/srv/share',
      }).files,
    ).toEqual({ policy: 'both', maxMb: 2, maxBytes: 2 * 1024 * 1024, root: '/srv/share' });
    let error: unknown;
    try {
      resolveConfig({ vnc: 'tcp:h:1', fileTransfer: 'all', fileTransferMaxMb: '0', fileRoot: 'home/me' });
    } catch (caught) {
      error = caught;
    }
    expect((error as ConfigError).issues).toEqual([
      'fileTransfer (FILE_TRANSFER / --file-transfer): expected off, upload, download, both, received "all"',
      'fileTransferMaxMb (FILE_TRANSFER_MAX_MB / --file-transfer-max-mb): expected an integer from 1 to 1048576, received 0',
      'fileRoot (HELIOS_FILE_ROOT / --file-root): expected an absolute path, received "home/me"',
    ]);
  });

  it('returns a frozen object', () => {
    expect(Object.isFrozen(resolveConfig({ vnc: 'tcp:localhost:5901' }))).toBe(true);
  });

  it('accepts strings from the environment and flags', () => {
    const config = resolveConfig({
      vnc: 'tcp:[::1]:5901',
      port: '8080',
      prefix: '/desk/top/',
      viewOnly: 'yes',
      allowedOrigins: 'https://a.example, https://b.example:8443/',
      heartbeatSeconds: '0',
    });
    expect(config).toMatchObject({
      vnc: { kind: 'tcp', host: '::1', port: 5901 },
      port: 8080,
      prefix: '/desk/top/',
      viewOnly: true,
      allowedOrigins: ['https://a.example', 'https://b.example:8443'],
      heartbeatMs: 0,
    });
  });

  it('reports every problem at once, naming the variable and what it received', () => {
    let error: unknown;
    try {
      resolveConfig({ port: '70000', prefix: 'desk top', maxConnections: 'many' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('HELIOS_KCLIENT_CONFIG_INVALID');
    expect((error as ConfigError).issues).toEqual([
      'vnc (HELIOS_VNC / --vnc): required: expected "unix:/path/to.sock" or "tcp:HOST:PORT"',
      'port (HTTP_PORT / --port): expected an integer from 0 to 65535, received 70000',
      'prefix (PREFIX / --prefix): expected a URL path such as /desktop/ (letters, digits and -._~!$&\'()*+,;=:@%), received "desk top"',
      'maxConnections (HELIOS_MAX_CONNECTIONS / --max-connections): expected an integer from 1 to 100000, received "many"',
    ]);
  });

  it.each([
    ['desktop', '/desktop/'],
    ['/desktop', '/desktop/'],
    ['desktop/', '/desktop/'],
    ['/apps/desk/', '/apps/desk/'],
    ['//', '/'],
    ['', '/'],
  ])('reads the prefix %j as %s, as helios-init does', (prefix, expected) => {
    expect(resolveConfig({ vnc: 'tcp:h:1', prefix }).prefix).toBe(expected);
  });

  it.each(['/a//b/', 'desk top', '/d?x/', '/d#x/'])(
    'refuses the prefix %j, naming what a prefix may hold',
    (prefix) => {
      expect(() => resolveConfig({ vnc: 'tcp:h:1', prefix })).toThrow(
        'expected a URL path such as /desktop/',
      );
    },
  );

  it('reads the audio options with the others', () => {
    expect(
      resolveConfig({ vnc: 'tcp:h:1', audio: '0', audioSink: 'out', audioBitrate: '64000' }).audio,
    ).toEqual({ enabled: false, sink: 'out', micSink: 'helios_mic', bitrate: 64_000 });
    expect(() =>
      resolveConfig({ vnc: 'tcp:h:1', audio: 'maybe', audioSink: '-x', audioBitrate: '999999' }),
    ).toThrow(
      /audio \(HELIOS_AUDIO \/ --audio\).*\n.*audioSink \(HELIOS_AUDIO_SINK \/ --audio-sink\).*\n.*audioBitrate \(HELIOS_AUDIO_BITRATE \/ --audio-bitrate\): expected an integer from 6000 to 510000/s,
    );
  });

  it('reads the video options: on, off, or unset (decided by the encoder binary at start)', () => {
    expect(resolveConfig({ vnc: 'tcp:h:1', video: 'on', videoEncoder: '/usr/bin/enc' }).video).toEqual({
      enabled: true,
      encoder: '/usr/bin/enc',
    });
    expect(resolveConfig({ vnc: 'tcp:h:1', video: 'off' }).video.enabled).toBe(false);
    expect(() => resolveConfig({ vnc: 'tcp:h:1', video: 'sometimes' })).toThrow(
      'video (HELIOS_VIDEO / --video): expected true or false (1/0, yes/no, on/off), received "sometimes"',
    );
  });

  it.each([
    ['unix:relative.sock', 'expected an absolute socket path after "unix:"'],
    ['tcp:host', 'expected "tcp:HOST:PORT" with a port from 1 to 65535'],
    ['tcp:host:0', 'expected "tcp:HOST:PORT" with a port from 1 to 65535'],
    ['vnc://host', 'expected "unix:/path/to.sock" or "tcp:HOST:PORT"'],
  ])('rejects the VNC address %s', (vnc, message) => {
    expect(() => resolveConfig({ vnc })).toThrow(message);
  });

  it('serves HTTPS without a mounted certificate (a self-signed one is kept in tlsDir)', () => {
    expect(resolveConfig({ vnc: 'tcp:h:1', httpsPort: '3001', tlsDir: '/data/tls' }).https).toEqual({
      port: 3001,
      defaulted: false,
      cert: undefined,
      key: undefined,
      dir: '/data/tls',
    });
  });

  it('serves HTTPS one port above HTTP_PORT unless HTTPS_PORT says otherwise', () => {
    const https = (options: { port?: string; httpsPort?: string }) =>
      resolveConfig({ vnc: 'tcp:h:1', ...options }).https;
    expect(https({ port: '8080' })).toMatchObject({ port: 8081, defaulted: true });
    expect(https({ port: '8080', httpsPort: '8443' })).toMatchObject({ port: 8443, defaulted: false });
    expect(https({ httpsPort: '0' })).toMatchObject({ port: 0, defaulted: false });
  });

  it.each([
    ['HTTPS_PORT=off', { httpsPort: 'off' }],
    ['HTTPS_PORT=OFF', { httpsPort: ' OFF ' }],
    ['HTTP_PORT=0 (a free port has no port next to it)', { port: '0' }],
    ['HTTP_PORT=65535', { port: '65535' }],
  ])('serves no HTTPS with %s', (_, options) => {
    expect(resolveConfig({ vnc: 'tcp:h:1', ...options }).https).toBeUndefined();
  });

  it('rejects an HTTPS port that is neither a port nor off, or equals HTTP_PORT', () => {
    expect(() => resolveConfig({ vnc: 'tcp:h:1', httpsPort: 'no' })).toThrow(
      'httpsPort (HTTPS_PORT / --https-port): expected a port from 0 to 65535, or off, received "no"',
    );
    expect(() => resolveConfig({ vnc: 'tcp:h:1', port: '3000', httpsPort: '3000' })).toThrow(
      'httpsPort (HTTPS_PORT / --https-port): must differ from HTTP_PORT',
    );
  });

  it('requires certificate and key together, and user and password together', () => {
    expect(() => resolveConfig({ vnc: 'tcp:h:1', httpsPort: 3001, httpsCert: '/c.pem' })).toThrow(
      'httpsKey (HTTPS_KEY / --https-key): HTTPS_CERT and HTTPS_KEY must be given together',
    );
    expect(() => resolveConfig({ vnc: 'tcp:h:1', authUser: 'me' })).toThrow(
      'HELIOS_AUTH_USER and HELIOS_AUTH_PASSWORD must be given together',
    );
  });

  it('never prints a secret back in an error', () => {
    expect(() => resolveConfig({ vnc: 'tcp:h:1', authToken: '' })).toThrow(/^((?!received).)*$/s);
  });

  it('builds auth from a token, basic credentials, or both', () => {
    expect(resolveConfig({ vnc: 'tcp:h:1', authToken: 's3cret' }).auth).toEqual({
      token: 's3cret',
      basic: undefined,
    });
    expect(resolveConfig({ vnc: 'tcp:h:1', authUser: 'u', authPassword: 'p' }).auth).toEqual({
      token: undefined,
      basic: { user: 'u', password: 'p' },
    });
  });

  it.each(["'self'", "'none'", '*', 'https://portal.example https://lab.example:8443'])(
    'accepts the frame ancestors %s',
    (frameAncestors) => {
      expect(resolveConfig({ vnc: 'tcp:h:1', frameAncestors }).frameAncestors).toBe(frameAncestors);
    },
  );

  it.each(["'self'; script-src *", 'portal.example', 'https://portal.example/path', ''])(
    'refuses the frame ancestors %j (no way to add a directive)',
    (frameAncestors) => {
      expect(() => resolveConfig({ vnc: 'tcp:h:1', frameAncestors })).toThrow(
        'frameAncestors (HELIOS_FRAME_ANCESTORS / --frame-ancestors): expected',
      );
    },
  );

  it('rejects an allowed origin that is not an origin', () => {
    expect(() => resolveConfig({ vnc: 'tcp:h:1', allowedOrigins: 'example.com' })).toThrow(
      'expected an origin such as https://example.com or *',
    );
  });
});

describe('validateConfig', () => {
  it('returns errors and warnings together instead of throwing', () => {
    const report = validateConfig({
      vnc: 'tcp:h:1',
      port: 'x',
      httpsPort: 'off',
      httpsCert: '/c.pem',
      httpsKey: '/k.pem',
    });
    expect(report.config).toBeUndefined();
    expect(report.errors).toEqual([
      'port (HTTP_PORT / --port): expected an integer from 0 to 65535, received "x"',
    ]);
    expect(report.warnings).toEqual([
      'httpsCert (HTTPS_CERT / --https-cert): has no effect with HTTPS_PORT=off',
      'httpsKey (HTTPS_KEY / --https-key): has no effect with HTTPS_PORT=off',
    ]);
  });

  it('warns that a certificate folder has no effect when HTTP_PORT 0 leaves HTTPS without a port', () => {
    expect(validateConfig({ vnc: 'tcp:h:1', port: 0, tlsDir: '/tls' }).warnings).toEqual([
      'tlsDir (HELIOS_TLS_DIR / --tls-dir): has no effect without HTTPS_PORT (HTTP_PORT 0 has no default HTTPS port next to it)',
    ]);
  });

  it('warns that HELIOS_TLS_DIR is unused when a certificate is mounted', () => {
    const report = validateConfig({
      vnc: 'tcp:h:1',
      httpsPort: 3001,
      httpsCert: '/c.pem',
      httpsKey: '/k.pem',
      tlsDir: '/tls',
    });
    expect(report.errors).toEqual([]);
    expect(report.config?.https?.cert).toBe('/c.pem');
    expect(report.warnings).toEqual([
      'tlsDir (HELIOS_TLS_DIR / --tls-dir): unused, the mounted HTTPS_CERT and HTTPS_KEY win',
    ]);
  });
});
