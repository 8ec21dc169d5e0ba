import { describe, expect, it } from 'vitest';
import { LinePrefixer, MAX_LINE } from './line-prefixer.ts';

const CUT = `[cut: line longer than ${MAX_LINE} characters]`;

describe('LinePrefixer', () => {
  it('prefixes complete lines and keeps the partial one for later', () => {
    const prefixer = new LinePrefixer('xvnc');
    expect(prefixer.push('one\ntw')).toBe('[xvnc] one\n');
    expect(prefixer.push('o\r\nthree')).toBe('[xvnc] two\n');
    expect(prefixer.flush()).toBe('[xvnc] three\n');
    expect(prefixer.flush()).toBe('');
  });

  it('cuts a line that grows past the limit and says how much was dropped once it ends', () => {
    const prefixer = new LinePrefixer('x');
    expect(prefixer.push('a'.repeat(MAX_LINE + 1))).toBe(`[x] ${'a'.repeat(MAX_LINE)} ${CUT}\n`);
    expect(prefixer.push('b'.repeat(100_000))).toBe('');
    expect(prefixer.push('c\nnext\npart')).toBe(
      '[x] [100002 more characters of that line dropped]\n[x] next\n',
    );
    expect(prefixer.flush()).toBe('[x] part\n');
  });

  it('cuts an overlong line that arrives complete in one chunk', () => {
    const prefixer = new LinePrefixer('x');
    expect(prefixer.push(`${'a'.repeat(MAX_LINE + 5)}\nok\n`)).toBe(
      `[x] ${'a'.repeat(MAX_LINE)} ${CUT}\n[x] [5 more characters of that line dropped]\n[x] ok\n`,
    );
  });

  it('reports the dropped rest of a cut line when the stream ends without a newline', () => {
    const prefixer = new LinePrefixer('x');
    prefixer.push('a'.repeat(MAX_LINE + 10));
    prefixer.push('b'.repeat(20));
    expect(prefixer.flush()).toBe('[x] [30 more characters of that line dropped]\n');
    expect(prefixer.flush()).toBe('');
  });

  it('does not split a surrogate pair at the cut', () => {
    const prefixer = new LinePrefixer('x');
    const out = prefixer.push(`${'a'.repeat(MAX_LINE - 1)}😀${'b'.repeat(10)}`);
    expect(out).toBe(`[x] ${'a'.repeat(MAX_LINE - 1)} ${CUT}\n`);
    expect(prefixer.flush()).toBe('[x] [12 more characters of that line dropped]\n');
  });
});
