import { describe, expect, it } from 'vitest';
import { builtinServices } from './builtin-services.ts';
import { parseRuntimeEnv } from './runtime-env.ts';
import { makeServiceContext } from './service-context.ts';

describe('builtin kclient service', () => {
  it("hands the gateway the operator's options, with the layout's own values winning", () => {
    const withOptions = makeServiceContext(
      { name: 'alice', uid: 1000, gid: 1000, password: undefined },
      parseRuntimeEnv({}),
      { home: '/home/alice', shell: '/bin/bash', groupIds: [1000] },
      { HELIOS_AUTH_TOKEN_FILE: '/run/user/1000/secrets/helios_auth_token', HELIOS_VNC: 'tcp:elsewhere:1' },
    );
    const kclient = builtinServices(withOptions).find((service) => service.name === 'kclient');
    expect(kclient?.env).toMatchObject({
      HELIOS_AUTH_TOKEN_FILE: '/run/user/1000/secrets/helios_auth_token',
      HELIOS_VNC: 'unix:/run/user/1000/vnc.sock',
    });
    for (const other of builtinServices(withOptions).filter((service) => service.name !== 'kclient')) {
      expect(Object.keys(other.env).filter((name) => name.startsWith('HELIOS_'))).toEqual([]);
    }
  });
});

describe('builtin xvnc service', () => {
  it('sends at most HELIOS_FRAME_RATE updates a second, 240 unless set', () => {
    const account = { home: '/home/alice', shell: '/bin/bash', groupIds: [1000] };
    const user = { name: 'alice', uid: 1000, gid: 1000, password: undefined };
    const frameRateOf = (env: Record<string, string>) => {
      const command = builtinServices(makeServiceContext(user, parseRuntimeEnv(env), account)).find(
        (service) => service.name === 'xvnc',
      )?.command;
      return command?.[(command?.indexOf('-FrameRate') ?? -2) + 1];
    };
    expect(frameRateOf({})).toBe('240');
    expect(frameRateOf({ HELIOS_FRAME_RATE: '60' })).toBe('60');
  });
});
