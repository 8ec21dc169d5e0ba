import { GATEWAY_OPTIONS } from '@helios/kclient';
import { ReadmeTables } from '@helios/test-kit/readme-tables';
import { describe, expect, it } from 'vitest';

/** Gateway options the image sets itself from its own layout (helios-init passes them). */
const SET_BY_THE_IMAGE = ['HELIOS_VNC', 'HELIOS_STATE_FILE', 'HELIOS_ACTIVITY_FILE', 'HELIOS_CLIENT_DIR'];

describe('the image README', () => {
  it('lists every gateway option a user sets on the image', () => {
    const usage = new ReadmeTables(new URL('../../../README.md', import.meta.url)).section('Using the image');
    const listed = new Set([...usage.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((match) => match[1]));
    const options = Object.values(GATEWAY_OPTIONS)
      .map((option) => option.env)
      .filter((env) => !SET_BY_THE_IMAGE.includes(env));
    expect(options.filter((env) => !listed.has(env))).toEqual([]);
  });
});
