import { describe, expect, it } from 'vitest';
import { LinePrefixer, MAX_LINE } from './line-prefixer.ts';

describe('LinePrefixer', () => {
  it('prefixes complete lines and keeps the partial one for later', () => {
    const prefixer = new LinePrefixer('xvnc');
    expect(prefixer.push('one\ntw')).toBe('[xvnc] one\n');
    expect(prefixer.push('o\r\nthree')).toBe('[xvnc] two\n');
    expect(prefixer.flush()).toBe('[xvnc] three\n');
    expect(prefixer.flush()).toBe('');
  });

  it('cuts a line that grows past the limit', () => {
    const prefixer = new LinePrefixer('x');
    const out = prefixer.push('a'.repeat(MAX_LINE + 1));
    expect(out).toBe(`[x] ${'a'.repeat(MAX_LINE + 1)}\n`);
    expect(prefixer.flush()).toBe('');
  });
});
