import { describe, expect, it } from 'vitest';
import { describeFailure, parseServerError } from './transfer-failure.ts';

const serverBody = (code: string, message: string) => JSON.stringify({ code, message });

describe('describeFailure', () => {
  it("shows the gateway's own message and code: policy, size and disk refusals say how to fix them", () => {
    const tooLarge = 'upload of 2 MiB passes FILE_TRANSFER_MAX_MB=1 (1 MiB): ask the operator to raise it';
    expect(
      describeFailure({
        kind: 'http',
        status: 413,
        body: serverBody('HELIOS_KCLIENT_FILES_TOO_LARGE', tooLarge),
      }),
    ).toEqual({ code: 'HELIOS_KCLIENT_FILES_TOO_LARGE', text: tooLarge });
    expect(
      describeFailure({
        kind: 'http',
        status: 507,
        body: serverBody('HELIOS_KCLIENT_FILES_DISK_FULL', 'no space left in /home/ada'),
      }),
    ).toEqual({ code: 'HELIOS_KCLIENT_FILES_DISK_FULL', text: 'no space left in /home/ada' });
  });

  it('says what a status means when a proxy or an older gateway answered instead', () => {
    expect(
      describeFailure({ kind: 'http', status: 413, body: '<html>Request Entity Too Large</html>' }),
    ).toEqual({
      code: 'HTTP_413',
      text: 'The file is larger than the gateway (or a proxy in front of it) accepts (HTTP 413)',
    });
    expect(describeFailure({ kind: 'http', status: 404, body: 'not found\n' }).text).toBe(
      'Nothing is there (it may have been moved or deleted) (HTTP 404)',
    );
    expect(describeFailure({ kind: 'http', status: 502, body: '' })).toEqual({
      code: 'HTTP_502',
      text: 'The gateway failed (HTTP 502)',
    });
    expect(describeFailure({ kind: 'http', status: 418, body: '' }).text).toBe(
      'The gateway refused (HTTP 418)',
    );
  });

  it('tells a broken connection and a cancel apart', () => {
    expect(describeFailure({ kind: 'network' }).code).toBe('NETWORK');
    expect(describeFailure({ kind: 'cancelled' })).toEqual({ code: 'CANCELLED', text: 'Cancelled' });
  });
});

describe('parseServerError', () => {
  it('reads the gateway body and nothing else', () => {
    expect(parseServerError(serverBody('HELIOS_KCLIENT_FILES_OFF', 'off'))).toEqual({
      code: 'HELIOS_KCLIENT_FILES_OFF',
      message: 'off',
    });
    for (const body of [
      '',
      'null',
      '[]',
      '{"code":1,"message":"x"}',
      '{"error":"Not Found"}',
      '{"code":"X","message":"y"}',
    ]) {
      expect(parseServerError(body)).toBeUndefined();
    }
  });

  it('cuts a runaway message short', () => {
    expect(parseServerError(serverBody('HELIOS_KCLIENT_FILES_OFF', 'x'.repeat(5000)))?.message).toHaveLength(
      1000,
    );
  });
});
