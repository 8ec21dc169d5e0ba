import { describe, expect, it } from 'vitest';
import { isGatewaySecret, planGatewayEnv, withoutGatewaySecrets } from './gateway-env.ts';
import { INIT_VARIABLES } from './runtime-env.ts';

describe('planGatewayEnv', () => {
  it('forwards every HELIOS_ gateway option and nothing else', () => {
    const plan = planGatewayEnv(
      {
        HELIOS_ALLOWED_ORIGINS: 'https://portal.example',
        HELIOS_VIEW_ONLY: 'true',
        HELIOS_AUDIO_BITRATE: '64000',
        HELIOS_AUTH_USER: 'ada',
        HTTP_PORT: '3000',
        PATH: '/usr/bin',
        PASSWORD: 'linux-password',
      },
      INIT_VARIABLES,
    );
    expect(plan.forwarded).toEqual({
      HELIOS_ALLOWED_ORIGINS: 'https://portal.example',
      HELIOS_AUDIO_BITRATE: '64000',
      HELIOS_AUTH_USER: 'ada',
      HELIOS_VIEW_ONLY: 'true',
    });
    expect(plan.secrets).toEqual([]);
  });

  it("keeps init's own variables and the layout it sets for kclient out of the gateway's options", () => {
    const plan = planGatewayEnv(
      {
        HELIOS_STRICT_HOOKS: '1',
        HELIOS_DISPLAY: ':3',
        HELIOS_VNC: 'tcp:10.0.0.1:5900',
        HELIOS_STATE_FILE: '/elsewhere.json',
        HELIOS_LOG_LEVEL: 'debug',
      },
      INIT_VARIABLES,
    );
    expect(plan.forwarded).toEqual({ HELIOS_LOG_LEVEL: 'debug' });
  });

  it('turns secret values and secret files into secrets, never into forwarded variables', () => {
    const plan = planGatewayEnv(
      {
        HELIOS_AUTH_TOKEN: 's3cret',
        HELIOS_AUTH_PASSWORD_FILE: '/run/secrets/password',
        HELIOS_AUTH_USER: 'ada',
      },
      INIT_VARIABLES,
    );
    expect(plan.forwarded).toEqual({ HELIOS_AUTH_USER: 'ada' });
    expect(plan.secrets).toEqual([
      { name: 'HELIOS_AUTH_PASSWORD', source: { kind: 'file', path: '/run/secrets/password' } },
      { name: 'HELIOS_AUTH_TOKEN', source: { kind: 'value', value: 's3cret' } },
    ]);
  });

  it('lets the direct secret win over its _FILE, as kclient does', () => {
    const plan = planGatewayEnv(
      { HELIOS_AUTH_TOKEN: 'direct', HELIOS_AUTH_TOKEN_FILE: '/run/secrets/token' },
      INIT_VARIABLES,
    );
    expect(plan.secrets).toEqual([{ name: 'HELIOS_AUTH_TOKEN', source: { kind: 'value', value: 'direct' } }]);
  });

  it('treats empty values as unset', () => {
    const plan = planGatewayEnv({ HELIOS_AUTH_TOKEN: '', HELIOS_VIEW_ONLY: '' }, INIT_VARIABLES);
    expect(plan).toEqual({ forwarded: {}, secrets: [] });
  });
});

describe('isGatewaySecret', () => {
  it.each([
    ['HELIOS_AUTH_TOKEN', true],
    ['HELIOS_AUTH_PASSWORD', true],
    ['HELIOS_TURN_PASSWORD', true],
    ['HELIOS_AUTH_TOKEN_FILE', false],
    ['HELIOS_AUTH_USER', false],
    ['PASSWORD', false],
  ])('%s is a secret: %s', (name, secret) => {
    expect(isGatewaySecret(name)).toBe(secret);
  });
});

describe('withoutGatewaySecrets', () => {
  it('drops secret values for hooks but keeps the file paths and everything else', () => {
    expect(
      withoutGatewaySecrets({
        HELIOS_AUTH_TOKEN: 's3cret',
        HELIOS_AUTH_PASSWORD_FILE: '/run/secrets/password',
        USER: 'ada',
      }),
    ).toEqual({ HELIOS_AUTH_PASSWORD_FILE: '/run/secrets/password', USER: 'ada' });
  });
});
