// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} placeholders are what these tests are about.
import { describe, expect, it } from 'vitest';
import { builtinServices } from './builtin-services.ts';
import { EMPTY_CONFIG, parseConfig } from './config-file.ts';
import { ConfigError, ServiceGraphError } from './errors.ts';
import { parseRuntimeEnv } from './runtime-env.ts';
import { makeServiceContext, templateValues } from './service-context.ts';
import { planServices } from './service-plan.ts';
import { DEFAULT_RESTART, type ServiceSpec } from './service-spec.ts';

const ctx = makeServiceContext(
  { name: 'alice', uid: 1000, gid: 1000, password: undefined },
  parseRuntimeEnv({ HTTP_PORT: '3000' }),
  { home: '/home/alice', shell: '/bin/bash', groupIds: [1000, 29] },
);
const plan = (json: unknown, extra: ServiceSpec[] = []) =>
  planServices({
    builtins: builtinServices(ctx),
    config: json === undefined ? EMPTY_CONFIG : parseConfig(JSON.stringify(json), '/c.json'),
    extra,
    values: templateValues(ctx),
    configFile: '/c.json',
  });

describe('planServices', () => {
  it('keeps the built-in boot order: pulseaudio, xvnc, desktop, kclient', () => {
    const specs = plan(undefined);
    expect(specs.map((s) => s.name)).toEqual(['pulseaudio', 'xvnc', 'desktop', 'kclient']);
    expect(specs.find((s) => s.name === 'kclient')?.env).toEqual({
      HELIOS_VNC: 'unix:/run/user/1000/vnc.sock',
      HELIOS_STATE_FILE: '/run/helios/state.json',
      HELIOS_ACTIVITY_FILE: '/run/user/1000/activity',
      HTTP_PORT: '3000',
      PREFIX: '/',
      TITLE: 'Helios',
    });
  });

  it('marks xvnc and kclient critical and pulseaudio neither critical nor gating', () => {
    const byName = Object.fromEntries(plan(undefined).map((s) => [s.name, s]));
    expect(byName.xvnc?.critical && byName.kclient?.critical).toBe(true);
    expect(byName.pulseaudio?.critical || byName.pulseaudio?.gatesReady).toBe(false);
  });

  it('expands ${VAR} in overrides and merges them over the built-in', () => {
    const specs = plan({
      services: {
        xvnc: {
          command: ['Xvnc', '${DISPLAY}', '-rfbunixpath', '${XDG_RUNTIME_DIR}/vnc.sock'],
          stopTimeoutMs: 10,
        },
      },
    });
    const xvnc = specs.find((s) => s.name === 'xvnc');
    expect(xvnc?.command).toEqual(['Xvnc', ':1', '-rfbunixpath', '/run/user/1000/vnc.sock']);
    expect(xvnc?.stopTimeoutMs).toBe(10);
    expect(xvnc?.critical).toBe(true);
  });

  it('drops disabled built-ins and adds new services with defaults', () => {
    const specs = plan({
      services: { pulseaudio: { enabled: false }, web: { command: ['web', '--port', '${HTTP_PORT}'] } },
    });
    expect(specs.map((s) => s.name)).toEqual(['xvnc', 'desktop', 'kclient', 'web']);
    expect(specs.at(-1)).toMatchObject({
      command: ['web', '--port', '3000'],
      runAs: 'user',
      critical: false,
      readiness: { kind: 'none' },
      restart: DEFAULT_RESTART,
    });
  });

  it('refuses a new service without a command', () => {
    expect(() => plan({ services: { web: { critical: true } } })).toThrow(ConfigError);
  });

  it('refuses a tcp port that is not a port after expansion', () => {
    expect(() =>
      plan({ services: { web: { command: ['w'], readiness: { kind: 'tcp', port: '${NOPE}' } } } }),
    ).toThrow(
      'services.web.readiness.port: not a TCP port after expansion (expected 1-65535, received "${NOPE}")',
    );
  });

  it('refuses a dependency on a disabled service', () => {
    expect(() => plan({ services: { xvnc: { enabled: false } } })).toThrow(ServiceGraphError);
  });

  it('lets services.d follow xvnc only when there is one', () => {
    const custom: ServiceSpec = {
      ...builtinServices(ctx)[0],
      name: 'services.d/x',
      dependsOn: ['xvnc'],
    } as ServiceSpec;
    expect(plan(undefined, [custom]).at(-1)?.dependsOn).toEqual(['xvnc']);
    const withoutX = plan(
      { services: { xvnc: { enabled: false }, desktop: { enabled: false }, kclient: { enabled: false } } },
      [custom],
    );
    expect(withoutX.at(-1)?.dependsOn).toEqual([]);
  });
});
