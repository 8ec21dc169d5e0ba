// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} placeholders are what these tests are about.
import { describe, expect, it } from 'vitest';
import { parseConfig } from './config-file.ts';
import { ConfigError, ConfigUnreadableError } from './errors.ts';

describe('parseConfig', () => {
  it('accepts overrides, new services and nested readiness checks', () => {
    const config = parseConfig(
      JSON.stringify({
        restart: { maxFailures: 3 },
        services: {
          xvnc: { command: ['Xvnc', '${DISPLAY}'], stopTimeoutMs: 500 },
          web: {
            command: ['node', 'web.js'],
            readiness: {
              kind: 'all',
              checks: [
                { kind: 'tcp', port: '${HTTP_PORT}' },
                { kind: 'command', command: ['true'] },
              ],
            },
          },
        },
      }),
      '/etc/helios/init.json',
    );
    expect(config.restart).toEqual({ maxFailures: 3 });
    expect(config.services.web?.readiness).toEqual({
      kind: 'all',
      checks: [
        { kind: 'tcp', host: '127.0.0.1', port: '${HTTP_PORT}' },
        { kind: 'command', command: ['true'] },
      ],
    });
  });

  it('defaults to no overrides', () => {
    expect(parseConfig('{}', '/c.json')).toEqual({ restart: {}, services: {} });
  });

  it('names the path, the expectation and what it received', () => {
    try {
      parseConfig(
        JSON.stringify({ services: { xvnc: { stopTimeoutMs: 'soon', runAs: 'admin' } } }),
        '/c.json',
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const { issues, message, code } = error as ConfigError;
      expect(code).toBe('HELIOS_INIT_CONFIG_INVALID');
      expect(message).toMatch(/^invalid config file \/c\.json:\n {2}- /);
      expect(issues).toEqual([
        'services.xvnc.runAs: Invalid option: expected one of "user"|"root" (received "admin")',
        'services.xvnc.stopTimeoutMs: Invalid input: expected number, received string (received "soon")',
      ]);
    }
  });

  it('refuses unknown keys, which are usually typos', () => {
    expect(() => parseConfig(JSON.stringify({ services: { xvnc: { comand: ['x'] } } }), '/c.json')).toThrow(
      ConfigError,
    );
  });

  it('reports text that is not JSON as unreadable, with the cause', () => {
    try {
      parseConfig('{ nope', '/c.json');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigUnreadableError);
      expect((error as Error).message).toMatch(
        /^cannot read config file \/c\.json \(expected a readable JSON file\): /,
      );
      expect((error as Error).cause).toBeInstanceOf(SyntaxError);
    }
  });
});
