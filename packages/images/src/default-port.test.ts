import { parseRuntimeEnv } from '@helios/init';
import { DEFAULT_PORT } from '@helios/kclient';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HTTP_PORT } from './deploy-options.ts';

describe('DEFAULT_HTTP_PORT', () => {
  it('is the port the gateway and helios-init use when HTTP_PORT is unset (the image contract)', () => {
    // init and kclient cannot import each other or this package; this test holds the three together.
    expect(DEFAULT_PORT).toBe(DEFAULT_HTTP_PORT);
    expect(parseRuntimeEnv({}).httpPort).toBe(DEFAULT_HTTP_PORT);
  });
});
