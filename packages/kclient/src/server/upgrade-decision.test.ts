import { describe, expect, it } from 'vitest';
import type { RawOptionValues } from './config/gateway-config.ts';
import { resolveConfig } from './config/gateway-config.ts';
import { decideUpgrade } from './upgrade-decision.ts';

const config = (options: RawOptionValues = {}) =>
  resolveConfig({ vnc: 'tcp:h:1', prefix: '/desk/', ...options });
const request = (url: string, headers: Record<string, string> = {}, openConnections = 0) => ({
  url,
  headers: { host: 'example.test', origin: 'http://example.test', ...headers },
  openConnections,
});

describe('decideUpgrade', () => {
  it('opens the VNC bridge and the video on their routes, view-only under view-only/', () => {
    const gateway = config();
    expect(decideUpgrade(gateway, request('/desk/websockify'))).toEqual({
      accept: true,
      viewOnly: false,
      route: 'vnc',
    });
    expect(decideUpgrade(gateway, request('/desk/view-only/websockify?video=1'))).toEqual({
      accept: true,
      viewOnly: true,
      route: 'vnc',
    });
    expect(decideUpgrade(gateway, request('/desk/video'))).toEqual({
      accept: true,
      viewOnly: false,
      route: 'video',
    });
    expect(decideUpgrade(gateway, request('/desk/view-only/video'))).toEqual({
      accept: true,
      viewOnly: true,
      route: 'video',
    });
    expect(decideUpgrade(config({ viewOnly: true }), request('/desk/video'))).toMatchObject({
      viewOnly: true,
    });
  });

  it('answers 404 for other paths, and for the video routes when video is off', () => {
    expect(decideUpgrade(config(), request('/video'))).toMatchObject({ accept: false, status: 404 });
    expect(decideUpgrade(config({ video: 'off' }), request('/desk/video'))).toMatchObject({
      accept: false,
      status: 404,
      reason: 'not_found',
    });
    expect(decideUpgrade(config({ video: 'off' }), request('/desk/websockify'))).toMatchObject({
      accept: true,
    });
  });

  it('checks the video routes like the bridge: Origin, auth, then the connection limit', () => {
    expect(decideUpgrade(config(), request('/desk/video', { origin: 'https://evil.example' }))).toMatchObject(
      {
        status: 403,
        reason: 'origin',
      },
    );
    const withToken = config({ authToken: 'secret' });
    expect(decideUpgrade(withToken, request('/desk/video'))).toMatchObject({ status: 401, reason: 'auth' });
    expect(decideUpgrade(withToken, request('/desk/view-only/video?token=secret'))).toMatchObject({
      accept: true,
      route: 'video',
    });
    expect(decideUpgrade(config({ maxConnections: 2 }), request('/desk/video', {}, 2))).toMatchObject({
      status: 503,
      reason: 'limit',
    });
  });
});
