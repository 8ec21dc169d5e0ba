import { describe, expect, it } from 'vitest';
import { formatLocation } from './source-location.ts';

describe('formatLocation', () => {
  it('formats a location as file:line:column', () => {
    expect(formatLocation({ file: 'm.yaml', line: 2, column: 2 })).toBe('m.yaml:2:2');
  });
});
