import { describe, expect, it } from 'vitest';
import { formatLocation, LineIndex } from './source-location.ts';

describe('LineIndex', () => {
  const index = new LineIndex('m.yaml', 'ab\ncd\n\nef');

  it.each([
    [0, 1, 1],
    [1, 1, 2],
    [2, 1, 3],
    [3, 2, 1],
    [6, 3, 1],
    [7, 4, 1],
    [8, 4, 2],
  ])('puts offset %i at line %i, column %i', (offset, line, column) => {
    expect(index.locate(offset)).toEqual({ file: 'm.yaml', line, column });
  });

  it('formats a location as file:line:column', () => {
    expect(formatLocation(index.locate(4))).toBe('m.yaml:2:2');
  });
});
